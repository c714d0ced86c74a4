// Repositories a source lists but no crawl could store: shown where a person looks for them (the search, the
// dashboard), flagged as failed with the error of their last attempt, since they have no project page yet.

import type { NotCrawledRepo } from '../lib/types.ts';

export function NotCrawledList({
  repos,
  total,
  title,
}: {
  repos: NotCrawledRepo[];
  total?: number;
  title: string;
}) {
  if (repos.length === 0) return null;
  const more = (total ?? repos.length) - repos.length;
  return (
    <section className="notice error" aria-label={title} data-testid="not-crawled">
      <h2>{title}</h2>
      <ul>
        {repos.map((r) => (
          <li key={r.id}>
            <strong>
              {r.webUrl ? <a href={r.webUrl}>{r.fullName ?? r.name}</a> : (r.fullName ?? r.name)}
            </strong>{' '}
            <span className="badge">crawl failed</span> <code>{r.code}</code>: {r.error}
          </li>
        ))}
      </ul>
      {more > 0 && <p>and {more} more</p>}
    </section>
  );
}
