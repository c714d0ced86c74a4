import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from './make-dirs.ts';

describe('makeDirs', () => {
  it('creates missing parents and accepts an existing folder', async () => {
    const base = await mkdtemp(join(tmpdir(), 'agora-mkdirs-'));
    makeDirs(join(base, 'a', 'b', 'c'));
    expect(existsSync(join(base, 'a', 'b', 'c'))).toBe(true);
    makeDirs(join(base, 'a'));
  });

  it('ends with the folder and the reason where recursive mkdir would loop', () => {
    expect(() => makeDirs('/proc/self/nonexistent/deeper')).toThrow(
      'cannot create folder /proc/self/nonexistent (ENOENT)',
    );
  });
});
