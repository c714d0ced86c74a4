import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addCommits, git, gitdir, objectId, revParse, tmpDir } from '../../test/helpers/gitdir.ts';
import { AgoraError } from '../errors.ts';
import { readHead } from './head.ts';
import { credentialEnv, ensureMirror, mirrorName, missingObjects, prefetchBlobs } from './mirror.ts';
import { CatFileReader } from './parse/cat-file.ts';

describe('ensureMirror', () => {
  it('clones blobless, fetches changes, rewrites the commit-graph, prefetches blobs in one batch', async () => {
    const origin = await gitdir({ 'README.md': '# hello\n', 'src/a.ts': 'export {};\n' });
    const data = await tmpDir('data');
    const url = `file://${origin}`;

    const first = await ensureMirror(url, data);
    expect(first).toMatchObject({ fetched: true, changed: true });
    expect(first.gitDir.startsWith(join(data, 'mirrors'))).toBe(true);
    expect((await readHead(first.gitDir)).sha).toBe(await revParse(origin));
    expect((await readdir(join(data, 'mirrors'))).length).toBe(1);
    // Blobless: the blobs are not there.
    const readme = await objectId(origin, 'HEAD:README.md');
    const missing = await missingObjects(first.gitDir, 'HEAD');
    expect(missing.has(readme)).toBe(true);
    expect(missing.size).toBe(2);
    await stat(join(first.gitDir, 'objects', 'info', 'commit-graphs'));

    const again = await ensureMirror(url, data);
    expect(again).toEqual({ gitDir: first.gitDir, fetched: true, changed: false });

    const newHead = await addCommits(origin, [{ files: { 'b.txt': 'b\n' } }]);
    const moved = await ensureMirror(url, data);
    expect(moved.changed).toBe(true);
    expect((await readHead(moved.gitDir)).sha).toBe(newHead);

    expect(await prefetchBlobs(moved.gitDir, [readme, readme])).toBe(1);
    expect((await missingObjects(moved.gitDir, 'HEAD')).has(readme)).toBe(false);
    const reader = new CatFileReader(moved.gitDir);
    try {
      expect((await reader.read(readme, 100)).content.toString()).toBe('# hello\n');
    } finally {
      await reader.close();
    }
  });

  it('follows a renamed default branch, or the one the forge names', async () => {
    const origin = await gitdir({ 'a.txt': 'A' });
    const data = await tmpDir('data');
    const url = `file://${origin}`;
    const { gitDir } = await ensureMirror(url, data);
    await git(origin, ['branch', '-m', 'main', 'trunk']);
    await git(origin, ['branch', 'release']);
    await ensureMirror(url, data);
    expect(await readHead(gitDir)).toMatchObject({ branch: 'trunk', sha: await revParse(origin) });
    await ensureMirror(url, data, { branch: 'release' });
    expect((await readHead(gitDir)).branch).toBe('release');
    await ensureMirror(url, data, { branch: 'no-such-branch' });
    expect((await readHead(gitDir)).branch).toBe('release');
  });

  it('fails with MIRROR_FETCH_FAILED and leaves no partial mirror', async () => {
    const data = await tmpDir('data');
    const err = await ensureMirror('file:///nonexistent/agora/repo.git', data).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgoraError);
    expect((err as AgoraError).code).toBe('MIRROR_FETCH_FAILED');
    expect(await readdir(join(data, 'mirrors'))).toEqual([]);
  });
});

describe('mirror names and credentials', () => {
  it('never shows credentials in errors', async () => {
    const data = await tmpDir('data');
    // Port 9 (discard) on localhost: refused at once, no network needed.
    const err = await ensureMirror('https://user:s3cr3t-tok@127.0.0.1:9/org/x.git', data, {
      timeoutMs: 20_000,
    }).catch((e: unknown) => e);
    expect((err as AgoraError).code).toBe('MIRROR_FETCH_FAILED');
    expect((err as AgoraError).message).toContain('127.0.0.1');
    expect((err as AgoraError).message).not.toContain('s3cr3t');
    expect(JSON.stringify((err as AgoraError).details)).not.toContain('s3cr3t');
  });

  it('names a mirror by the URL without credentials', () => {
    const a = mirrorName('https://user:tok1@git.example.com/org/payments-api.git');
    expect(a).toBe(mirrorName('https://git.example.com/org/payments-api.git'));
    expect(a).toMatch(/^org-payments-api-[0-9a-f]{12}\.git$/);
    expect(a).not.toBe(mirrorName('https://git.example.com/other/payments-api.git'));
    expect(mirrorName('git@host:../../etc.git')).not.toContain('/');
  });

  it('names URLs that differ only by query or fragment apart, and ignores credential parameters', () => {
    const base = 'https://git.example.com/org/r.git';
    expect(mirrorName(`${base}?ref=a`)).not.toBe(mirrorName(`${base}?ref=b`));
    expect(mirrorName(`${base}#a`)).not.toBe(mirrorName(base));
    expect(mirrorName(`${base}?private_token=one`)).toBe(mirrorName(`${base}?private_token=two`));
    expect(mirrorName(`${base}?private_token=one`)).toBe(mirrorName(base));
  });

  it('passes userinfo to a credential helper through the environment, never argv or config', () => {
    const env = credentialEnv('https://x-access-token:t%40k@git.example.com/org/r.git');
    expect(env).toMatchObject({
      GIT_CONFIG_COUNT: '2',
      GIT_CONFIG_KEY_0: 'credential.helper',
      GIT_CONFIG_VALUE_0: '',
      GIT_CONFIG_KEY_1: 'credential.https://git.example.com.helper',
      AGORA_GIT_USERNAME: 'x-access-token',
      AGORA_GIT_PASSWORD: 't@k',
    });
    expect(env.GIT_CONFIG_VALUE_1).not.toContain('t@k');
    expect(credentialEnv('https://git.example.com/org/r.git')).toEqual({});
  });

  it('hands credential query parameters to git as a rewrite of the clean URL', () => {
    const env = credentialEnv('https://git.example.com/org/r.git?private_token=tok&ref=x');
    expect(env).toEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'url.https://git.example.com/org/r.git?private_token=tok&ref=x.insteadOf',
      GIT_CONFIG_VALUE_0: 'https://git.example.com/org/r.git?ref=x',
    });
  });
});
