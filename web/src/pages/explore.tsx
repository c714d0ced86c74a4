// Explore: search as you type, facets with counts, sort, tiles or a denser list. Every choice lives in the
// URL query, so a search can be shared as a link and comes back with the back button.

import { useEffect, useId, useState } from 'react';
import { LevelBadge, levelLabel } from '../components/level-badge.tsx';
import { NotCrawledList } from '../components/not-crawled.tsx';
import { Pager } from '../components/pager.tsx';
import { ProjectRow, ProjectTile } from '../components/project-tile.tsx';
import { LoadState } from '../components/status.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { formatNumber } from '../lib/format.ts';
import { href, navigate, useLocation } from '../lib/router.tsx';
import type { FacetValue, ProjectFacets, ProjectsResponse, TeamsResponse } from '../lib/types.ts';
import { useDebounced } from '../lib/use-debounced.ts';
import { useTitle } from '../lib/use-title.ts';

const FACETS = [
  { key: 'language', label: 'Language' },
  { key: 'team', label: 'Owning team' },
  { key: 'topic', label: 'Topic' },
  { key: 'level', label: 'Readiness level' },
  { key: 'activity', label: 'Activity' },
  { key: 'welcomes', label: 'Welcomes contributions' },
  { key: 'visibility', label: 'Visibility' },
] as const satisfies readonly { key: keyof ProjectFacets; label: string }[];

const SORTS = [
  { value: 'score', label: 'Activity score' },
  { value: 'recent', label: 'Recent activity' },
  { value: 'outside', label: 'Outside share' },
  { value: 'name', label: 'Name' },
] as const;

const ACTIVITY_LABEL: Record<string, string> = {
  active: 'Active (last 90 days)',
  slowing: 'Slowing',
  dormant: 'Dormant (a year or more)',
};

const WELCOMES_LABEL: Record<string, string> = {
  'contributing-guide': 'Has a contributing guide',
  'help-wanted': 'Help wanted (innersource.json)',
};

const VISIBILITY_LABEL: Record<string, string> = {
  public: 'Public',
  internal: 'Internal',
  private: 'Private',
};

const PAGE_SIZE = 24;
const STATE_KEYS = [
  'q',
  'language',
  'team',
  'topic',
  'level',
  'activity',
  'welcomes',
  'visibility',
  'sort',
  'view',
  'page',
] as const;
type StateKey = (typeof STATE_KEYS)[number];

