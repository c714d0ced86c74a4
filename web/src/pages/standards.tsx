// Standards: the repos × rules matrix, filterable to what fails, to a rule and to a team.

import { useId } from 'react';
import { LevelBadge } from '../components/level-badge.tsx';
import { LoadState } from '../components/status.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { href, Link, navigate, projectPath, teamPath, useLocation } from '../lib/router.tsx';
import type { CheckStatus, StandardsResponse, TeamsResponse } from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';

const CELL: Record<CheckStatus, { symbol: string; label: string }> = {
  pass: { symbol: '✓', label: 'pass' },
  fail: { symbol: '✗', label: 'fail' },
  'not-applicable': { symbol: '·', label: 'not applicable' },
  'not-evaluated': { symbol: '?', label: 'not evaluated' },
  off: { symbol: '–', label: 'off' },
};

export function StandardsPage() {
  useTitle('Standards');
  const { path, query } = useLocation();
  const failing = query.get('failing') === '1';
  const rule = query.get('rule') ?? '';
  const team = query.get('team') ?? '';
  const result = useApi<StandardsResponse>(
    apiPath('/standards', { failing: failing ? '1' : '', rule, team }),
  );
  const teams = useApi<TeamsResponse>(apiPath('/teams'));
  const d = result.data;
  const ruleId = useId();
  const teamId = useId();
  const failingId = useId();

  function update(changes: Record<string, string>) {
    navigate(href(path, { failing: failing ? '1' : '', rule, team, ...changes }), { replace: true });
  }

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
        <div className="field">
          <label htmlFor={teamId}>Team</label>
          <select id={teamId} value={team} onChange={(e) => update({ team: e.target.value })}>
            <option value="">All teams</option>
            {(teams.data?.items ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      <LoadState result={result} what="standards" />
      {d && d.repos.length === 0 && <p className="muted">No project matches these filters.</p>}
      {d && d.repos.length > 0 && (
        <>
          <p className="muted" role="status">
            {d.repos.length} projects × {rules.length} rules. ✓ pass · ✗ fail · ? not evaluated · – off
          </p>
          <div className="table-scroll matrix-scroll">
            <table className="matrix" data-testid="standards-matrix">
              <caption className="visually-hidden">Standards results by project and rule</caption>
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Level</th>
                  {rules.map((r) => (
                    <th scope="col" key={r.id} className={`rule-col level-tag-${r.level}`} title={r.why}>
                      <span className="rule-name">{r.id}</span>
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
                      const status = repo.results[r.id];
                      const cell = status ? CELL[status] : undefined;
                      return (
                        <td key={r.id} className={`cell status-${status ?? 'none'}`}>
                          <span aria-hidden="true">{cell?.symbol ?? ''}</span>
                          <span className="visually-hidden">
                            {cell ? `${r.id}: ${cell.label}` : 'no result'}
                          </span>
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <section aria-labelledby="rules-title">
            <h2 id="rules-title">The rules</h2>
            <dl className="rules">
              {d.rules.map((r) => (
                <div key={r.id}>
                  <dt>
                    <code>{r.id}</code> <span className={`level-tag level-tag-${r.level}`}>{r.level}</span>
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
