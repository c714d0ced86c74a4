// One standards campaign: repos passing of those in scope, a burn-up chart towards the target date, and who is
// left with each repo's owner, channel and fix pull request (open, merged, or declined and not reopened).

import { ChartCanvas } from '../components/chart-canvas.tsx';
import { LoadState } from '../components/status.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { Link, projectPath, teamPath } from '../lib/router.tsx';
import { useTitle } from '../lib/use-title.ts';

interface CampaignRepo {
  id: string;
  name: string;
  team: string | null;
  passing: boolean;
  status: string;
  channels: { kind: string; url: string }[];
  pr: { state: string; url: string | null; number: number | null } | null;
}

interface Campaign {
  id: string;
  title: string;
  rule: string | null;
  level: string | null;
  target: string;
  daysLeft: number;
  total: number;
  passing: number;
  burnup: { day: string; passing: number; total: number }[];
  repos: CampaignRepo[];
  rules: { id: string; title: string; why: string }[];
}

const safeUrl = (u: string) => (/^(https?:|mailto:)/i.test(u) ? u : undefined);

export function CampaignPage({ id }: { id: string }) {
  const result = useApi<Campaign>(apiPath(`/campaigns/${encodeURIComponent(id)}`));
  const c = result.state === 'ok' ? result.data : undefined;
  useTitle(c ? c.title : 'Campaign');
  if (!c) {
    return (
      <section className="page">
        <h1>Campaign</h1>
        <LoadState result={result} what="the campaign" />
      </section>
    );
  }
  const left = c.repos.filter((r) => !r.passing);
  return (
    <section className="page" aria-labelledby="campaign-title">
      <h1 id="campaign-title">{c.title}</h1>
      <p data-testid="campaign-summary">
        {c.passing} of {c.total} repos pass {c.rule ? <code>{c.rule}</code> : `level ${c.level}`}; target{' '}
        {c.target} ({c.daysLeft >= 0 ? `${c.daysLeft} days left` : `${-c.daysLeft} days past`}).
      </p>
      {c.rules.map((r) => (
        <p key={r.id} className="muted">
          {r.title}: {r.why}
        </p>
      ))}
      <ChartCanvas
        kind="line"
        title="Repos passing per day, and repos in scope"
        labels={c.burnup.map((p) => p.day)}
        series={[
          { label: 'Repos passing', values: c.burnup.map((p) => p.passing) },
          { label: 'Repos in scope', values: c.burnup.map((p) => p.total) },
        ]}
        integer
        testId="campaign-burnup"
      />
      <h2>Who is left ({left.length})</h2>
      {left.length === 0 ? (
        <p>Every repo in scope passes.</p>
      ) : (
        <table data-testid="campaign-left">
          <thead>
            <tr>
              <th scope="col">Repo</th>
              <th scope="col">Status</th>
              <th scope="col">Owner</th>
              <th scope="col">Channel</th>
              <th scope="col">Pull request</th>
            </tr>
          </thead>
          <tbody>
            {left.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={projectPath(r.id)}>{r.name}</Link>
                </td>
                <td>{r.status}</td>
                <td>{r.team ? <Link to={teamPath(r.team)}>{r.team}</Link> : 'No team'}</td>
                <td>
                  {r.channels[0] && safeUrl(r.channels[0].url) ? (
                    <a href={safeUrl(r.channels[0].url)}>{r.channels[0].kind}</a>
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
                <td>
                  {r.pr ? (
                    r.pr.url && safeUrl(r.pr.url) ? (
                      <a href={safeUrl(r.pr.url)}>{r.pr.state}</a>
                    ) : (
                      r.pr.state
                    )
                  ) : (
                    <span className="muted">none</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
