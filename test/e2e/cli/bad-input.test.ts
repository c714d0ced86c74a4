// Repositories are untrusted input. Each hostile or broken case must become a finding for that repository,
// the rest of the crawl must complete, and data stored by earlier crawls must stay intact.

import { chmod, mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { git, gitdir, makeRepo, removeObject, revParse, tmpDir } from '../../helpers/gitdir.ts';

const LONG_NAME = 'X'.repeat(5000);

describe('crawl of hostile and broken repositories', () => {
  let root: string;
  let org: string;
  let dataDir: string;
  let first: Awaited<ReturnType<typeof runCli>>;
  const cli = (args: string[]) => runCli(['--data-dir', dataDir, '--json', ...args], { cwd: root });
  const findingCodes = async (repo: string) =>
    ((await cli(['show', repo])).json.findings as { code: string }[]).map((f) => f.code).sort();

  beforeAll(async () => {
    root = await tmpDir('agora-bad-');
    org = join(root, 'org');
    dataDir = join(root, 'data');
    await mkdir(org, { recursive: true });
    await chmod(root, 0o755);

    await makeRepo({ dir: join(org, 'empty'), commits: [] });

    const missing = await gitdir(
      {
        'README.md': '# Missing blob\n',
        'CONTRIBUTING.md': '# Contributing\n',
        'src/a.go': 'package a\n',
        '.mailmap': 'Ada <ada@example.com> <old@example.com>\n',
      },
      { dir: join(org, 'missing-object') },
    );
    for (const path of ['CONTRIBUTING.md', '.mailmap'])
      await removeObject(missing, (await git(missing, ['rev-parse', `HEAD:${path}`])).toString().trim());

    await makeRepo({
      dir: join(org, 'odd-authors'),
      commits: [
        {
          author: { name: Buffer.from([0x4a, 0xf6, 0x72, 0x67]), email: 'jorg@example.com' },
          files: { 'a.txt': 'a' },
        },
        { author: { name: LONG_NAME, email: 'long@example.com' }, files: { 'b.txt': 'b' } },
        { author: { name: 'Zoë Ünïcode', email: 'ZOE@Example.com' }, files: { 'c.txt': 'c' } },
      ],
    });

    await writeFile(join(root, 'secret.txt'), 'TOP SECRET OUTSIDE THE REPO\n');
    await gitdir(
      { 'README.md': { symlink: '../../secret.txt' }, 'docs/CONTRIBUTING.md': { symlink: '/etc/passwd' } },
      { dir: join(org, 'symlinks') },
    );

    await gitdir(
      {
        'README.md': '# Malformed metadata\n',
        'innersource.json': '{ "title": "x", "skills": "not-a-list", ',
        'catalog-info.yaml': 'kind: Component\nspec: [unclosed\n',
        'package.json': '{"name": 42, "dependencies": ',
        CODEOWNERS: '* @good/team\n[unclosed-section\nfoo/ not-an-owner\n',
      },
      { dir: join(org, 'malformed') },
    );

    const huge = await gitdir({ 'src/main.rs': 'fn main() {}\n' }, { dir: join(org, 'huge-file') });
    const fh = await open(join(huge, 'README.md'), 'w');
    const chunk = Buffer.alloc(1 << 20, '# huge readme line\n');
    for (let i = 0; i < 200; i++) await fh.write(chunk);
    await fh.close();
    await git(huge, ['add', 'README.md']);
    await git(huge, ['commit', '-q', '-m', 'huge readme']);

    const unreadable = join(org, 'locked');
    await gitdir({ 'README.md': '# hidden\n' }, { dir: join(unreadable, 'inner') });
    await chmod(unreadable, 0o000);

    const outer = await gitdir({ 'README.md': '# outer\n' }, { dir: join(org, 'outer') });
    await gitdir({ 'README.md': '# nested\n' }, { dir: join(outer, 'nested') });
    await makeRepo({
      dir: join(org, 'with-submodule'),
      commits: [
        {
          files: {
            'README.md': '# sub\n',
            '.gitmodules': '[submodule "lib"]\n\tpath = lib\n\turl = ../lib\n',
            lib: { gitlink: 'a'.repeat(40) },
          },
        },
      ],
    });

    await gitdir(
      { 'dïr with space/Read Me.md': 'x', 'README.md': '# spaces\n', 'src/ünï code.py': 'print(1)\n' },
      { dir: join(org, 'spaced dïr') },
    );

    for (const dir of [org, dataDir]) await mkdir(dir, { recursive: true }).then(() => chmod(dir, 0o777));
    first = await crawlAsUnprivileged(root, dataDir, ['crawl', 'org']);
  }, 180_000);

  it('completes the crawl and exits 1 only because a repository is reported failed or unreadable', () => {
    expect(first.stderr).not.toMatch(/TypeError|at .*\.ts:\d+/);
    expect(first.json.repos.total).toBe(9);
    expect(first.json.repos.failed).toBe(0);
    expect(first.json.problems.map((p: { code: string }) => p.code)).toContain('DIR_UNREADABLE');
  });

  it('an empty repository is stored with a finding', async () => {
    expect(await findingCodes('empty')).toEqual(['EMPTY_REPO']);
  });

  it('a missing object yields everything else plus a finding', async () => {
    const d = (await cli(['show', 'missing-object'])).json;
    expect(d.findings.map((f: { code: string }) => f.code)).toContain('OBJECT_MISSING');
    // The history is still read, without the .mailmap git cannot read.
    expect(d.findings.map((f: { code: string }) => f.code)).toContain('MAILMAP_UNAVAILABLE');
    expect(d.docs.map((x: { kind: string }) => x.kind)).toContain('readme');
    expect(d.primaryLanguage).toBe('Go');
    expect(d.commits.count).toBe(1);
  });

  it('non-UTF-8 and very long author names are stored safely', async () => {
    const d = (await cli(['show', 'odd-authors'])).json;
    const names = d.commits.topAuthors.map((a: { name: string }) => a.name);
    expect(names).toContain('Jörg');
    expect(names.some((n: string) => n.startsWith('XXXX') && n.length <= 256)).toBe(true);
    expect(d.commits.topAuthors.map((a: { email: string }) => a.email)).toContain('zoe@example.com');
  });

  it('a README symlinked outside the repository is never read', async () => {
    const d = (await cli(['show', 'symlinks'])).json;
    expect(JSON.stringify(d)).not.toContain('TOP SECRET');
    expect(JSON.stringify(d)).not.toContain('root:x:0');
    expect(d.findings.map((f: { code: string }) => f.code)).toContain('SYMLINK_OUTSIDE');
  });

  it('malformed metadata files are findings, not crashes', async () => {
    const codes = await findingCodes('malformed');
    for (const code of [
      'INNERSOURCE_JSON_INVALID',
      'CATALOG_INFO_INVALID',
      'MANIFEST_INVALID',
      'CODEOWNERS_INVALID',
    ]) {
      expect(codes).toContain(code);
    }
    const d = (await cli(['show', 'malformed'])).json;
    expect(d.owners.map((o: { owner: string }) => o.owner)).toContain('@good/team');
  });

  it('a 200 MB README is read only up to the cap', async () => {
    const d = (await cli(['show', 'huge-file'])).json;
    expect(d.docs.find((x: { kind: string }) => x.kind === 'readme').size).toBe(200 * (1 << 20));
    const db = new Database(join(dataDir, 'agora.db'), { readonly: true });
    const row = db
      .prepare(
        "select length(content) as len, truncated from repo_files where repo_id = 'org:huge-file' and path = 'README.md'",
      )
      .get() as { len: number; truncated: number } | undefined;
    db.close();
    // Either not read at all (too large to be wanted) or only its first bytes were kept.
    if (row) {
      expect(row.truncated).toBe(1);
      expect(row.len).toBeLessThanOrEqual(1_048_576);
    }
    expect(d.facts.largeFiles).toEqual([{ path: 'README.md', size: 200 * (1 << 20) }]);
  });

  it('a nested repository is not crawled from inside another; a submodule is listed, not entered', async () => {
    const ids = ((await cli(['repos', '--status', 'all'])).json.repos as { id: string }[]).map((r) => r.id);
    expect(ids).toContain('org:outer');
    expect(ids).not.toContain('org:outer/nested');
    expect(ids).toContain('org:with-submodule');
  });

  it('paths with spaces and non-ASCII are read', async () => {
    const d = (await cli(['show', 'spaced dïr'])).json;
    expect(d.primaryLanguage).toBe('Python');
  });

  it('a repository that breaks after a good crawl keeps its earlier data', async () => {
    const repo = join(org, 'outer');
    const before = (await cli(['show', 'outer'])).json;
    await writeFile(join(repo, '.git', 'refs', 'heads', 'main'), `${'b'.repeat(40)}\n`);
    const r = await cli(['crawl', 'org']);
    expect(r.code).toBe(1);
    expect(r.json.repos.failed).toBe(1);
    const after = (await cli(['show', 'outer'])).json;
    expect(after.headSha).toBe(before.headSha);
    expect(after.docs).toEqual(before.docs);
    expect(after.commits.count).toBe(before.commits.count);
    expect(after.findings.map((f: { severity: string }) => f.severity)).toContain('error');
    void revParse;
  });
});

/** Runs the CLI as an unprivileged user when the tests run as root, so a chmod 000 folder is really unreadable. */
async function crawlAsUnprivileged(cwd: string, dataDir: string, args: string[]) {
  if (process.getuid?.() !== 0) return runCli(['--data-dir', dataDir, '--json', ...args], { cwd });
  const { spawn } = await import('node:child_process');
  const bin = join(import.meta.dirname, '..', '..', '..', 'bin', 'agora.js');
  return new Promise<Awaited<ReturnType<typeof runCli>>>((resolve) => {
    const child = spawn(process.execPath, [bin, '--data-dir', dataDir, '--json', ...args], {
      cwd,
      uid: 65534,
      gid: 65534,
      env: { ...process.env, DATABASE_URL: undefined, HOME: '/tmp', TSX_TSCONFIG_PATH: undefined },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString();
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {}
      resolve({ code, signal, stdout, stderr: Buffer.concat(err).toString(), json });
    });
  });
}