export function ExplorePage() {
  useTitle('Explore projects');
  const { path, query } = useLocation();
  const state = Object.fromEntries(STATE_KEYS.map((k) => [k, query.get(k) ?? ''])) as Record<
    StateKey,
    string
  >;
  const view = state.view === 'list' ? 'list' : 'tiles';
  const page = Math.max(1, Number(state.page) || 1);

  // The box is typed into locally; the URL (and so the request) follows after a pause.
  const [text, setText] = useState(state.q);
  const debounced = useDebounced(text, 200);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled keystroke updates the URL.
  useEffect(() => {
    if (debounced.trim() === state.q) return;
    update({ q: debounced.trim(), page: '' }, true);
  }, [debounced]);
  // Back/forward or a shared link changes q under us: show it in the box.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the URL, not the box.
  useEffect(() => {
    if (state.q !== debounced.trim()) setText(state.q);
  }, [state.q]);

  function urlOf(changes: Partial<Record<StateKey, string>>): string {
    const next: Record<string, string> = { ...state, ...changes };
    if (next.sort === 'score') next.sort = '';
    if (next.view === 'tiles') next.view = '';
    if (next.page === '1') next.page = '';
    return href(path, next);
  }
  function update(changes: Partial<Record<StateKey, string>>, replace = false) {
    navigate(urlOf(changes), { replace });
  }
  const pageHref = (p: number) => urlOf({ page: String(p) });

  const request = apiPath('/projects', {
    q: state.q,
    language: state.language,
    team: state.team,
    topic: state.topic,
    level: state.level,
    activity: state.activity,
    welcomes: state.welcomes,
    visibility: state.visibility,
    sort: state.sort || 'score',
    page,
    pageSize: PAGE_SIZE,
  });
  const result = useApi<ProjectsResponse>(request);
  const data = result.data;
  // Facets carry team ids; show the teams' names.
  const teams = useApi<TeamsResponse>(apiPath('/teams'));
  const teamNames = new Map((teams.data?.items ?? []).map((t) => [t.id, t.name]));
  const searchId = useId();
  const sortId = useId();
  const active = FACETS.filter((f) => state[f.key]);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <section className="page explore" aria-labelledby="explore-title">
      <div className="page-head">
        <h1 id="explore-title">Explore projects</h1>
        <p className="lede">Find code you can re-use and projects that welcome your contributions.</p>
      </div>
      <search className="search-bar">
        <label htmlFor={searchId} className="visually-hidden">
          Search projects
        </label>
        <input
          id={searchId}
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') update({ q: text.trim(), page: '' }, true);
          }}
          placeholder="Search name, description, README, topics, skills…"
          autoComplete="off"
          spellCheck={false}
          data-testid="search"
        />
      </search>
      <div className="explore-layout">
        <aside className="facets" aria-label="Filters">
          {active.length > 0 && (
            <button
              type="button"
              className="button link"
              onClick={() => update(Object.fromEntries(FACETS.map((f) => [f.key, ''])), false)}
            >
              Clear all filters
            </button>
          )}
          {FACETS.map((f) => (
            <Facet
              key={f.key}
              name={f.key}
              label={f.label}
              values={data?.facets?.[f.key] ?? []}
              selected={state[f.key]}
              teamNames={teamNames}
              onSelect={(v) => update({ [f.key]: v === state[f.key] ? '' : v, page: '' })}
            />
          ))}
        </aside>
        <div className="results">
          <div className="results-bar">
            <p className="result-count" role="status" aria-live="polite" data-testid="result-count">
              {data ? `${formatNumber(data.total)} ${data.total === 1 ? 'project' : 'projects'}` : ''}
              {state.q && data ? ` for “${state.q}”` : ''}
            </p>
            <div className="results-controls">
              <label htmlFor={sortId}>Sort by</label>
              <select
                id={sortId}
                value={state.sort || 'score'}
                onChange={(e) => update({ sort: e.target.value, page: '' })}
              >
                {SORTS.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
              <fieldset className="toggle">
                <legend className="visually-hidden">View</legend>
                <button
                  type="button"
                  aria-pressed={view === 'tiles'}
                  onClick={() => update({ view: 'tiles' })}
                >
                  Tiles
                </button>
                <button type="button" aria-pressed={view === 'list'} onClick={() => update({ view: 'list' })}>
                  List
                </button>
              </fieldset>
            </div>
          </div>
          {active.length > 0 && (
            <ul className="chips" aria-label="Active filters">
              {active.map((f) => (
                <li key={f.key}>
                  <button type="button" className="chip" onClick={() => update({ [f.key]: '', page: '' })}>
                    {f.label}: {displayValue(f.key, state[f.key], teamNames)}
                    <span aria-hidden="true"> ×</span>
                    <span className="visually-hidden"> (remove filter)</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <LoadState result={result} what="projects" />
          {data && (
            <NotCrawledList repos={data.notCrawled ?? []} title="Listed, but no crawl could read them yet" />
          )}
          {data && data.items.length === 0 && (
            <div className="notice" data-testid="no-match">
              <p>
                No project matches.{' '}
                {stillTyping(state.q)
                  ? 'Words of one or two letters only match whole words: keep typing.'
                  : 'Try fewer words or remove a filter.'}
              </p>
            </div>
          )}
          {data && data.items.length > 0 && view === 'tiles' && (
            <div className="tiles" aria-busy={result.state === 'loading'}>
              {data.items.map((p) => (
                <ProjectTile key={p.id} project={p} />
              ))}
            </div>
          )}
          {data && data.items.length > 0 && view === 'list' && (
            <div className="table-scroll">
              <table className="list-table" aria-busy={result.state === 'loading'}>
                <caption className="visually-hidden">Projects</caption>
                <thead>
                  <tr>
                    <th scope="col">Project</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Language</th>
                    <th scope="col" className="num">
                      Score
                    </th>
                    <th scope="col" className="num">
                      Outside (90d)
                    </th>
                    <th scope="col">Level</th>
                    <th scope="col">Last commit</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((p) => (
                    <ProjectRow key={p.id} project={p} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {data && (
            <Pager page={page} pages={pages} hrefOf={(p) => pageHref(p)} label="Pages of the results" />
          )}
        </div>
      </div>
    </section>
  );
}

/** True when the last word of a search is too short to match word beginnings (the server's rule: 3 letters). */
function stillTyping(q: string): boolean {
  const words = q.trim().split(/\s+/);
  const last = words[words.length - 1] ?? '';
  return last.length > 0 && last.length < 3;
}

function displayValue(facet: string, value: string, teamNames?: Map<string, string>): string {
  if (facet === 'team') return teamNames?.get(value) ?? value;
  if (facet === 'level') return levelLabel(value);
  if (facet === 'activity') return ACTIVITY_LABEL[value] ?? value;
  if (facet === 'welcomes') return WELCOMES_LABEL[value] ?? value;
  if (facet === 'visibility') return VISIBILITY_LABEL[value] ?? value;
  return value;
}

function Facet(props: {
  name: keyof ProjectFacets;
  label: string;
  values: FacetValue[];
  selected: string;
  teamNames: Map<string, string>;
  onSelect: (value: string) => void;
}) {
  const { name, label, values, selected, teamNames, onSelect } = props;
  const [expanded, setExpanded] = useState(false);
  const headingId = useId();
  // Keep a selected value visible even when it has no results in the current search.
  const all =
    selected && !values.some((v) => v.value === selected)
      ? [{ value: selected, count: 0 }, ...values]
      : values;
  if (all.length === 0) return null;
  const shown = expanded ? all : all.slice(0, 8);
  return (
    <section className="facet" aria-labelledby={headingId} data-facet={name}>
      <h2 id={headingId} className="facet-title">
        {label}
      </h2>
      <ul>
        {shown.map((v) => (
          <li key={v.value}>
            <button
              type="button"
              className="facet-value"
              aria-pressed={selected === v.value}
              onClick={() => onSelect(v.value)}
            >
              <span className="facet-label">
                {name === 'level' ? (
                  <LevelBadge level={v.value as 'gold'} />
                ) : (
                  displayValue(name, v.value, teamNames)
                )}
              </span>
              <span className="facet-count">
                {formatNumber(v.count)}
                <span className="visually-hidden"> projects</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      {all.length > 8 && (
        <button
          type="button"
          className="button link"
          aria-expanded={expanded}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? 'Show fewer' : `Show all ${all.length}`}
        </button>
      )}
    </section>
  );
}
