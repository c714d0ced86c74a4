// The local source: finds work trees and bare repos at any depth up to the limit, and stays out of
// repositories' own trees, node_modules, hidden folders and symlinks.

import { execFileSync } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LocalSource } from '../../src/sources/local.ts';
import type { RepoRef, SourceProblem } from '../../src/sources/source.ts';
import { gitdir, tmpDir } from '../helpers/gitdir.ts';

async function list(source: LocalSource) {
  const refs: RepoRef[] = [];
  const problems: SourceProblem[] = [];
  for await (const r of source.list({ onProblem: (p) => problems.push(p) })) refs.push(r);
  return { ids: refs.map((r) => r.id), refs, problems };
}

it('finds work trees and bare repos, up to the depth limit, and nowhere it must not look', async () => {
  const root = await tmpDir('agora-local-');
  await gitdir({ 'a.txt': 'a' }, { dir: join(root, 'alpha') });
  await gitdir({ 'a.txt': 'a' }, { dir: join(root, 'group', 'beta.git'), bare: true });
  await gitdir({ 'a.txt': 'a' }, { dir: join(root, 'group', 'sub', 'deep', 'gamma') });
  await gitdir({ 'a.txt': 'a' }, { dir: join(root, 'alpha', 'vendor-checkout') }); // inside a repo's tree
  await gitdir({ 'a.txt': 'a' }, { dir: join(root, 'node_modules', 'dep') });
  await gitdir({ 'a.txt': 'a' }, { dir: join(root, '.cache', 'hidden') });
  await mkdir(join(root, 'links'));
  await symlink(join(root, 'alpha'), join(root, 'links', 'alpha-link'));

  const all = await list(new LocalSource({ name: 'org', path: root, maxDepth: 4 }));
  expect(all.ids).toEqual(['org:alpha', 'org:group/beta', 'org:group/sub/deep/gamma']);
  // The link is not followed, and says so (a folder of links to repos would otherwise crawl nothing silently).
  expect(all.problems).toEqual([
    expect.objectContaining({ code: 'SYMLINK_NOT_FOLLOWED', path: join(root, 'links', 'alpha-link') }),
  ]);
  expect(all.refs[1]).toMatchObject({
    name: 'beta',
    location: { kind: 'local', path: join(root, 'group', 'beta.git') },
  });

  const shallow = await list(new LocalSource({ name: 'org', path: root, maxDepth: 2 }));
  expect(shallow.ids).toEqual(['org:alpha', 'org:group/beta']);

  const filtered = await list(
    new LocalSource({ name: 'org', path: root, maxDepth: 4, exclude: ['group/**'] }),
  );
  expect(filtered.ids).toEqual(['org:alpha']);
});

it('fails clearly on a missing folder', async () => {
  const root = await tmpDir('agora-local-');
  const source = new LocalSource({ name: 'x', path: join(root, 'nope'), maxDepth: 2 });
  await expect(async () => {
    for await (const _ of source.list({ onProblem: () => {} })) {
    }
  }).rejects.toThrow(/cannot read .*nope: ENOENT/);
});

it('lists the largest history first (by pack size), equal ones in path order', async () => {
  const root = await tmpDir('agora-local-');
  const files = (n: number) =>
    Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}.txt`, `${i} ${'x'.repeat(2_000 + i)}`]));
  await gitdir({ 'a.txt': 'a' }, { dir: join(root, 'a-small') });
  await gitdir(files(50), { dir: join(root, 'b-medium.git'), bare: true });
  await gitdir(files(400), { dir: join(root, 'c-large') });
  await gitdir({ 'a.txt': 'a' }, { dir: join(root, 'd-small') });
  // Packed as a clone or a gc would leave them; the two small ones keep loose objects (0 bytes of packs).
  for (const dir of [join(root, 'b-medium.git'), join(root, 'c-large')]) {
    execFileSync('git', ['-C', dir, 'repack', '-a', '-d', '-q']);
  }
  const all = await list(new LocalSource({ name: 'org', path: root, maxDepth: 2 }));
  expect(all.ids).toEqual(['org:c-large', 'org:b-medium', 'org:a-small', 'org:d-small']);
});
