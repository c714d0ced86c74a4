// The `urls` source: repositories mirrored as bare blobless clones and updated with fetch; credentials in a
// URL never reach the output, the logs or the store.

import { readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../helpers/cli.ts';
import { type DatabaseUnderTest, describeEachDatabase } from '../../helpers/databases.ts';
import { type GitHttpServer, startGitHttpServer } from '../../helpers/git-http-server.ts';
import { addCommits, gitdir, tmpDir } from '../../helpers/gitdir.ts';
import { startServe } from '../../helpers/serve.ts';
import { showRepo, storeUrl } from '../../helpers/store-state.ts';

const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';

describe('crawl of a urls source', () => {
  let root: string;
  let upstream: string;
  const cli = (args: string[]) => runCli(['--json', ...args], { cwd: root });

  beforeAll(async () => {
    root = await tmpDir('agora-urls-');
    upstream = await gitdir(
      {
        'README.md': '# Mirrored\n\nA service.\n',
        'CONTRIBUTING.md': '# Contributing\n',
        'go.mod': 'module example.com/mirrored\n\ngo 1.22\n\nrequire github.com/pkg/errors v0.9.1\n',
        'main.go': 'package main\n\nfunc main() {}\n',
      },
      { dir: join(root, 'upstream', 'mirrored'), bare: true },
    );
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - type: urls',
        '    name: remote',
        '    urls:',
        `      - file://${upstream}`,
        `      - https://agora:${TOKEN}@127.0.0.1:9/acme/unreachable.git`,
        '',
      ].join('\n'),
    );
  });

  it('mirrors, crawls, and reports the unreachable one without its token', async () => {
    const r = await cli(['crawl']);
    expect(r.code).toBe(1);
    expect(r.json.repos).toMatchObject({ new: 1, failed: 1 });
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    const repos = (await cli(['repos', '--status', 'all'])).json.repos;
    expect(JSON.stringify(repos)).not.toContain(TOKEN);
    const d = (await cli(['show', 'mirrored'])).json;
    expect(d.docs.map((x: { kind: string }) => x.kind).sort()).toEqual(['contributing', 'readme']);
    expect(d.packages.map((p: { name: string }) => p.name).sort()).toEqual([
      'example.com/mirrored',
      'github.com/pkg/errors',
    ]);
    expect(d.commits.count).toBe(1);
    const db = readFileSync(join(root, 'data', 'agora.db'));
    expect(db.includes(Buffer.from(TOKEN))).toBe(false);
  });

  it('fetches new commits on the next crawl', async () => {
    await addCommits(upstream, [{ files: { 'SECURITY.md': '# Security\n' } }]);
    const r = await cli(['crawl']);
    expect(r.json.repos).toMatchObject({ changed: 1 });
    expect(r.json.commitsAdded).toBe(1);
    const d = await showRepo(storeUrl(join(root, 'data')), 'mirrored');
    expect(d.docs.map((x: { kind: string }) => x.kind)).toContain('security');
  });
});

