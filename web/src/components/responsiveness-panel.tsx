// The project page's Responsiveness panel: the response time the project promises (CONTRIBUTING or
// innersource.json) and, when the forge's issues and pull requests were read, the open items, the time to
// first response for outside-team items beside the promise, and outside PRs by month.

import { apiPath, useApi } from '../lib/api.ts';
import type { ProjectResponsiveness } from '../lib/types.ts';

type Term = NonNullable<NonNullable<ProjectResponsiveness['promise']>['pullRequests']>;

function hours(h: number | null | undefined): string {
  if (h === null || h === undefined) return '–';
  if (h < 48) return `${Math.round(h * 10) / 10} h`;
  return `${Math.round((h / 24) * 10) / 10} days`;
}

function stated(t: Term): string {
  const unit = t.unit.replace('-', ' ');
  return `${t.amount} ${t.amount === 1 ? unit.replace(/s$/, '') : unit}`;
}

function Kept({ kept }: { kept: boolean | null }) {
  if (kept === null) return null;
  return (
    <span className={`status-pill status-${kept ? 'pass' : 'fail'}`}>
      {kept ? 'promise kept' : 'promise not kept'}
    </span>
  );
}

export function ResponsivenessPanel({ id }: { id: string }) {
  const result = useApi<ProjectResponsiveness>(apiPath(`/projects/${encodeURIComponent(id)}/responsiveness`));
  if (result.state !== 'ok') return null;
  const r = result.data;
  const m = r.measured;
  const kinds = [
    { key: 'pullRequests' as const, label: 'Pull requests', term: r.promise?.pullRequests ?? null },
    { key: 'issues' as const, label: 'Issues', term: r.promise?.issues ?? null },
  ];
  return (
    <section className="panel" aria-labelledby="responsiveness-title" data-testid="responsiveness">
      <h2 id="responsiveness-title">Responsiveness</h2>
      {r.promise ? (
        <ul className="link-list" data-testid="promise">
          {kinds
            .filter((k) => k.term)
            .map((k) => (
              <li key={k.key}>
                {k.label}: a first response within <strong>{stated(k.term as Term)}</strong>{' '}
                <span className="muted small">
                  ({(k.term as Term).path}: “{(k.term as Term).quote}”)
                </span>{' '}
                <Kept kept={r.kept[k.key]} />
              </li>
            ))}
        </ul>
      ) : (
        <p className="muted">No response time is promised in CONTRIBUTING or innersource.json.</p>
      )}
      {m ? (
        <>
          <table className="small" data-testid="responsiveness-numbers">
            <caption className="visually-hidden">Time to first response, last {m.window.days} days</caption>
            <thead>
              <tr>
                <th scope="col">Last {m.window.days} days</th>
                <th scope="col">Open now</th>
                <th scope="col">Outside-team, median to first response</th>
                <th scope="col">Outside-team, p90</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Pull requests</th>
                <td className="num">{m.numbers.prs.open}</td>
                <td className="num">{hours(m.numbers.outside.prFirstResponse.medianHours)}</td>
                <td className="num">{hours(m.numbers.outside.prFirstResponse.p90Hours)}</td>
              </tr>
              <tr>
                <th scope="row">Issues</th>
                <td className="num">{m.numbers.issues.open}</td>
                <td className="num">{hours(m.numbers.outside.issueFirstResponse.medianHours)}</td>
                <td className="num">{hours(m.numbers.outside.issueFirstResponse.p90Hours)}</td>
              </tr>
            </tbody>
          </table>
          {m.months.length > 0 && (
            <table className="small" data-testid="outside-prs-by-month">
              <caption>Pull requests from outside the owning team, by month</caption>
              <thead>
                <tr>
                  <th scope="col">Month</th>
                  <th scope="col">Opened</th>
                  <th scope="col">Merged</th>
                  <th scope="col">All merged</th>
                </tr>
              </thead>
              <tbody>
                {m.months.map((mo) => (
                  <tr key={mo.month}>
                    <th scope="row">{mo.month}</th>
                    <td className="num">{mo.outsidePrsOpened}</td>
                    <td className="num">{mo.outsidePrsMerged}</td>
                    <td className="num">{mo.prsMerged}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : (
        <p className="muted small" data-testid="not-measured">
          Issues and pull requests are not measured for this project (it needs a GitHub, GitLab or Gitea
          source).
        </p>
      )}
    </section>
  );
}
