// One number, one definition (issue 9.11): the portal API's project summaries give the same outside share as
// `agora metrics REPO --json` and the JSON export — a number where it can be measured, null (never 0) for a repo
// owned by a team with no members. Crawled through the CLI into SQLite and PostgreSQL, served by the real app.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Paged, ProjectDetail, ProjectSummary } from '../../src/server/api-types.ts';
import type { Store } from '../../src/store/db.ts';
import { runCli } from '../helpers/cli.ts';
import { makeRepo, tmpDir } from '../helpers/gitdir.ts';
import { pgAvailable, withTempPgDatabase } from '../helpers/stores.ts';

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();
const ANN = { name: 'Ann', email: 'ann@payments.example.com' };
const BO = { name: 'Bo', email: 'bo@web.example.com' };

const hasPg = await pgAvailable();

for (const kind of ['sqlite', 'postgres'] as const) {
  describe.skipIf(kind === 'postgres' && !hasPg && process.env.CI !== 'true')(
    `outside share: API, metrics and export agree [${kind}]`,
    () => {
      let root: string;
      let env: Record<string, string | undefined> = {};
      let dropPg: (() => Promise<void>) | null = null;
      let store: Store | null = null;
      let app: FastifyInstance | null = null;
      const cli = (args: string[]) => runCli(args, { cwd: root, env });

      beforeAll(async () => {
        root = await tmpDir('agora-outside-null-');
        // pay-api: payments (with members) owns it; Bo from web commits once of three.
        await makeRepo({
          dir: join(root, 'org', 'pay-api'),
          commits: [
            { files: { CODEOWNERS: '* @acme/payments\n', 'a.txt': '1' }, author: ANN, date: ago(30) },
            { files: { 'a.txt': '2' }, author: ANN, date: ago(20) },
            { files: { 'b.txt': '1' }, author: BO, date: ago(10) },
          ],
        });
        // handbook: owned by docs, a team the config names with no members.
        await makeRepo({
          dir: join(root, 'org', 'handbook'),
          commits: [
            {
              files: { CODEOWNERS: '* @acme/docs\n', 'README.md': '# Handbook\n' },
              author: BO,
              date: ago(25),
            },
            { files: { 'README.md': '# Handbook\n\nHow we work.\n' }, author: ANN, date: ago(5) },
          ],
        });
        // zeta: payments owns it and only Ann commits: a measured 0, which sorts before not measured.
        await makeRepo({
          dir: join(root, 'org', 'zeta'),
          commits: [{ files: { CODEOWNERS: '* @acme/payments\n', 'z.txt': '1' }, author: ANN, date: ago(3) }],
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
        let url = `sqlite:${join(root, 'data', 'agora.db')}`;
        if (kind === 'postgres') {
          const temp = await withTempPgDatabase();
          url = temp.url;
          dropPg = temp.drop;
        }
        env = { DATABASE_URL: url };
        const crawl = await cli(['crawl', '--json']);
        expect(crawl.stderr).toBe('');
        expect(crawl.code).toBe(0);

        const { loadConfig } = await import('../../src/config/load.ts');
        const { openStore } = await import('../../src/store/db.ts');
        const { buildApp } = await import('../../src/server/app.ts');
        const loaded = await loadConfig({ file: join(root, 'agora.yaml'), cwd: root });
        store = await openStore({ url, dataDir: join(root, 'data') });
        app = await buildApp({ store, loaded, webDist: join(root, 'none') });
      });
      afterAll(async () => {
        await app?.close();
        await store?.close();
        await dropPg?.();
      });

      it('gives null for the repo whose owning team has no members, the same number otherwise', async () => {
        const metrics: Record<string, number | null> = {};
        for (const name of ['pay-api', 'handbook', 'zeta']) {
          const m = await cli(['metrics', name, '--json']);
          expect(m.code).toBe(0);
          metrics[`org:${name}`] = m.json.windows.find((w: { days: number }) => w.days === 90).outsideShare;
        }
        expect(metrics['org:pay-api']).toBeCloseTo(1 / 3, 5);
        expect(metrics['org:handbook']).toBeNull();
        expect(metrics['org:zeta']).toBe(0);

        const exported = await cli(['export', '--format', 'json']);
        expect(exported.code).toBe(0);
        const fromExport = Object.fromEntries(
          exported.json.items.map((p: ProjectSummary) => [p.id, p.outsideShare90]),
        );
        expect(fromExport).toEqual(metrics);

        const list = await app!.inject({ method: 'GET', url: '/api/v1/projects?pageSize=50' });
        expect(list.statusCode).toBe(200);
        const items = (list.json() as Paged<ProjectSummary>).items;
        expect(Object.fromEntries(items.map((p) => [p.id, p.outsideShare90]))).toEqual(metrics);
        for (const id of Object.keys(metrics)) {
          const one = await app!.inject({ method: 'GET', url: `/api/v1/projects/${encodeURIComponent(id)}` });
          expect((one.json() as ProjectDetail).outsideShare90).toEqual(metrics[id]);
        }
      });

      it('sorts a repo whose outside share is not measured after every measured one', async () => {
        const res = await app!.inject({ method: 'GET', url: '/api/v1/projects?sort=outside' });
        expect((res.json() as Paged<ProjectSummary>).items.map((p) => p.id)).toEqual([
          'org:pay-api',
          'org:zeta',
          'org:handbook',
        ]);
      });
    },
  );
}
