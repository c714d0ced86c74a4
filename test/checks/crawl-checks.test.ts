// A crawl stores each repo's standards results with its facts. An organisation-defaults repo (`.github`)
// crawled AFTER a repo it provides defaults for re-evaluates that repo in its own transaction, so the
// stored results never depend on crawl order: they equal a fresh evaluation of the stored facts.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { evaluateStoredRepos } from '../../src/checks/service.ts';
import { loadConfig } from '../../src/config/load.ts';
import { runCrawl } from '../../src/crawl/crawl.ts';
import { latestCheckResults } from '../../src/store/queries/checks.ts';
import { gitdir, tmpDir } from '../helpers/gitdir.ts';
import { describeEachStore, emptyStore } from '../helpers/stores.ts';

describeEachStore('standards results of a crawl', (getStore) => {
  it('do not depend on whether the .github repo was crawled before or after', async () => {
    const store = getStore();
    await emptyStore(store);
    const root = await tmpDir('agora-org-defaults-');
    const app = await gitdir(
      { 'README.md': '# App\n\nThe app.\n', 'main.go': 'package main\n' },
      { dir: join(root, 'acme', 'app'), bare: true },
    );
    const defaults = await gitdir(
      { 'CONTRIBUTING.md': '# Contributing\n\nOpen a pull request.\n', 'README.md': '# Acme\n' },
      { dir: join(root, 'acme', '.github'), bare: true },
    );
    // The app is listed (and, one at a time, crawled) first.
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'crawl:',
        '  concurrency: 1',
        'sources:',
        '  - type: urls',
        '    name: acme',
        '    urls:',
        `      - file://${app}`,
        `      - file://${defaults}`,
        '',
      ].join('\n'),
    );
    const loaded = await loadConfig({ file: join(root, 'agora.yaml'), cwd: root });
    const summary = await runCrawl({ loaded, store });
    expect(summary.repos).toMatchObject({ new: 2, failed: 0 });

    const stored = await latestCheckResults(store.db);
    const appContributing = stored.find((r) => r.repoId.endsWith('acme/app') && r.ruleId === 'contributing');
    expect(appContributing).toMatchObject({ status: 'pass', inherited: true });
    // Stored results = a fresh evaluation of the stored facts, for every repo.
    const fresh = await evaluateStoredRepos(store, loaded, { save: false });
    const key = (repoId: string, ruleId: string, status: string, message: string) =>
      `${repoId} ${ruleId} ${status} ${message}`;
    expect(stored.map((r) => key(r.repoId, r.ruleId, r.status, r.message)).sort()).toEqual(
      fresh.reports
        .flatMap((rep) => rep.results.map((r) => key(rep.repo.id, r.id, r.status, r.message)))
        .sort(),
    );
  });
});
