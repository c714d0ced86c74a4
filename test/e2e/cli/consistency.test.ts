// One number, one definition: a repo owned by a team with members and one owned by a team nobody is a member
// of, crawled through the CLI. `agora metrics`, `agora teams` and the JSON and CSV exports must agree on the
// outside share and the outside commits: a number where they can be measured, null (never 0) where not.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { makeRepo, tmpDir } from '../../helpers/gitdir.ts';

const DAY = 86_400_000;
/** An ISO date `days` days ago (the exports measure up to the wall clock). */
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

const ANN = { name: 'Ann', email: 'ann@payments.example.com' };
const BO = { name: 'Bo', email: 'bo@web.example.com' };

describe('outside contributions agree across commands', () => {
  let root: string;
  const cli = (args: string[]) => runCli(['--json', ...args], { cwd: root });

  beforeAll(async () => {
    root = await tmpDir('agora-consistency-');
    // pay-api: payments (with members) owns it; Bo from web commits once of three.
    await makeRepo({
      dir: join(root, 'org', 'pay-api'),
      commits: [
        { files: { CODEOWNERS: '* @acme/payments\n', 'a.txt': '1' }, author: ANN, date: ago(30) },
        { files: { 'a.txt': '2' }, author: ANN, date: ago(20) },
        { files: { 'b.txt': '1' }, author: BO, date: ago(10) },
      ],
    });
    // handbook: owned by docs, a team the config names with no members; Bo and Ann both commit.
    await makeRepo({
      dir: join(root, 'org', 'handbook'),
      commits: [
        { files: { CODEOWNERS: '* @acme/docs\n', 'README.md': '# Handbook\n' }, author: BO, date: ago(25) },
        { files: { 'README.md': '# Handbook\n\nHow we work.\n' }, author: ANN, date: ago(5) },
      ],
    });
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - { type: local, name: org, path: org }',
        'teams:',
        "  payments: { members: ['*@payments.example.com'], handles: ['@acme/payments'] }",
        "  web: { members: ['*@web.example.com'] }",
        "  docs: { handles: ['@acme/docs'] }",
        '',
      ].join('\n'),
    );
    const crawl = await cli(['crawl']);
    expect(crawl.stderr).toBe('');
    expect(crawl.code).toBe(0);
  });

  it('metrics, the JSON export and the CSV export give the same outside share (null, not 0)', async () => {
    const share = async (repo: string) => {
      const m = await cli(['metrics', repo]);
      expect(m.code).toBe(0);
      return m.json.windows.find((w: any) => w.days === 90).outsideShare;
    };
    const metrics = { 'org:pay-api': await share('pay-api'), 'org:handbook': await share('handbook') };
    expect(metrics['org:pay-api']).toBeCloseTo(1 / 3, 5);
    expect(metrics['org:handbook']).toBeNull();

    const json = await runCli(['export', '--format', 'json'], { cwd: root });
    expect(json.code).toBe(0);
    const fromJson = Object.fromEntries(
      JSON.parse(json.stdout).items.map((p: any) => [p.id, p.outsideShare90]),
    );
    expect(fromJson).toEqual(metrics);

    const csv = await runCli(['export', '--format', 'csv'], { cwd: root });
    expect(csv.code).toBe(0);
    const [header, ...rows] = csv.stdout
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const col = header.indexOf('outside_share_90');
    const fromCsv = Object.fromEntries(rows.map((r) => [r[0], r[col]]));
    expect(fromCsv).toEqual({ 'org:pay-api': String(metrics['org:pay-api']), 'org:handbook': '' });
  });

  it('teams gives no outside commits for a team with no members, as metrics gives no outside share', async () => {
    const teams = await cli(['teams']);
    expect(teams.code).toBe(0);
    const byId = Object.fromEntries(teams.json.teams.map((t: any) => [t.id, t]));
    expect(byId.payments.outsideCommitsReceived).toBe(1);
    expect(byId.docs).toMatchObject({ ownedRepos: 1, outsideCommitsReceived: null });
    const docs = await cli(['teams', 'docs']);
    expect(docs.json.outsideContributors).toEqual([]);
    const text = await runCli(['teams'], { cwd: root });
    expect(text.stdout).toMatch(/^docs\s.*\s-$/m);
  });
});
