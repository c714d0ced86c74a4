// Standards: the repos × rules matrix, filterable to what fails, to a rule and to a team, one page at a time,
// with how many of the filtered projects fail each rule. The matrix scrolls inside a box no taller than the
// screen, its header row and project column sticky, so every column is reachable with the scrollbar in view.
// Every symbol a cell can show comes from one table (SYMBOLS), and the legend lists that whole table.

import { useId } from 'react';
import { LevelBadge } from '../components/level-badge.tsx';
import { Pager } from '../components/pager.tsx';
import { ScrollBox } from '../components/scroll-box.tsx';
import { LoadState } from '../components/status.tsx';
import { TeamFilter } from '../components/team-filter.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { href, Link, navigate, projectPath, teamPath, useLocation } from '../lib/router.tsx';
import type { CheckStatus, ReadinessLevel, StandardsResponse } from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';

type RuleLevel = StandardsResponse['rules'][number]['level'];

/** What a cell shows: a status, a failure told apart by the rule's level, or no stored result. */
type CellKind = Exclude<CheckStatus, 'fail'> | `fail-${RuleLevel}` | 'none';

const SYMBOLS: readonly { kind: CellKind; symbol: string; label: string }[] = [
  { kind: 'pass', symbol: '✓', label: 'pass' },
  { kind: 'fail-error', symbol: '✗', label: 'fail (error rule)' },
  { kind: 'fail-warning', symbol: '!', label: 'fail (warning rule)' },
  { kind: 'fail-info', symbol: 'i', label: 'fail (info rule)' },
  { kind: 'not-applicable', symbol: '·', label: 'not applicable' },
  { kind: 'not-evaluated', symbol: '?', label: 'not evaluated (a prerequisite is missing)' },
  { kind: 'off', symbol: '–', label: 'rule turned off' },
  { kind: 'none', symbol: '○', label: 'no result stored yet' },
];
const CELL = new Map(SYMBOLS.map((c) => [c.kind, c]));

function cellOf(status: CheckStatus | undefined, level: RuleLevel) {
  const kind: CellKind = status === undefined ? 'none' : status === 'fail' ? `fail-${level}` : status;
  return CELL.get(kind) ?? CELL.get('none')!;
}

const PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
const MAX_PAGE = 100_000;
const LEVELS: ReadinessLevel[] = ['gold', 'silver', 'bronze', 'none'];

/** A whole number from the URL in [min, max], or the fallback. */
function intParam(v: string | null, fallback: number, min: number, max: number): number {
  const n = Math.trunc(Number(v));
  return v && Number.isFinite(n) && n >= 1 ? Math.min(max, Math.max(min, n)) : fallback;
}

function count(n: number): string {
  return n.toLocaleString('en');
}

