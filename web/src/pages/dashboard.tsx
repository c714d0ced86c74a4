// Dashboard: the organisation's InnerSource roll-ups month by month, and the most active and newest projects.
// The current month is not over: it is drawn dashed and labelled "(so far)", never as a whole month.

import { useMemo } from 'react';
import { ChartCanvas } from '../components/chart-canvas.tsx';
import { OrgResponsivenessPanel } from '../components/item-metrics-panels.tsx';
import { NotCrawledList } from '../components/not-crawled.tsx';
import { ProjectTile } from '../components/project-tile.tsx';
import { LoadState } from '../components/status.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { formatNumber, formatPercent } from '../lib/format.ts';
import type { DashboardResponse } from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';
import { Stat } from './team.tsx';

const percent = (n: number) => formatPercent(n);

export function DashboardPage() {
  useTitle('Dashboard');
  const result = useApi<DashboardResponse>(apiPath('/dashboard'));
  const d = result.state === 'ok' ? result.data : undefined;
  const months = useMemo(() => d?.series.map((p) => p.month) ?? [], [d]);
  const partial = useMemo(() => d?.series.map((p) => p.partial === true) ?? [], [d]);
  const shares = useMemo(
    () =>
      d
        ? [
            { label: 'Repos meeting standards', values: d.series.map((p) => p.compliance) },
            { label: 'Repos with outside contributions', values: d.series.map((p) => p.outsideShare) },
          ]
        : [],
    [d],
  );
  const counts = useMemo(
    () =>
      d
        ? [
            { label: 'Cross-team contributors', values: d.series.map((p) => p.crossTeamContributors) },
            { label: 'Cross-team re-use edges', values: d.series.map((p) => p.reuseEdges) },
          ]
        : [],
    [d],
  );
  return (
    <section className="page" aria-labelledby="dashboard-title">
      <div className="page-head">
        <h1 id="dashboard-title">Dashboard</h1>
        <p className="lede">How InnerSource is going across the organisation.</p>
      </div>
      <LoadState result={result} what="the dashboard" />
      {d && (
        <>
          <dl className="stats" data-testid="dashboard-totals">
            <Stat label="Projects" value={formatNumber(d.totals.repos)} />
            <Stat label="Teams" value={formatNumber(d.totals.teams)} />
            <Stat label="Contributors (90 days)" value={formatNumber(d.totals.contributors90)} />
            <Stat label="Commits (90 days)" value={formatNumber(d.totals.commits90)} />
            <Stat label="Repos meeting standards" value={formatPercent(d.totals.compliance)} />
            <Stat
              label="Repos with outside contributions (90 days)"
              value={
                d.totals.outsideShare90 === null ? 'not measured' : formatPercent(d.totals.outsideShare90)
              }
            />
            <Stat
              label="Cross-team contributors (90 days)"
              value={formatNumber(d.totals.crossTeamContributors90)}
            />
            <Stat
              label="Re-use edges (cross-team)"
              value={`${formatNumber(d.totals.reuseEdges)} (${formatNumber(d.totals.crossTeamReuseEdges)})`}
            />
          </dl>
          <div className="two-col">
            <section className="panel" aria-labelledby="shares-title">
              <h2 id="shares-title">Standards and outside share</h2>
              <ChartCanvas
                kind="line"
                title="Share of repos meeting standards and share of repos with outside contributions, by month"
                labels={months}
                series={shares}
                partial={partial}
                format={percent}
                yMax={1}
                testId="dashboard-shares-chart"
              />
            </section>
            <section className="panel" aria-labelledby="counts-title">
              <h2 id="counts-title">Cross-team contributors and re-use</h2>
              <ChartCanvas
                kind="line"
                title="Cross-team contributors and cross-team re-use edges, by month"
                labels={months}
                series={counts}
                partial={partial}
                integer
                testId="dashboard-counts-chart"
              />
            </section>
          </div>
          <NotCrawledList
            repos={d.notCrawled?.items ?? []}
            total={d.notCrawled?.total}
            title="Repositories no crawl could read"
          />
          <OrgResponsivenessPanel />
          <section aria-labelledby="active-title">
            <h2 id="active-title">Most active</h2>
            <div className="tiles">
              {d.mostActive.map((p) => (
                <ProjectTile key={p.id} project={p} />
              ))}
            </div>
          </section>
          <section aria-labelledby="newest-title">
            <h2 id="newest-title">Newest</h2>
            <div className="tiles">
              {d.newest.map((p) => (
                <ProjectTile key={p.id} project={p} />
              ))}
            </div>
          </section>
        </>
      )}
    </section>
  );
}
