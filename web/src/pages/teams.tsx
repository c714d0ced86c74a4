// Teams: every team with what it owns and how much it gives to and gets from the rest of the organisation.

import { LoadState } from '../components/status.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { formatNumber, formatPercent } from '../lib/format.ts';
import { Link, teamPath } from '../lib/router.tsx';
import type { TeamsResponse } from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';

export function TeamsPage() {
  useTitle('Teams');
  const result = useApi<TeamsResponse>(apiPath('/teams'));
  const items = result.data?.items ?? [];
  return (
    <section className="page" aria-labelledby="teams-title">
      <div className="page-head">
        <h1 id="teams-title">Teams</h1>
        <p className="lede">Who owns what, and how much each team contributes across the organisation.</p>
      </div>
      <LoadState result={result} what="teams" />
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
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
