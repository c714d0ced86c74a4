// Crawls: the recent crawls, and with a PostgreSQL store the crawl queue: workers and their heartbeats, jobs
// queued / running / failed per queue, each open crawl by source, the jobs running now, the repositories
// whose jobs failed (with the last error), and when the scheduled crawl runs next. Text only (React escapes).

import { useEffect, useState } from 'react';
import { LoadState } from '../components/status.tsx';
import { useApi } from '../lib/api.ts';
import { Link, projectPath } from '../lib/router.tsx';
import { useTitle } from '../lib/use-title.ts';

interface Crawls {
  running: boolean;
  items: {
    id: number;
    startedAt: string;
    finishedAt: string | null;
    status: string;
    stats: Record<string, unknown> | null;
  }[];
}

interface Queue {
  enabled: boolean;
  workers?: { id: string; host: string; concurrency: number; heartbeatAt: string; alive: boolean }[];
  jobs?: Record<string, Record<string, number>>;
  crawls?: {
    crawlId: number;
    startedAt: string;
    sourcesPending: number;
    bySource: { source: string; queued: number; done: number; failed: number }[];
  }[];
  running?: { queue: string; label: string; worker: string; since: string }[];
  errors?: { crawlId: number; repo: string; error: string; attempts: number; gaveUp: boolean; at: string }[];
  schedule?: string | null;
  nextScheduledCrawl?: string | null;
}

/** Re-reads every 5 s while the page is open (a crawl moves on its own). */
function useTick(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), ms);
    return () => clearInterval(t);
  }, [ms]);
  return tick;
}

export function CrawlsPage() {
  useTitle('Crawls');
  const tick = useTick(5000);
  const crawls = useApi<Crawls>(`/api/v1/crawls?t=${tick}`);
  const queue = useApi<Queue>(`/api/v1/queue?t=${tick}`);
  const q = queue.data;
  return (
    <section className="page">
      <h1>Crawls</h1>
      <LoadState result={queue} what="the crawl queue" />
      {q && !q.enabled && (
        <p>Crawls run in the process that starts them (SQLite store): there is no queue.</p>
      )}
      {q?.enabled && (
        <>
          <p>
            {q.schedule
              ? `Next scheduled crawl: ${q.nextScheduledCrawl ?? 'unknown'} (schedule ${q.schedule}, UTC).`
              : 'No crawl schedule is configured (crawl.schedule).'}
          </p>
          <h2>Workers</h2>
          {q.workers?.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Worker</th>
                  <th scope="col">Jobs at once</th>
                  <th scope="col">Last heartbeat</th>
                  <th scope="col">Alive</th>
                </tr>
              </thead>
              <tbody>
                {q.workers.map((w) => (
                  <tr key={w.id}>
                    <td>{w.id}</td>
                    <td>{w.concurrency}</td>
                    <td>{w.heartbeatAt}</td>
                    <td>{w.alive ? 'yes' : 'no'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>No worker is running (start one with `agora worker`).</p>
          )}
          <h2>Jobs</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Queued</th>
                <th scope="col">Waiting to retry</th>
                <th scope="col">Running</th>
                <th scope="col">Failed</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(q.jobs ?? {}).map(([name, s]) => (
                <tr key={name}>
                  <td>{name}</td>
                  <td>{s.created ?? 0}</td>
                  <td>{s.retry ?? 0}</td>
                  <td>{s.active ?? 0}</td>
                  <td>{s.failed ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {q.crawls?.map((c) => (
            <div key={c.crawlId}>
              <h2>
                Crawl {c.crawlId}, started {c.startedAt}
                {c.sourcesPending > 0 ? ` (${c.sourcesPending} sources still listing)` : ''}
              </h2>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Source</th>
                    <th scope="col">Queued</th>
                    <th scope="col">Done</th>
                    <th scope="col">Failed</th>
                  </tr>
                </thead>
                <tbody>
                  {c.bySource.map((s) => (
                    <tr key={s.source}>
                      <td>{s.source}</td>
                      <td>{s.queued}</td>
                      <td>{s.done}</td>
                      <td>{s.failed}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
          <h2>Running now</h2>
          {q.running?.length ? (
            <ul>
              {q.running.map((r) => (
                <li key={`${r.queue}:${r.label}:${r.worker}`}>
                  {r.label} ({r.queue}) on {r.worker} since {r.since}
                </li>
              ))}
            </ul>
          ) : (
            <p>Nothing.</p>
          )}
          <h2>Failed jobs</h2>
          {q.errors?.length ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">Repository</th>
                  <th scope="col">Crawl</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Given up</th>
                  <th scope="col">Last error</th>
                </tr>
              </thead>
              <tbody>
                {q.errors.map((e) => (
                  <tr key={`${e.crawlId}:${e.repo}`}>
                    <td>
                      <Link to={projectPath(e.repo)}>{e.repo}</Link>
                    </td>
                    <td>{e.crawlId}</td>
                    <td>{e.attempts}</td>
                    <td>{e.gaveUp ? 'yes' : 'no'}</td>
                    <td>{e.error}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p>None.</p>
          )}
        </>
      )}
      <h2>Recent crawls</h2>
      <LoadState result={crawls} what="the crawls" />
      {crawls.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">Crawl</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Finished</th>
            </tr>
          </thead>
          <tbody>
            {crawls.data.items.map((c) => (
              <tr key={c.id}>
                <td>{c.id}</td>
                <td>{c.status}</td>
                <td>{c.startedAt}</td>
                <td>{c.finishedAt ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
