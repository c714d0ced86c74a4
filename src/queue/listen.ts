// Portals on a PostgreSQL store LISTEN for finished crawls: a crawl's finishing job (run by any worker)
// NOTIFYs, and every `agora serve` replica reloads its catalogue, search index and cached answers within a
// second or so. The connection is re-opened with back-off when it drops (a database restart).

import pg from 'pg';
import type { QueueTarget } from './boss.ts';
import { CRAWLS_CHANNEL } from './jobs.ts';

export interface CrawlListener {
  close(): Promise<void>;
}

/** Calls `onCrawl(crawlId)` for every crawl finished on the store `target` names, until closed. */
export function listenForCrawls(target: QueueTarget, onCrawl: (crawlId: number) => void): CrawlListener {
  let client: pg.Client | null = null;
  let closed = false;
  let delay = 500;
  let timer: NodeJS.Timeout | null = null;
  let connectedBefore = false;
  const prefix = `${target.storeSchema ?? ''}:`;
  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: target.connectionString, connectionTimeoutMillis: 10_000 });
    client = c;
    const retry = () => {
      if (closed || client !== c) return;
      client = null;
      c.end().catch(() => {});
      timer = setTimeout(() => void connect(), delay);
      timer.unref();
      delay = Math.min(delay * 2, 10_000);
    };
    c.on('error', retry);
    c.on('end', retry);
    c.on('notification', (n) => {
      if (!n.payload?.startsWith(prefix)) return;
      const id = Number(n.payload.slice(prefix.length));
      if (Number.isFinite(id)) onCrawl(id);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CRAWLS_CHANNEL}`);
      delay = 500;
      // Reconnected after an outage: a crawl may have finished meanwhile.
      if (connectedBefore) onCrawl(0);
      connectedBefore = true;
    } catch {
      retry();
    }
  };
  void connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