/** Command lines of every process on the machine, read from /proc (what `ps` shows any local user). */
function allCmdlines(): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`).toString('latin1').replaceAll('\0', ' '));
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Every row of every table of a store, as text: what a dump of the database would show. */
async function storeDump(root: string, db: DatabaseUnderTest): Promise<string> {
  if (db.kind === 'sqlite') {
    const dir = join(root, 'data');
    return readdirSync(dir)
      .filter((f) => f.startsWith('agora.db'))
      .map((f) => readFileSync(join(dir, f)).toString('latin1'))
      .join('\n');
  }
  const client = new pg.Client({ connectionString: db.url() });
  await client.connect();
  try {
    const tables = await client.query<{ t: string }>(
      'select table_name as t from information_schema.tables where table_schema = current_schema()',
    );
    const parts: string[] = [];
    for (const { t } of tables.rows) {
      parts.push(JSON.stringify((await client.query(`select * from "${t}"`)).rows));
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

const USER_SECRET = 'Us3rInfoS3cretValue';
const QUERY_SECRET = 'Qu3ryT0kenValue';
const SIG_SECRET = 'S1gnatureValue';

describeEachDatabase('credentials and queries in URLs', (db) => {
  let root: string;
  let authServer: GitHttpServer;
  let tokenServer: GitHttpServer;
  const secrets = [USER_SECRET, QUERY_SECRET, SIG_SECRET];
  const cli = (args: string[]) => runCli(['--json', ...args], { cwd: root, env: db.env() });
  const leaked = (text: string) => secrets.filter((s) => text.includes(s));

  beforeAll(async () => {
    root = await tmpDir('agora-url-secrets-');
    const served = join(root, 'served');
    await gitdir({ 'README.md': '# Slow\n' }, { dir: join(served, 'slow.git'), bare: true });
    await gitdir({ 'README.md': '# Queried\n' }, { dir: join(served, 'queried.git'), bare: true });
    // Two repositories whose URLs differ only by the query (a file:// path may hold a `?`).
    await gitdir({ 'README.md': '# Pair one\n' }, { dir: join(root, 'up', 'pair?v=1'), bare: true });
    await gitdir({ 'README.md': '# Pair two\n' }, { dir: join(root, 'up', 'pair?v=2'), bare: true });
    // Slow answers keep the clone running long enough to be seen in /proc.
    authServer = await startGitHttpServer({
      root: served,
      auth: { username: 'agora', password: USER_SECRET },
      delayMs: 700,
    });
    tokenServer = await startGitHttpServer({
      root: served,
      queryToken: { name: 'private_token', value: QUERY_SECRET },
    });
    const hostOf = (s: GitHttpServer) => s.base.replace('http://', '');
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'crawl:',
        '  concurrency: 4',
        'sources:',
        '  - type: urls',
        '    name: remote',
        '    urls:',
        `      - http://agora:${USER_SECRET}@${hostOf(authServer)}/slow.git`,
        `      - ${tokenServer.base}/queried.git?private_token=${QUERY_SECRET}`,
        `      - https://127.0.0.1:9/acme/gone.git?X-Amz-Signature=${SIG_SECRET}&ref=main`,
        `      - file://${join(root, 'up', 'pair?v=1')}`,
        `      - file://${join(root, 'up', 'pair?v=2')}`,
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    await authServer?.close();
    await tokenServer?.close();
  });

  it('clones with credentials that never appear on a command line or in a mirror config (15.9)', async () => {
    const seen: string[] = [];
    const poll = setInterval(() => {
      for (const line of allCmdlines()) if (line.includes('git')) seen.push(line);
    }, 15);
    let r: CliResult;
    try {
      r = await cli(['crawl']);
    } finally {
      clearInterval(poll);
    }
    // The poll did catch the clone of the slow, authenticated repository…
    expect(seen.some((l) => l.includes(authServer.base.replace('http://', '')))).toBe(true);
    // …and its password was on no command line, in no process.
    expect(seen.filter((l) => l.includes(USER_SECRET))).toEqual([]);
    expect(authServer.requests.some((q) => q.authorized)).toBe(true);
    for (const mirror of readdirSync(join(root, 'data', 'mirrors'))) {
      const config = readFileSync(join(root, 'data', 'mirrors', mirror, 'config'), 'utf8');
      expect(leaked(config)).toEqual([]);
    }
    expect(r.code).toBe(1);
    expect(r.json.repos).toMatchObject({ new: 4, failed: 1 });
    expect(leaked(r.stdout + r.stderr)).toEqual([]);
  });

  it('stores and shows no credential, in ids, names, URLs, findings or the API (15.8)', async () => {
    const list = await cli(['repos', '--status', 'all']);
    expect(leaked(list.stdout + list.stderr)).toEqual([]);
    const repos = list.json.repos as { id: string; name: string }[];
    expect(repos.map((r) => r.id).sort()).toEqual(
      [
        `remote:${join(root, 'up', 'pair?v=1')}`,
        `remote:${join(root, 'up', 'pair?v=2')}`,
        'remote:127.0.0.1:9/acme/gone?ref=main',
        `remote:${tokenServer.base.replace('http://', '')}/queried`,
        `remote:${authServer.base.replace('http://', '')}/slow`,
      ].sort(),
    );
    // What `agora show --json` prints for each, read in-process; the real command for the one whose URL had a token.
    for (const repo of repos) {
      const shown = JSON.stringify(await showRepo(storeUrl(join(root, 'data'), db.url()), repo.id));
      expect(leaked(shown)).toEqual([]);
    }
    const gone = await cli(['show', 'remote:127.0.0.1:9/acme/gone?ref=main']);
    expect(gone.stdout).toContain('127.0.0.1:9');
    expect(leaked(gone.stdout + gone.stderr)).toEqual([]);
    expect(leaked(await storeDump(root, db))).toEqual([]);

    const served = await startServe(root, { env: db.env() });
    try {
      const answers: string[] = [];
      const get = async (path: string) => {
        const res = await fetch(served.url + path);
        answers.push(await res.text());
      };
      await get('/api/v1/projects?pageSize=100');
      await get('/api/v1/crawls');
      await get('/api/v1/export/repos.json');
      await get('/api/v1/export/repos.csv');
      await get('/api/v1/export/catalog-info.yaml');
      for (const repo of repos) {
        await get(`/api/v1/projects/${encodeURIComponent(repo.id)}`);
        await get(`/api/v1/projects/${encodeURIComponent(repo.id)}/readme`);
      }
      expect(answers.join('\n')).toContain('Queried');
      expect(leaked(answers.join('\n'))).toEqual([]);
      expect(leaked(served.output())).toEqual([]);
    } finally {
      await served.stop();
    }
  });

  it('gives URLs that differ only by query a mirror each, on every crawl (15.10)', async () => {
    const again = await cli(['crawl']);
    expect(again.json.repos).toMatchObject({ failed: 1 });
    const mirrors = readdirSync(join(root, 'data', 'mirrors'));
    expect(mirrors.filter((m) => m.startsWith('up-pair'))).toHaveLength(2);
    expect(mirrors.filter((m) => m.includes('.partial-'))).toEqual([]);
    for (const [v, title] of [
      ['1', 'Pair one'],
      ['2', 'Pair two'],
    ]) {
      const d = await showRepo(
        storeUrl(join(root, 'data'), db.url()),
        `remote:${join(root, 'up', `pair?v=${v}`)}`,
      );
      expect(d.docs.map((x: { kind: string }) => x.kind)).toEqual(['readme']);
      expect(JSON.stringify(d)).toContain(title);
    }
  });
});
