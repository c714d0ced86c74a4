// `agora export` and `agora serve` as a user runs them: real processes over a crawled fixture organisation.

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/cli.ts';
import { makeRepo, tmpDir } from '../helpers/gitdir.ts';
import { FIXTURE_TEAMS_YAML, fixtureOrg } from '../helpers/portal.ts';

describe('agora export / agora serve', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await tmpDir('agora-cli-serve-');
    for (const repo of fixtureOrg(new Date()).repos)
      await makeRepo({ dir: join(dir, 'org', repo.name), commits: repo.commits });
    await writeFile(
      join(dir, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - type: local',
        '    name: local',
        '    path: org',
        'teams:',
        FIXTURE_TEAMS_YAML,
        '',
      ].join('\n'),
    );
    const crawl = await runCli(['crawl'], { cwd: dir });
    expect(crawl.code, crawl.stderr).toBe(0);
  });

  it('exports every format, to stdout or a file', async () => {
    const csv = await runCli(['export', '--format', 'csv'], { cwd: dir });
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(7);
    const out = join(dir, 'repos.json');
    const sap = await runCli(
      [
        '--json',
        'export',
        '--format',
        'sap-portal',
        '--portal-url',
        'https://agora.example.com',
        '--out',
        out,
      ],
      { cwd: dir },
    );
    expect(sap.json).toMatchObject({ written: out, format: 'sap-portal', repos: 6 });
    const repos = JSON.parse(await readFile(out, 'utf8')) as {
      _InnerSourceMetadata: { participation: number[] };
    }[];
    expect(repos).toHaveLength(6);
    expect(repos[0]._InnerSourceMetadata.participation).toHaveLength(52);
    const yaml = await runCli(['export', '--format', 'backstage'], { cwd: dir });
    expect(yaml.stdout.match(/^kind: Component$/gm)).toHaveLength(6);
    const bad = await runCli(['export', '--format', 'xml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be one of');
  });

  it('serves on loopback, prints the URL and answers the API', async () => {
    const child = startCli(['serve', '--port', '0'], { cwd: dir });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 60_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const health = (await (await fetch(`${url}/health`)).json()) as { status: string; repos: number };
      expect(health).toMatchObject({ status: 'ok', repos: 6 });
      const projects = (await (await fetch(`${url}/api/v1/projects?q=payments`)).json()) as { total: number };
      expect(projects.total).toBeGreaterThan(0);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    expect(child.exitCode).toBe(0);
  });
});
