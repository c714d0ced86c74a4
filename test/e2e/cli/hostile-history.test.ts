// Hostile and damaged histories through the CLI, on SQLite and PostgreSQL: absurd commit dates are clamped
// with a finding and no reader throws "Invalid time value" (also on rows an older version stored), authors
// without an email or without a parsable identity, a missing parent object (what is readable is stored), a
// shallow clone (a finding), and an empty repo that stays "unchanged".

import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { migrations } from '../../../src/store/migrations/index.ts';
import { runCli } from '../../helpers/cli.ts';
import { describeEachDatabase } from '../../helpers/databases.ts';
import { FIXTURE_ENV, git, makeRepo, removeObject, revParse, tmpDir } from '../../helpers/gitdir.ts';
import { showRepo, storeUrl, withStore } from '../../helpers/store-state.ts';

const NOW = Math.floor(Date.now() / 1000);
const committer = (t: number | string) => `committer Agora Test <test@agora.invalid> ${t} +0000`;

/** Writes a commit object exactly as given (git's own tools refuse these dates and identities). */
async function rawCommit(repo: string, tree: string, parent: string, author: string, time: number | string) {
  const text = `tree ${tree}\nparent ${parent}\nauthor ${author}\n${committer(time)}\n\nhostile\n`;
  const sha = (await git(repo, ['hash-object', '-t', 'commit', '-w', '--stdin', '--literally'], text))
    .toString()
    .trim();
  await git(repo, ['update-ref', 'refs/heads/main', sha]);
  return sha;
}

const five = Array.from({ length: 5 }, (_, i) => ({ files: { [`f${i}.txt`]: `${i}\n` } }));

async function buildOrg(org: string) {
  // Dates: a normal commit, then @99999999999999, a negative author time, the year 3000.
  const dates = await makeRepo({ dir: join(org, 'dates'), commits: [{ files: { 'a.txt': 'a\n' } }] });
  const tree = (await git(dates, ['rev-parse', 'HEAD^{tree}'])).toString().trim();
  let head = await revParse(dates);
  head = await rawCommit(
    dates,
    tree,
    head,
    'Far Future <far@example.com> 99999999999999 +0000',
    99999999999999,
  );
  head = await rawCommit(dates, tree, head, 'Before Time <neg@example.com> -100 +0000', 1_700_000_000);
  await rawCommit(dates, tree, head, 'Year Three <y3k@example.com> 32503680000 +0000', 32503680000);

  // Authors: one without an email (as `git commit-tree` writes it with GIT_AUTHOR_EMAIL=''), one whose
  // author line git cannot parse at all.
  const people = await makeRepo({ dir: join(org, 'people'), commits: [{ files: { 'a.txt': 'a\n' } }] });
  const ptree = (await git(people, ['rev-parse', 'HEAD^{tree}'])).toString().trim();
  const noEmail = execFileSync(
    'git',
    ['commit-tree', ptree, '-p', await revParse(people), '-m', 'no email'],
    {
      cwd: people,
      env: { ...process.env, ...FIXTURE_ENV, GIT_AUTHOR_NAME: 'No Mail', GIT_AUTHOR_EMAIL: '' },
      encoding: 'utf8',
    },
  ).trim();
  await git(people, ['update-ref', 'refs/heads/main', noEmail]);
  await rawCommit(people, ptree, noEmail, 'Broken Ident 1700000000 +0000', 1_700_000_100);

  // A missing parent of HEAD, and a missing commit deeper down.
  const gap1 = await makeRepo({ dir: join(org, 'gap-head'), commits: five });
  await removeObject(gap1, await revParse(gap1, 'HEAD~1'));
  const gap3 = await makeRepo({ dir: join(org, 'gap-deep'), commits: five });
  await removeObject(gap3, await revParse(gap3, 'HEAD~3'));

  // A shallow clone, and an empty repo.
  const full = await makeRepo({ commits: five });
  await git(org, ['clone', '--quiet', '--depth', '2', `file://${full}`, 'shallow']);
  await makeRepo({ dir: join(org, 'empty'), commits: [] });
}

let root: string;
beforeAll(async () => {
  root = await tmpDir('agora-hostile-history-');
  await buildOrg(join(root, 'org'));
}, 60_000);

