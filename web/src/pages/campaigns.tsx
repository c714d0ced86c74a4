// Every standards campaign: its rule or level, scope, target date, repos passing of those in scope, and the
// fix pull requests opened (open, merged, declined). Each links to the campaign's own page.

import { LoadState } from '../components/status.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { Link, teamPath } from '../lib/router.tsx';
import { useTitle } from '../lib/use-title.ts';

interface CampaignSummary {
  id: string;
  title: string;
  rule: string | null;
  level: string | null;
  target: string;
  daysLeft: number;
  total: number;
  passing: number;
  scope: { repos: string[]; teams: string[]; pilot: string | null };
  prs: { open: number; merged: number; declined: number; failed: number };
}

function Scope({ s }: { s: CampaignSummary['scope'] }) {
  const parts = [];
  if (s.pilot) {
    parts.push(
      <span key="pilot">
        pilot <Link to={`/pilots/${encodeURIComponent(s.pilot)}`}>{s.pilot}</Link>
      </span>,
    );
  }
  for (const t of s.teams) {
    parts.push(
      <span key={`t:${t}`}>
        team <Link to={teamPath(t)}>{t}</Link>
      </span>,
    );
  }
  for (const r of s.repos) parts.push(<code key={`r:${r}`}>{r}</code>);
  if (parts.length === 0) return <>every repo</>;
  return (
    <>
      {parts.map((p, i) => (
        <span key={p.key}>
          {i > 0 ? ', ' : ''}
          {p}
        </span>
      ))}
    </>
  );
}

export function CampaignsPage() {
  useTitle('Campaigns');
  const result = useApi<{ items: CampaignSummary[] }>(apiPath('/campaigns'));
  const items = result.state === 'ok' ? result.data.items : undefined;
  return (
    <section className="page" aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">Campaigns</h1>
      <p className="muted">
        A campaign asks every repo in its scope to pass a rule or reach a level by a target date; where a
        forge is configured, Agora opens the fix as a pull request (<code>agora campaign run</code>).
      </p>
      {!items ? (
        <LoadState result={result} what="the campaigns" />
      ) : items.length === 0 ? (
        <p>
          No campaigns yet: declare them under <code>campaigns:</code> in agora.yaml.
        </p>
      ) : (
        <div className="table-scroll">
          <table data-testid="campaigns">
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Goal</th>
                <th scope="col">Scope</th>
                <th scope="col">Target</th>
                <th scope="col">Passing</th>
                <th scope="col">Pull requests</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/campaigns/${encodeURIComponent(c.id)}`}>{c.title}</Link>
                  </th>
                  <td>{c.rule ? <code>{c.rule}</code> : `level ${c.level}`}</td>
                  <td>
                    <Scope s={c.scope} />
                  </td>
                  <td>
                    {c.target} ({c.daysLeft >= 0 ? `${c.daysLeft} days left` : `${-c.daysLeft} days past`})
                  </td>
                  <td>
                    {c.passing} of {c.total}
                  </td>
                  <td>
                    {c.prs.open + c.prs.merged + c.prs.declined} opened: {c.prs.open} open, {c.prs.merged}{' '}
                    merged, {c.prs.declined} declined
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