export function StandardsPage() {
  useTitle('Standards');
  const { path, query } = useLocation();
  const failing = query.get('failing') === '1';
  const rule = query.get('rule') ?? '';
  const team = query.get('team') ?? '';
  const page = intParam(query.get('page'), 1, 1, MAX_PAGE);
  const pageSize = intParam(query.get('pageSize'), PAGE_SIZE, 1, MAX_PAGE_SIZE);
  const result = useApi<StandardsResponse>(
    apiPath('/standards', { failing: failing ? '1' : '', rule, team, page, pageSize }),
  );
  const d = result.data;
  const ruleId = useId();
  const failingId = useId();

  /** The page's URL with `changes`; defaults (page 1, 50 a page) stay out of it. */
  function to(changes: Record<string, string | number>): string {
    const next: Record<string, string | number> = {
      failing: failing ? '1' : '',
      rule,
      team,
      page,
      pageSize,
      ...changes,
    };
    if (Number(next.page) === 1) next.page = '';
    if (Number(next.pageSize) === PAGE_SIZE) next.pageSize = '';
    return href(path, next);
  }

  /** A filter changed: back to the first page. */
  function update(changes: Record<string, string>) {
    navigate(to({ ...changes, page: 1 }), { replace: true });
  }

  const pages = d ? Math.max(1, Math.ceil(d.total / d.pageSize)) : 1;
  const first = d ? (d.page - 1) * d.pageSize + 1 : 0;
  const last = d ? first + d.repos.length - 1 : 0;
  const rules = d ? (rule ? d.rules.filter((r) => r.id === rule) : d.rules) : [];
  return (
    <section className="page" aria-labelledby="standards-page-title">
      <div className="page-head">
        <h1 id="standards-page-title">Standards</h1>
        <p className="lede">
          Every project against the organisation's ruleset.{' '}
          <Link to="/get-listed">How to fix what fails</Link>.
        </p>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field check-field">
          <input
            id={failingId}
            type="checkbox"
            checked={failing}
            onChange={(e) => update({ failing: e.target.checked ? '1' : '' })}
          />
          <label htmlFor={failingId}>Only projects with failures</label>
        </div>
        <div className="field">
          <label htmlFor={ruleId}>Rule</label>
          <select id={ruleId} value={rule} onChange={(e) => update({ rule: e.target.value })}>
            <option value="">All rules</option>
            {(d?.rules ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.id}
              </option>
            ))}
          </select>
        </div>
        <TeamFilter value={team} onChange={(t) => update({ team: t })} />
      </form>
      <LoadState result={result} what="standards" />
      {d && d.total === 0 && <p className="muted">No project matches these filters.</p>}
      {d && d.total > 0 && d.repos.length === 0 && (
        <p className="notice">
          Page {d.page} is past the end: there {pages === 1 ? 'is 1 page' : `are ${count(pages)} pages`}.{' '}
          <Link to={to({ page: pages })}>Go to page {count(pages)}</Link>
        </p>
      )}
      {d && d.total > 0 && (
        <>
          <p className="muted" role="status" data-testid="standards-count">
            {d.repos.length > 0
              ? `Projects ${count(first)}–${count(last)} of ${count(d.total)}`
              : `${count(d.total)} projects`}{' '}
            × {rules.length} rules.
          </p>
          <ul className="matrix-legend" aria-label="Symbols in the matrix" data-testid="standards-legend">
            {SYMBOLS.map((c) => (
              <li key={c.kind} data-symbol={c.symbol}>
                <span className={`cell-symbol cell-${c.kind}`} aria-hidden="true">
                  {c.symbol}
                </span>{' '}
                {c.label}
              </li>
            ))}
          </ul>
        </>
      )}
      {d && d.repos.length > 0 && (
        <>
          <ScrollBox
            label="Standards matrix, scrolls both ways"
            className="matrix-scroll"
            testId="standards-scroll"
          >
            <table className="matrix" data-testid="standards-matrix">
              <caption className="visually-hidden">
                Standards results by project and rule, page {d.page} of {pages}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Level</th>
                  {rules.map((r) => (
                    <th scope="col" key={r.id} className={`rule-col level-tag-${r.level}`} title={r.why}>
                      <span className="rule-name">{r.id}</span>
                      <span className={`rule-failing${r.failing > 0 ? ' has-failures' : ''}`}>
                        {count(r.failing)} failing
                      </span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.repos.map((repo) => (
                  <tr key={repo.id}>
                    <th scope="row">
                      <Link to={projectPath(repo.id)}>{repo.name}</Link>
                      {repo.team && (
                        <div className="small muted">
                          <Link to={teamPath(repo.team)}>{repo.team}</Link>
                        </div>
                      )}
                    </th>
                    <td>
                      <LevelBadge level={repo.level} />
                    </td>
                    {rules.map((r) => {
                      const cell = cellOf(repo.results[r.id], r.level);
                      return (
                        <td
                          key={r.id}
                          className={`cell status-${repo.results[r.id] ?? 'none'} cell-${cell.kind}`}
                        >
                          <span aria-hidden="true" className="cell-symbol">
                            {cell.symbol}
                          </span>
                          <span className="visually-hidden">{`${r.id}: ${cell.label}`}</span>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
          <Pager
            page={d.page}
            pages={pages}
            hrefOf={(page) => to({ page })}
            label="Pages of the standards matrix"
            testId="standards-pager"
          />
          <p className="muted small" data-testid="standards-levels">
            Readiness of the {count(d.total)} projects:{' '}
            {LEVELS.map((l) => `${l} ${count(d.levels[l])}`).join(' · ')}
          </p>
          <section aria-labelledby="rules-title">
            <h2 id="rules-title">The rules</h2>
            <dl className="rules">
              {d.rules.map((r) => (
                <div key={r.id}>
                  <dt>
                    <code>{r.id}</code> <span className={`level-tag level-tag-${r.level}`}>{r.level}</span>{' '}
                    <span className="small muted">— {count(r.failing)} failing</span>
                  </dt>
                  <dd>{r.why}</dd>
                </div>
              ))}
            </dl>
          </section>
        </>
      )}
    </section>
  );
}