// The summary's shape does not depend on the store: one crawl into SQLite.
it('summarises the findings by severity and code in --json', async () => {
  const r = await runCli(['--data-dir', join(root, 'data-json'), '--json', 'crawl', 'org'], {
    cwd: root,
    env: { DATABASE_URL: undefined },
  });
  expect(r.code).toBe(0);
  expect(r.json.findingsBySeverity).toEqual({ error: 0, warning: 6, info: expect.any(Number) });
  expect(r.json.findingCodes.slice(0, 2)).toEqual([
    { code: 'HISTORY_INCOMPLETE', severity: 'warning', repos: 2 },
    { code: 'AUTHOR_UNREADABLE', severity: 'warning', repos: 1 },
  ]);
  expect(r.json.findingCodes.map((c: { code: string }) => c.code)).toEqual(
    expect.arrayContaining(['COMMIT_DATE_INVALID', 'EMPTY_REPO', 'HISTORY_TRUNCATED']),
  );
});

describeEachDatabase('hostile histories', (db) => {
  let dataDir: string;
  const cli = (args: string[]) =>
    runCli(['--data-dir', dataDir, '--json', ...args], { cwd: root, env: db.env() });
  // `agora show --json`'s answer, read in-process (`agora show` itself runs in readersAnswer, as JSON and text).
  const show = (name: string) => showRepo(storeUrl(dataDir, db.url()), name);
  const codes = (d: { findings: { code: string }[] }) => d.findings.map((f) => f.code);

  /** Every reader of stored dates answers: no "Invalid time value", no crash. */
  async function readersAnswer() {
    for (const args of [
      ['repos'],
      ['show', 'dates'],
      ['metrics'],
      ['metrics', 'dates'],
      ['export', '--format', 'json'],
      ['export', '--format', 'csv'],
      ['export', '--format', 'sap-portal', '--portal-url', 'https://agora.example.com'],
      ['export', '--format', 'backstage'],
    ]) {
      const r = await cli(args);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
    }
    const server = spawn(
      process.execPath,
      [
        join(import.meta.dirname, '..', '..', '..', 'bin', 'agora.js'),
        '--data-dir',
        dataDir,
        '--json',
        'serve',
        '--port',
        '0',
      ],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: undefined, ...db.env() },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let stderr = '';
      server.stderr.on('data', (d) => {
        stderr += d;
      });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (d) => {
          out += d;
          const m = /"url":\s*"([^"]+)"/.exec(out);
          if (m) resolve(m[1]);
        });
        server.on('close', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
      });
      for (const path of ['/api/v1/projects', '/api/v1/projects/org%3Adates', '/api/v1/organisation']) {
        const res = await fetch(url + path);
        expect({ path, status: res.status }).toMatchObject({ path, status: expect.any(Number) });
        expect(res.status).toBeLessThan(500);
      }
    } finally {
      server.kill('SIGTERM');
    }
  }

  beforeAll(async () => {
    dataDir = join(root, `data-${db.kind}`);
    // The text summary ends with the findings by severity and code.
    const r = await runCli(['--data-dir', dataDir, 'crawl', 'org'], { cwd: root, env: db.env() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^6 repositories: 6 new, 0 changed, 0 unchanged, 0 failed, 0 gone;/);
    expect(r.stdout).toMatch(/^findings: 0 errors, 6 warnings, \d+ info$/m);
    expect(r.stdout).toMatch(/^ {2}warning HISTORY_INCOMPLETE: 2 repositories$/m);
    expect(r.stdout).toMatch(/^ {2}warning COMMIT_DATE_INVALID: 1 repository$/m);
  }, 120_000);

  it('clamps absurd commit dates at crawl time, with a finding', async () => {
    const d = await show('dates');
    expect(d.commits.count).toBe(4);
    expect(d.commits.firstAt).toBeGreaterThanOrEqual(0);
    expect(d.commits.lastAt).toBeLessThanOrEqual(NOW + 2 * 86_400);
    expect(codes(d)).toContain('COMMIT_DATE_INVALID');
    expect(d.findings.find((f: any) => f.code === 'COMMIT_DATE_INVALID').message).toMatch(/^3 commits have/);
  });

  it('readers answer on absurd dates an older version stored (clamped when the store is opened)', async () => {
    await withStore(storeUrl(dataDir, db.url()), async (k) => {
      await k
        .updateTable('commits')
        .set({ author_time: 99999999999999 })
        .where('repo_id', '=', 'org:dates')
        .execute();
      await k
        .updateTable('repos')
        .set({ last_commit_at: 99999999999999 })
        .where('id', '=', 'org:dates')
        .execute();
      // The store as a version before 0400 left it: the later migrations undone (Kysely runs only in order).
      for (const name of Object.keys(migrations).sort().reverse()) {
        if (name <= '0400-commit-dates') break;
        await migrations[name].down?.(k as never);
      }
      await sql`delete from kysely_migration where name >= '0400-commit-dates'`.execute(k);
    });
    await readersAnswer();
    const d = await show('dates');
    expect(d.commits.lastAt).toBeLessThanOrEqual(NOW + 2 * 86_400);
  }, 120_000);

  it('readers answer on absurd dates left in the store after its migrations ran (no throw in code)', async () => {
    // Bypasses the clamping migration: it has run, so the rows stay as written here.
    await withStore(storeUrl(dataDir, db.url()), async (k) => {
      await k
        .updateTable('commits')
        .set({ author_time: 99999999999999, committer_time: 99999999999999 })
        .where('repo_id', '=', 'org:dates')
        .execute();
      await k
        .updateTable('repos')
        .set({ last_commit_at: 99999999999999, first_commit_at: -99999999999999 })
        .where('id', '=', 'org:dates')
        .execute();
    });
    await readersAnswer();
    const d = await show('dates');
    expect(Number(d.commits.lastAt)).toBe(99999999999999);
    // The text outputs format days too.
    const text = await runCli(['--data-dir', dataDir, 'repos'], { cwd: root, env: db.env() });
    expect({ code: text.code, stderr: text.stderr }).toEqual({ code: 0, stderr: '' });
    expect(text.stdout).toMatch(/9999-12-31/);
    const shown = await runCli(['--data-dir', dataDir, 'show', 'dates'], { cwd: root, env: db.env() });
    expect({ code: shown.code, stderr: shown.stderr }).toEqual({ code: 0, stderr: '' });
    expect(shown.stdout).toMatch(/1970-01-01 … 9999-12-31/);
    const sap = await cli(['export', '--format', 'sap-portal', '--portal-url', 'https://agora.example.com']);
    const row =
      sap.json.find((r: any) => r.name === 'dates') ?? sap.json.repos?.find((r: any) => r.name === 'dates');
    expect(JSON.stringify(row)).toContain('9999-12-31T23:59:59.000Z');
  }, 120_000);

  it('stores an author without an email as such, and an unparsable author with a finding', async () => {
    const d = await show('people');
    expect(codes(d)).toContain('AUTHOR_UNREADABLE');
    const authors = await withStore(storeUrl(dataDir, db.url()), (k) =>
      k
        .selectFrom('commits')
        .select(['author_name', 'author_email', 'author_time'])
        .where('repo_id', '=', 'org:people')
        .orderBy('author_time')
        .execute(),
    );
    expect(authors.map((a) => [a.author_name, a.author_email])).toEqual([
      ['', ''],
      ['Ada Lovelace', 'ada@example.com'],
      ['No Mail', ''],
    ]);
    // The unparsable author has no time of its own: the committer's.
    expect(Number(authors[0].author_time)).toBe(1_700_000_100);
  });

  it('stores the history readable up to a missing parent, with a finding', async () => {
    const head = await show('gap-head');
    expect(head.commits.count).toBe(1);
    expect(codes(head)).toContain('HISTORY_INCOMPLETE');
    const deep = await show('gap-deep');
    expect(deep.commits.count).toBe(3);
    expect(codes(deep)).toContain('HISTORY_INCOMPLETE');
  });

  it('says a shallow clone has a truncated history', async () => {
    const d = await show('shallow');
    expect(d.commits.count).toBe(2);
    expect(codes(d)).toContain('HISTORY_TRUNCATED');
  });

  it('counts an empty repo unchanged on the next crawl', async () => {
    const r = await cli(['crawl', 'org']);
    expect(r.json.repos).toMatchObject({ new: 0, changed: 0, unchanged: 6, failed: 0 });
  });
});
