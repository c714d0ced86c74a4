// Teams: every team with what it owns and how much it gives to and gets from the rest of the organisation;
// sortable by how helpful a team is to others (its PRs merged in other teams' repos, from the forge).

import { useId } from 'react';
import { LoadState } from '../components/status.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { formatNumber, formatPercent } from '../lib/format.ts';
import { href, Link, navigate, teamPath, useLocation } from '../lib/router.tsx';
import type { OrgItemMetrics, TeamsResponse } from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';

export function TeamsPage() {
  useTitle('Teams');
  const result = useApi<TeamsResponse>(apiPath('/teams'));
  const items = [...(result.data?.items ?? [])];
  const { path, query } = useLocation();
  const sortId = useId();
  const sort = query.get('sort') === 'helpfulness' ? 'helpfulness' : 'name';
  const forge = useApi<OrgItemMetrics>(apiPath('/responsiveness'));
  const helpful = new Map((forge.data?.teams ?? []).map((t) => [t.team, t.helpfulness]));
  const measured = (forge.data?.reposIngested ?? 0) > 0;
  if (sort === 'helpfulness')
    items.sort((a, b) => (helpful.get(b.id) ?? -1) - (helpful.get(a.id) ?? -1) || (a.name < b.name ? -1 : 1));
  return (
    <section className="page" aria-labelledby="teams-title">
      <div className="page-head">
        <h1 id="teams-title">Teams</h1>
        <p className="lede">Who owns what, and how much each team contributes across the organisation.</p>
      </div>
      <LoadState result={result} what="teams" />
      {measured && (
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor={sortId}>Sort by</label>
            <select
              id={sortId}
              value={sort}
              onChange={(e) =>
                navigate(href(path, { sort: e.target.value === 'name' ? '' : e.target.value }), {
                  replace: true,
                })
              }
            >
              <option value="name">Default order</option>
              <option value="helpfulness">Helpfulness to other teams (PRs merged elsewhere)</option>
            </select>
          </div>
        </form>
      )}
      {result.data && items.length === 0 && <p className="muted">No teams are configured or known yet.</p>}
      {items.length > 0 && (
        <div className="table-scroll">
          <table data-testid="teams-table">
            <caption className="visually-hidden">Teams</caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col" className="num">
                  Repos
                </th>
                <th scope="col" className="num">
                  Members
                </th>
                <th scope="col" className="num">
                  Commits elsewhere (365d)
                </th>
                <th scope="col" className="num">
                  Commits from outside (365d)
                </th>
                <th scope="col" className="num">
                  Outside contributors (365d)
                </th>
                <th scope="col" className="num">
                  Repos meeting standards
                </th>
                {measured && (
                  <th scope="col" className="num">
                    PRs merged elsewhere (90d)
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((t) => (
                <tr key={t.id}>
                  <th scope="row">
                    <Link to={teamPath(t.id)}>{t.name}</Link>
                  </th>
                  <td className="num">{formatNumber(t.repos)}</td>
                  <td className="num">{formatNumber(t.members)}</td>
                  <td className="num">{formatNumber(t.commitsToOtherTeams)}</td>
                  <td className="num">{formatNumber(t.outsideCommitsReceived)}</td>
                  <td className="num">{formatNumber(t.outsideContributorCount)}</td>
                  <td className="num">{formatPercent(t.compliance)}</td>
                  {measured && <td className="num">{formatNumber(helpful.get(t.id) ?? null)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
