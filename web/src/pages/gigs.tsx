// Gigs: open issues labelled for guests (help wanted, good first issue, or the organisation's own labels)
// across every project, newest first, filterable by language, team, label and age, one page at a time. Each
// gig links the issue, the project, its contribution guide and the channel to reach the team.

import { useId } from 'react';
import { Pager } from '../components/pager.tsx';
import { LoadState } from '../components/status.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import {
  contributingPath,
  href,
  Link,
  navigate,
  projectPath,
  teamPath,
  useLocation,
} from '../lib/router.tsx';
import type { GigPage } from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';

const PAGE_SIZE = 50;
const AGES = [
  { value: '', label: 'Any age' },
  { value: '7', label: 'Last 7 days' },
  { value: '30', label: 'Last 30 days' },
  { value: '90', label: 'Last 90 days' },
  { value: '365', label: 'Last year' },
];

function intParam(v: string | null, fallback: number, max: number): number {
  const n = Math.trunc(Number(v));
  return v && Number.isFinite(n) && n >= 1 ? Math.min(max, n) : fallback;
}

function age(days: number): string {
  if (days === 0) return 'today';
  if (days === 1) return '1 day ago';
  if (days < 60) return `${days} days ago`;
  return `${Math.round(days / 30)} months ago`;
}

export function GigsPage() {
  useTitle('Gigs');
  const { path, query } = useLocation();
  const language = query.get('language') ?? '';
  const team = query.get('team') ?? '';
  const label = query.get('label') ?? '';
  const maxAgeDays = query.get('maxAgeDays') ?? '';
  const page = intParam(query.get('page'), 1, 100_000);
  const result = useApi<GigPage>(
    apiPath('/gigs', { language, team, label, maxAgeDays, page, pageSize: PAGE_SIZE }),
  );
  const d = result.data;
  const ids = { language: useId(), team: useId(), label: useId(), age: useId() };

  function to(changes: Record<string, string | number>): string {
    const next: Record<string, string | number> = { language, team, label, maxAgeDays, page, ...changes };
    if (Number(next.page) === 1) next.page = '';
    return href(path, next);
  }
  function update(changes: Record<string, string>) {
    navigate(to({ ...changes, page: 1 }), { replace: true });
  }

  const pages = d ? Math.max(1, Math.ceil(d.total / d.pageSize)) : 1;
  return (
    <section className="page" aria-labelledby="gigs-page-title">
      <div className="page-head">
        <h1 id="gigs-page-title">Gigs</h1>
        <p className="lede">
          Open issues the owning teams would like help with, newest first. Read the project's contribution
          guide, say hello in its channel, then pick one up.
        </p>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} data-testid="gigs-filters">
        <FacetSelect
          id={ids.language}
          label="Language"
          all="All languages"
          value={language}
          facets={d?.facets.languages}
          onChange={(v) => update({ language: v })}
        />
        <FacetSelect
          id={ids.team}
          label="Team"
          all="All teams"
          value={team}
          facets={d?.facets.teams}
          onChange={(v) => update({ team: v })}
        />
        <FacetSelect
          id={ids.label}
          label="Label"
          all="All labels"
          value={label}
          facets={d?.facets.labels}
          onChange={(v) => update({ label: v })}
        />
        <div className="field">
          <label htmlFor={ids.age}>Opened</label>
          <select id={ids.age} value={maxAgeDays} onChange={(e) => update({ maxAgeDays: e.target.value })}>
            {AGES.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      <LoadState result={result} what="gigs" />
      {d && (
        <p className="muted" role="status" data-testid="gigs-count">
          {d.total === 0
            ? 'No gig matches these filters.'
            : `${d.total.toLocaleString('en')} gig${d.total === 1 ? '' : 's'}`}
          {d.truncated ? ' (only the 5,000 most recently updated labelled issues were read)' : ''}
        </p>
      )}
      {d && d.items.length > 0 && (
        <ol className="gig-list" data-testid="gig-list">
          {d.items.map((g) => (
            <li key={`${g.repoId}#${g.number}`} className="gig panel" data-testid="gig">
              <h2 className="gig-title">
                {g.url ? (
                  <a href={g.url} rel="noopener noreferrer">
                    {g.title}
                  </a>
                ) : (
                  g.title
                )}{' '}
                <span className="muted small">#{g.number}</span>
              </h2>
              <p className="small">
                <Link to={projectPath(g.repoId)}>{g.repoFullName}</Link>
                {g.language ? ` · ${g.language}` : ''}
                {g.team ? (
                  <>
                    {' · '}
                    <Link to={teamPath(g.team)}>{g.teamName ?? g.team}</Link>
                  </>
                ) : null}
                {' · '}opened {age(g.ageDays)}
                {g.comments > 0 ? ` · ${g.comments} comment${g.comments === 1 ? '' : 's'}` : ''}
              </p>
              <ul className="topics" aria-label="Labels">
                {g.gigLabels.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
              <p className="gig-links small">
                {g.contributeUrl ? (
                  <Link to={contributingPath(g.repoId)} data-testid="gig-contributing">
                    Contribution guide
                  </Link>
                ) : (
                  <span className="muted">No contribution guide</span>
                )}
                {' · '}
                {g.channel ? (
                  <a href={g.channel.url} rel="noopener noreferrer" data-testid="gig-channel">
                    {g.channel.label}
                  </a>
                ) : (
                  <span className="muted">No channel listed</span>
                )}
              </p>
            </li>
          ))}
        </ol>
      )}
      {d && (
        <Pager
          page={d.page}
          pages={pages}
          hrefOf={(p) => to({ page: p })}
          label="Pages of gigs"
          testId="gigs-pager"
        />
      )}
    </section>
  );
}

/** One filter of the gig board: a facet's values with their counts, "all" first. */
function FacetSelect(props: {
  id: string;
  label: string;
  all: string;
  value: string;
  facets: readonly { value: string; name?: string | null; count: number }[] | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.all}</option>
        {(props.facets ?? []).map((f) => (
          <option key={f.value} value={f.value}>
            {f.name ?? f.value} ({f.count})
          </option>
        ))}
      </select>
    </div>
  );
}
