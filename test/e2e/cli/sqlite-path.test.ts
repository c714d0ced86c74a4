// A SQLite path that cannot be created fails at once with the folder and the reason, instead of hanging
// (Node's recursive mkdir never returns under /proc/self) or blaming a migration.

import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { tmpDir } from '../../helpers/gitdir.ts';

describe('an unusable SQLite path', () => {
  it.each([
    ['sqlite:/proc/self/nonexistent/x.db', 'cannot create folder /proc/self/nonexistent (ENOENT)'],
    ['sqlite:/etc/hostname/x.db', '/etc/hostname is not a folder'],
  ])('%s fails fast with a clear message (15.13)', async (url, reason) => {
    const started = Date.now();
    const r = await runCli(['repos', '--database', url], {
      cwd: await tmpDir('agora-sqlite-path-'),
      timeoutMs: 20_000,
    });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot open SQLite database ${url.slice('sqlite:'.length)}: ${reason}`);
    expect(r.stderr).not.toContain('migration');
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
