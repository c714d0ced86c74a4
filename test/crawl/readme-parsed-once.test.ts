// A crawl parses a README's Markdown once (issue 9, item 19): the render that stores its HTML also gives the
// outline (headings, links, words) the standards rules read, so no separate outline parse runs in the render
// pool, and the rules' results are those of their own parse.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { runCrawl } from '../../src/crawl/crawl.ts';
import { markdownOutline } from '../../src/render/outline.ts';
import { closeRenderPool, RenderPool } from '../../src/render/pool.ts';
import type { RenderJob } from '../../src/render/worker.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { latestCheckResults } from '../../src/store/queries/checks.ts';
import { gitdir, tmpDir } from '../helpers/gitdir.ts';
import { withTempSqliteDatabase } from '../helpers/stores.ts';

// Long enough (over 1,000 characters) that the rules would parse it in the render pool, not in this thread.
const README = [
  '# Widget',
  '',
  ...Array.from(
    { length: 12 },
    (_, i) => `Widget part ${i} turns [inputs](docs/in.md) into outputs, see https://example.com/${i}.`,
  ),
  '',
  '## Usage',
  '',
  '| flag | meaning |',
  '|---|---|',
  '| `-v` | verbose |',
  '',
  '## Contributing',
  '',
  'Open a pull request; we answer within a week.',
  '',
].join('\n');

let store: Store;
let temp: ReturnType<typeof withTempSqliteDatabase>;
beforeAll(async () => {
  temp = withTempSqliteDatabase();
  store = await openStore({ url: temp.url, dataDir: temp.dataDir });
});
afterAll(async () => {
  await closeRenderPool();
  await store.close();
  temp.drop();
});

it("renders the README once and takes the standards' outline from that parse", async () => {
  expect(README.length).toBeGreaterThan(1_000);
  const root = await tmpDir('agora-readme-once-');
  await gitdir({ 'README.md': README, 'docs/in.md': '# Inputs\n' }, { dir: join(root, 'org', 'widget') });
  await writeFile(
    join(root, 'agora.yaml'),
    ['dataDir: data', 'sources:', '  - type: local', '    name: org', '    path: org', ''].join('\n'),
  );
  const loaded = await loadConfig({ file: join(root, 'agora.yaml'), cwd: root });
  const jobs: RenderJob['type'][] = [];
  const original = RenderPool.prototype.run;
  const spy = vi.spyOn(RenderPool.prototype, 'run').mockImplementation(function (this: RenderPool, job) {
    jobs.push(job.type);
    return original.call(this, job);
  });
  try {
    const summary = await runCrawl({ loaded, store });
    expect(summary.repos).toMatchObject({ new: 1, failed: 0 });
  } finally {
    spy.mockRestore();
  }
  expect(jobs.filter((t) => t === 'outline')).toEqual([]);
  expect(jobs.filter((t) => t === 'render').length).toBeGreaterThanOrEqual(1);

  // The rules read the outline their own parse gives.
  const own = markdownOutline(README, 100_000);
  const results = await latestCheckResults(store.db);
  const substantive = results.find((r) => r.ruleId === 'readme-substantive');
  expect(substantive).toMatchObject({ status: 'pass', message: `README.md has ${own.bodyWords} words` });
});
