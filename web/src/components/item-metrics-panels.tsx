// Issues and pull requests on the dashboard and the team page (GET /api/v1/responsiveness): the
// organisation's responsiveness trend and outside-PR share, and a team's PRs sent to and received from other
// teams. Nothing is shown when no forge's issues and pull requests were read.

import { apiPath, useApi } from '../lib/api.ts';
import { formatNumber, formatPercent } from '../lib/format.ts';
import { Link, teamPath } from '../lib/router.tsx';
import type { OrgItemMetrics } from '../lib/types.ts';

function hours(h: number | null | undefined): string {
  if (h === null || h === undefined) return '–';
  return h < 48 ? `${Math.round(h * 10) / 10} h` : `${Math.round((h / 24) * 10) / 10} days`;
}

/** The dashboard's panel: responsiveness by month and the share of merged PRs from outside the owning team. */
export function OrgResponsivenessPanel() {
  const result = useApi<OrgItemMetrics>(apiPath('/responsiveness'));
  if (result.state !== 'ok' || result.data.reposIngested === 0) return null;
  const o = result.data;
  return (
    <section className="panel" aria-labelledby="org-responsiveness-title" data-testid="org-responsiveness">
      <h2 id="org-responsiveness-title">Pull requests and issues</h2>
      <p>
        Last {o.window.days} days: {formatNumber(o.numbers.prs.opened)} PRs opened,{' '}
        {formatNumber(o.numbers.outside.prsOpened)} from outside the owning team; outside PRs are{' '}
        <strong>{formatPercent(o.numbers.outside.shareOfMergedPrs)}</strong> of merged PRs. Median time to
        first response: PRs {hours(o.numbers.prs.firstResponse.medianHours)}, issues{' '}
        {hours(o.numbers.issues.firstResponse.medianHours)}.
      </p>
      <table className="small">
        <caption>Responsiveness and outside PRs by month</caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            <th scope="col">Median to first response, PRs</th>
            <th scope="col">Median to first response, issues</th>
            <th scope="col">Outside PRs merged</th>
            <th scope="col">All PRs merged</th>
          </tr>
        </thead>
        <tbody>
          {o.months.map((m) => (
            <tr key={m.month}>
              <th scope="row">{m.month}</th>
              <td className="num">{hours(m.prFirstResponseMedianHours)}</td>
              <td className="num">{hours(m.issueFirstResponseMedianHours)}</td>
              <td className="num">{formatNumber(m.outsidePrsMerged)}</td>
              <td className="num">{formatNumber(m.prsMerged)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The team page's panel: PRs and issues sent to and received from other teams. */
export function TeamHelpPanel({ team }: { team: string }) {
  const result = useApi<OrgItemMetrics>(apiPath('/responsiveness'));
  if (result.state !== 'ok' || result.data.reposIngested === 0) return null;
  const t = result.data.teams.find((x) => x.team === team);
  if (!t) return null;
  const name = (id: string | null) =>
    result.data.teams.find((x) => x.team === id)?.name ?? id ?? 'unaffiliated';
  const rows = (edges: typeof t.sent, other: 'from' | 'to') =>
    edges.map((e) => (
      <tr key={`${e.from}->${e.to}`}>
        <th scope="row">
          {e[other] ? <Link to={teamPath(e[other] as string)}>{name(e[other])}</Link> : name(null)}
        </th>
        <td className="num">{formatNumber(e.prs)}</td>
        <td className="num">{formatNumber(e.prsMerged)}</td>
        <td className="num">{formatNumber(e.issues)}</td>
      </tr>
    ));
  return (
    <section className="panel" aria-labelledby="team-help-title" data-testid="team-help">
      <h2 id="team-help-title">Pull requests across teams (last {t.window.days} days)</h2>
      <p>
        Helpfulness: <strong>{formatNumber(t.helpfulness)}</strong> PRs merged in other teams' repos.
      </p>
      {[
        { title: 'Sent to other teams', edges: t.sent, other: 'to' as const },
        { title: 'Received from other teams', edges: t.received, other: 'from' as const },
      ].map((s) => (
        <table className="small" key={s.title}>
          <caption>{s.title}</caption>
          <thead>
            <tr>
              <th scope="col">Team</th>
              <th scope="col">PRs</th>
              <th scope="col">Merged</th>
              <th scope="col">Issues</th>
            </tr>
          </thead>
          <tbody>
            {s.edges.length === 0 ? (
              <tr>
                <td colSpan={4} className="muted">
                  None
                </td>
              </tr>
            ) : (
              rows(s.edges, s.other)
            )}
          </tbody>
        </table>
      ))}
    </section>
  );
}
