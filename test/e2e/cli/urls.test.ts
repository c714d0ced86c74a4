// The `urls` source: repositories mirrored as bare blobless clones and updated with fetch; credentials in a
// URL never reach the output, the logs or the store.

import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.ts';
import { addCommits, gitdir, tmpDir } from '../../helpers/gitdir.ts';

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
    const d = (await cli(['show', 'mirrored'])).json;
    expect(d.docs.map((x: { kind: string }) => x.kind)).toContain('security');
  });
});
