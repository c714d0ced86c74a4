// A child process for the two-process test: opens the store, tries the crawl lock, writes if it got it.

import { openStore } from '../../src/store/db.ts';
import { acquireCrawlLock, releaseCrawlLock, startCrawl } from '../../src/store/queries/crawl.ts';
import { saveRepoCrawl } from '../../src/store/queries/repos-write.ts';
import { makeCommits, makeFacts, makeRef } from './fixtures.ts';

const [url, holder] = process.argv.slice(2);
const store = await openStore({ url, dataDir: '.' });
const crawlId = await startCrawl(store.db, holder);
const lock = await acquireCrawlLock(store.db, holder, crawlId);
if (lock.ok) {
  await saveRepoCrawl(store.db, {
    ref: makeRef(`by-${holder}`),
    head: 'a'.repeat(40),
    branch: 'main',
    facts: makeFacts(),
    files: [],
    commits: makeCommits(2000),
    findings: [],
    crawlId,
    now: new Date().toISOString(),
  });
  await releaseCrawlLock(store.db, holder);
}
await store.close();
process.stdout.write(JSON.stringify(lock));
