// One team: what it owns, where its members contribute, and who contributes to its repos from outside.

import type { ReactNode } from 'react';
import { TeamHelpPanel } from '../components/item-metrics-panels.tsx';
import { ProjectTile } from '../components/project-tile.tsx';
import { LoadState } from '../components/status.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { formatNumber, formatPercent } from '../lib/format.ts';
import { Link, projectPath, teamPath } from '../lib/router.tsx';
import type { TeamDetail } from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';

export function TeamPage({ id }: { id: string }) {
  const base = `/teams/${encodeURIComponent(id)}`;
  const result = useApi<TeamDetail>(apiPath(base));
  const t = result.state === 'ok' ? result.data : undefined;
  useTitle(t ? t.name : 'Team');
  if (!t) {
    return (
      <section className="page">
        <h1>Team</h1>
        <LoadState result={result} what="the team" />
      </section>
    );
  }
  return (
    <section className="page" aria-labelledby="team-title">
      <div className="page-head">
        <p className="breadcrumb">
          <Link to="/teams">Teams</Link> <span aria-hidden="true">/</span> {t.name}
        </p>
        <h1 id="team-title">{t.name}</h1>
      </div>
      <dl className="stats" data-testid="team-stats">
        <Stat label="Repos owned" value={formatNumber(t.repos)} />
        <Stat label="Members" value={formatNumber(t.members)} />
        <Stat label="Commits to other teams' repos (365 days)" value={formatNumber(t.commitsToOtherTeams)} />
        <Stat label="Commits from outside (365 days)" value={formatNumber(t.outsideCommitsReceived)} />
        <Stat label="Outside contributors (365 days)" value={formatNumber(t.outsideContributorCount)} />
        <Stat label="Repos meeting standards" value={formatPercent(t.compliance)} />
      </dl>
      <section aria-labelledby="owns-title">
        <h2 id="owns-title">Owns</h2>
        {t.owns.length === 0 ? (
          <p className="muted">No repos are owned by this team.</p>
        ) : (
          <div className="tiles">
            {t.owns.map((p) => (
              <ProjectTile key={p.id} project={p} />
            ))}
          </div>
        )}
        <More shown={t.owns.length} total={t.totals.owns}>
          <Link to={`/?team=${encodeURIComponent(t.id)}`}>every repo it owns in Explore</Link>
        </More>
      </section>
      <TeamHelpPanel team={t.id} />
      <div className="two-col">
        <section className="panel" aria-labelledby="elsewhere-title">
          <h2 id="elsewhere-title">Where its members contribute</h2>
          {t.contributesTo.length === 0 ? (
            <p className="muted">No commits to other teams' repos in the window.</p>
          ) : (
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col" className="num">
                    Commits
                  </th>
                  <th scope="col" className="num">
                    People
                  </th>
                </tr>
              </thead>
              <tbody>
                {t.contributesTo.map((c) => (
                  <tr key={c.repo.id}>
                    <th scope="row">
                      <Link to={projectPath(c.repo.id)}>{c.repo.name}</Link>
                      {c.repo.team && (
                        <span className="muted">
                          {' '}
                          · <Link to={teamPath(c.repo.team)}>{c.repo.team}</Link>
                        </span>
                      )}
                    </th>
                    <td className="num">{formatNumber(c.commits)}</td>
                    <td className="num">{formatNumber(c.people)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <More shown={t.contributesTo.length} total={t.totals.contributesTo}>
            <a href={apiPath(`${base}/contributes-to`, { pageSize: 200 })}>every repo (JSON)</a>
          </More>
        </section>
        <section className="panel" aria-labelledby="outside-title">
          <h2 id="outside-title">Outside contributors to its repos</h2>
          {t.outsideContributors.length === 0 ? (
            <p className="muted">Nobody from outside the team has contributed in the window.</p>
          ) : (
            <table className="compact">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Team</th>
                  <th scope="col" className="num">
                    Commits
                  </th>
                </tr>
              </thead>
              <tbody>
                {t.outsideContributors.map((o) => (
                  <tr key={o.person.email}>
                    <th scope="row">{o.person.name}</th>
                    <td>{o.person.team ? <Link to={teamPath(o.person.team)}>{o.person.team}</Link> : '–'}</td>
                    <td className="num">{formatNumber(o.commits)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <More shown={t.outsideContributors.length} total={t.totals.outsideContributors}>
            <a href={apiPath(`${base}/outside-contributors`, { pageSize: 200 })}>
              every outside contributor (JSON)
            </a>
          </More>
        </section>
      </div>
    </section>
  );
}

/** "N more not shown here" and where to find them, when a list the API caps has more than it embeds. */
function More({ shown, total, children }: { shown: number; total: number; children: ReactNode }) {
  if (total <= shown) return null;
  return (
    <p className="muted small">
      {formatNumber(total - shown)} more not shown here: {children}.
    </p>
  );
}

export function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
