import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { tmpDir } from '../../test/helpers/gitdir.ts';
import { mirrorName } from './mirror.ts';
import { relocateMirror } from './mirror-relocate.ts';

const OLD = 'https://forge.example/acme/old.git';
const NEW = 'https://forge.example/acme/new.git';

/** A folder that looks like a mirror (relocation reads nothing but its HEAD file). */
async function fakeMirror(dir: string, content = 'ref: refs/heads/main\n') {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'HEAD'), content);
}

let data: string;
let mirrors: string;
beforeAll(async () => {
  data = await tmpDir('agora-relocate-');
  mirrors = join(data, 'mirrors');
});

it("moves a renamed repo's mirror to its new URL's folder", async () => {
  await fakeMirror(join(mirrors, mirrorName(OLD)), 'old\n');
  expect(await relocateMirror(OLD, NEW, data)).toBe('moved');
  expect(await readdir(mirrors)).toEqual([mirrorName(NEW)]);
  expect(await readFile(join(mirrors, mirrorName(NEW), 'HEAD'), 'utf8')).toBe('old\n');
});

it('removes the old mirror when the new URL has one already, keeping that one', async () => {
  await fakeMirror(join(mirrors, mirrorName(OLD)), 'old\n');
  expect(await relocateMirror(OLD, NEW, data)).toBe('removed');
  expect(await readdir(mirrors)).toEqual([mirrorName(NEW)]);
  expect(await readFile(join(mirrors, mirrorName(NEW), 'HEAD'), 'utf8')).toBe('old\n');
});

it('does nothing without an old mirror, or for the same folder', async () => {
  expect(await relocateMirror('https://forge.example/acme/never.git', NEW, data)).toBe('none');
  expect(await relocateMirror(NEW, NEW, data)).toBe('none');
  expect(await readdir(mirrors)).toEqual([mirrorName(NEW)]);
});

it('never follows a symlink named like a mirror out of the mirror root', async () => {
  const outside = await tmpDir('agora-relocate-outside-');
  await fakeMirror(join(outside, 'precious.git'), 'precious\n');
  const from = 'https://forge.example/acme/linked.git';
  await symlink(join(outside, 'precious.git'), join(mirrors, mirrorName(from)));
  // The new URL has a mirror, so a followed link would be deleted: it must be left alone.
  expect(await relocateMirror(from, NEW, data)).toBe('none');
  expect(await readFile(join(outside, 'precious.git', 'HEAD'), 'utf8')).toBe('precious\n');
  expect((await readdir(mirrors)).sort()).toEqual([mirrorName(from), mirrorName(NEW)].sort());
});
