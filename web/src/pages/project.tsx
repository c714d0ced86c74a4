// Project: the README, how to contribute, standards results with fixes, weekly activity for 12 months,
// contributors by team (own vs outside), the organisation-internal dependencies both ways, and the repo's
// findings (problems its crawl met) by severity.

import { useEffect, useMemo } from 'react';
import { ChartCanvas } from '../components/chart-canvas.tsx';
import { FollowFeed } from '../components/follow-feed.tsx';
import { LevelBadge } from '../components/level-badge.tsx';
import { ResponsivenessPanel } from '../components/responsiveness-panel.tsx';
import { ScrollBox } from '../components/scroll-box.tsx';
import { ServerHtml } from '../components/server-html.tsx';
import { ShareBar } from '../components/share-bar.tsx';
import { LoadState } from '../components/status.tsx';
import { ApiError, apiPath, useApi } from '../lib/api.ts';
import { formatAgo, formatDate, formatNumber, formatPercent } from '../lib/format.ts';
import { documentPath, Link, projectPath, teamPath } from '../lib/router.tsx';
import type {
  ActivityResponse,
  CheckResultView,
  ProjectDetail,
  ReadmeResponse,
  RepoLink,
  TeamContribution,
} from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';

const FORGE_NAMES: Record<string, string> = { github: 'GitHub', gitlab: 'GitLab', gitea: 'Gitea' };

export function ProjectPage({ id }: { id: string }) {
  const base = `/projects/${encodeURIComponent(id)}`;
  const result = useApi<ProjectDetail>(apiPath(base));
  const p = result.state === 'ok' ? result.data : undefined;
  useTitle(p ? p.title || p.name : 'Project');

  // A Contribute button elsewhere links to #contribute: bring the panel into view once it exists.
  useEffect(() => {
    if (p && window.location.hash === '#contribute') document.getElementById('contribute')?.scrollIntoView();
  }, [p]);

  if (!p) {
    return (
      <section className="page">
        <h1>Project</h1>
        <LoadState result={result} what="the project" />
      </section>
    );
  }
  return (
    <article className="page project" aria-labelledby="project-title">
      <header className="project-head">
        <p className="breadcrumb">
          <Link to="/">Explore</Link> <span aria-hidden="true">/</span> {p.fullName}
        </p>
        <div className="project-title-row">
          {p.logoUrl && <img className="project-logo" src={p.logoUrl} alt="" width={48} height={48} />}
          <h1 id="project-title">{p.title || p.name}</h1>
          <LevelBadge level={p.level} />
          {p.archived && <span className="badge">Archived</span>}
        </div>
        {p.description && <p className="lede">{p.description}</p>}
        <dl className="facts-inline">
          <div>
            <dt>Owner</dt>
            <dd>
              {p.owner.team ? (
                <Link to={teamPath(p.owner.team)}>{p.owner.teamName ?? p.owner.team}</Link>
              ) : (
                'unknown'
              )}
              {p.owner.provenance === 'inferred' && <span className="muted"> (inferred from commits)</span>}
            </dd>
          </div>
          <div>
            <dt>Language</dt>
            <dd>{p.primaryLanguage ?? '–'}</dd>
          </div>
          <div>
            <dt>Activity score</dt>
            <dd>{formatNumber(p.score)}</dd>
          </div>
          <div>
            <dt>Last commit</dt>
            <dd>{formatAgo(p.lastCommitAt)}</dd>
          </div>
          <div>
            <dt>Outside share (90 days)</dt>
            <dd>{formatPercent(p.outsideShare90)}</dd>
          </div>
          {p.license && (
            <div>
              <dt>Licence</dt>
              <dd>{p.license.spdx ?? p.license.path}</dd>
            </div>
          )}
          {p.webUrl && (
            <div>
              <dt>Source</dt>
              <dd>
                <a href={p.webUrl}>{shortUrl(p.webUrl)}</a>
              </dd>
            </div>
          )}
          {p.forge && (
            <>
              <div>
                <dt>Stars</dt>
                <dd>{formatNumber(p.forge.stars ?? 0)}</dd>
              </div>
              <div>
                <dt>Forks</dt>
                <dd>{formatNumber(p.forge.forks ?? 0)}</dd>
              </div>
              <div>
                <dt>Open issues</dt>
                <dd>{formatNumber(p.forge.openIssues ?? 0)}</dd>
              </div>
              {p.forge.url && (
                <div>
                  <dt>Forge</dt>
                  <dd>
                    <a href={p.forge.url}>View on {FORGE_NAMES[p.forge.type] ?? p.forge.type}</a>
                  </dd>
                </div>
              )}
            </>
          )}
        </dl>
        {p.topics.length > 0 && (
          <ul className="topics" aria-label="Topics">
            {p.topics.map((t) => (
              <li key={t}>
                <Link to={`/?topic=${encodeURIComponent(t)}`}>{t}</Link>
              </li>
            ))}
          </ul>
        )}
      </header>
      <div className="project-layout">
        <div className="project-main">
          <Readme id={id} base={base} />
          <Activity base={base} />
          <ResponsivenessPanel id={id} />
          <Standards project={p} />
          <Findings project={p} base={base} />
        </div>
        <div className="project-side">
          <ContributePanel project={p} />
          <ContributorsByTeam project={p} />
          <Links
            title="Depends on"
            empty="No dependencies on other projects in the organisation."
            links={p.dependencies}
            total={p.totals?.dependencies}
          />
          <Links
            title="Used by"
            empty="No other project in the organisation uses it yet."
            links={p.dependents}
            total={p.totals?.dependents}
          />
          <Languages project={p} />
        </div>
      </div>
    </article>
  );
}

function Readme({ id, base }: { id: string; base: string }) {
  const result = useApi<ReadmeResponse>(apiPath(`${base}/readme`));
  return (
    <section className="panel" aria-labelledby="readme-title">
      <h2 id="readme-title">
        README
        {result.state === 'ok' && result.data.path ? (
          <span className="muted">
            {' · '}
            <Link to={documentPath(id, result.data.path)}>{result.data.path}</Link>
          </span>
        ) : null}
      </h2>
      {result.state === 'error' && result.error instanceof ApiError && result.error.status === 404 ? (
        <p className="muted">This project has no README yet.</p>
      ) : (
        <LoadState result={result} what="the README" />
      )}
      {result.state === 'ok' &&
        (result.data.html ? (
          <ServerHtml html={result.data.html} testId="readme" />
        ) : (
          <p className="muted">This project has no README yet.</p>
        ))}
    </section>
  );
}

function Activity({ base }: { base: string }) {
  const result = useApi<ActivityResponse>(apiPath(`${base}/activity`));
  const weeks = result.state === 'ok' ? result.data.weeks : [];
  const labels = useMemo(() => weeks.map((w) => w.week), [weeks]);
  const partial = useMemo(() => weeks.map((w) => w.partial === true), [weeks]);
  const series = useMemo(() => [{ label: 'Commits', values: weeks.map((w) => w.commits) }], [weeks]);
  const total = weeks.reduce((n, w) => n + w.commits, 0);
  return (
    <section className="panel" aria-labelledby="activity-title">
      <h2 id="activity-title">Weekly commits, last 12 months</h2>
      <LoadState result={result} what="activity" />
      {result.state === 'ok' && (
        <>
          <p className="muted">
            {formatNumber(total)} commits in {weeks.length} weeks.
          </p>
          <ChartCanvas
            kind="bar"
            title="Weekly commits over the last 12 months"
            labels={labels}
            series={series}
            partial={partial}
            integer
            testId="activity-chart"
          />
        </>
      )}
    </section>
  );
}

const STATUS_LABEL: Record<string, string> = {
  pass: 'Pass',
  fail: 'Fail',
  'not-evaluated': 'Not evaluated',
  'not-applicable': 'Not applicable',
  off: 'Off',
};

function Standards({ project }: { project: ProjectDetail }) {
  const { checks } = project;
  const order = { fail: 0, 'not-evaluated': 1, pass: 2, 'not-applicable': 3, off: 4 } as Record<
    string,
    number
  >;
  const results = [...checks.results].sort((a, b) => (order[a.status] ?? 9) - (order[b.status] ?? 9));
  const failing = results.filter((r) => r.status === 'fail').length;
  return (
    <section className="panel" aria-labelledby="standards-title" data-testid="standards">
      <h2 id="standards-title">Standards</h2>
      <p>
        <LevelBadge level={checks.level} /> against <code>{checks.ruleset ?? 'the ruleset'}</code>
        {results.length === 0
          ? '.'
          : failing === 0
            ? ': every rule passes.'
            : `: ${failing} of ${results.length} rules fail.`}
      </p>
      {results.length === 0 ? (
        <p className="muted">No standards results yet: run a crawl.</p>
      ) : (
        <ul className="check-list">
          {results.map((r) => (
            <CheckItem key={r.rule} result={r} />
          ))}
        </ul>
      )}
      <p className="muted">
        Run <code>npx agora check</code> in the repository to see the same results, and{' '}
        <code>npx agora fix</code> to scaffold what is missing.{' '}
        <Link to="/get-listed">How to improve a project</Link>.
      </p>
    </section>
  );
}

function CheckItem({ result: r }: { result: CheckResultView }) {
  return (
    <li className={`check status-${r.status}`}>
      <div className="check-head">
        <span className={`status-pill status-${r.status}`}>{STATUS_LABEL[r.status] ?? r.status}</span>
        <code className="rule-id">{r.rule}</code>
        <span className={`level-tag level-tag-${r.level}`}>{r.level}</span>
      </div>
      {r.why && <p className="check-why">{r.why}</p>}
      {r.reason && r.status !== 'pass' && <p className="check-reason">{r.reason}</p>}
      {r.fix && r.status === 'fail' && (
        <p className="check-fix">
          <strong>How to fix:</strong> {r.fix}
        </p>
      )}
    </li>
  );
}

function ContributePanel({ project: p }: { project: ProjectDetail }) {
  const contributing = p.docs.find((d) => d.kind === 'contributing');
  const contributions = p.innersource?.contributions?.length ? p.innersource.contributions : p.contributions;
  const skills = p.innersource?.skills?.length ? p.innersource.skills : p.skills;
  return (
    <section className="panel contribute" id="contribute" aria-labelledby="contribute-title" tabIndex={-1}>
      <h2 id="contribute-title">Contribute</h2>
      {p.innersource?.motivation && <p>{p.innersource.motivation}</p>}
      {contributing ? (
        <p>
          {contributing.inherited ? (
            <a className="button primary" href={contributing.url}>
              Read the contributing guide
            </a>
          ) : (
            <Link className="button primary" to={documentPath(p.id, contributing.path)}>
              Read the contributing guide
            </Link>
          )}
          {contributing.inherited && <span className="muted"> (organisation default)</span>}
        </p>
      ) : (
        <p className="muted">
          No CONTRIBUTING guide yet.
          {p.contributeUrl && (
            <>
              {' '}
              Start at <a href={p.contributeUrl}>{shortUrl(p.contributeUrl)}</a>.
            </>
          )}
        </p>
      )}
      {contributions.length > 0 && (
        <>
          <h3>Help wanted</h3>
          <ul>
            {contributions.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </>
      )}
      {skills.length > 0 && (
        <>
          <h3>Skills</h3>
          <ul className="topics">
            {skills.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </>
      )}
      <h3>Talk to the team</h3>
      {p.channels.length > 0 ? (
        <ul>
          {p.channels.map((c) => (
            <li key={`${c.kind}:${c.url}:${c.label}`}>
              <a href={c.url}>{c.label}</a> <span className="muted">({c.kind})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No communication channel is listed.</p>
      )}
      <FollowFeed
        path={p.owner.team ? `/feeds/teams/${encodeURIComponent(p.owner.team)}.atom` : '/feeds/org.atom'}
        what={p.owner.team ? "the owning team's" : "the organisation's"}
      />
      <h3>Owners</h3>
      {p.owners.length > 0 ? (
        <ul>
          {p.owners.map((o) => (
            <li key={`${o.owner}:${o.source}:${o.pattern ?? ''}`}>
              {o.owner}{' '}
              <span className="muted">
                ({o.source}
                {o.pattern ? ` ${o.pattern}` : ''})
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No declared owners.</p>
      )}
      {p.trustedCommitters.length > 0 && (
        <>
          <h3>Trusted committers</h3>
          <ul>
            {p.trustedCommitters.map((t) => (
              <li key={t.email}>{t.name}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function ContributorsByTeam({ project: p }: { project: ProjectDetail }) {
  const rows: TeamContribution[] = p.metrics?.contributorsByTeam ?? [];
  const max = Math.max(0, ...rows.map((r) => r.commits));
  const windows = p.metrics?.windows ?? [];
  return (
    <section className="panel" aria-labelledby="contributors-title" data-testid="contributors-by-team">
      <h2 id="contributors-title">Contributors by team</h2>
      {rows.length === 0 ? (
        <p className="muted">No commits in the last year.</p>
      ) : (
        <ScrollBox label="Commits by team">
          <table className="compact">
            <caption className="visually-hidden">Commits by team over the last 365 days</caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                <th scope="col" className="num">
                  People
                </th>
                <th scope="col" className="num">
                  Commits
                </th>
                <th scope="col">
                  <span className="visually-hidden">Share</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.team ?? '(none)'} className={r.own ? 'own' : 'outside'}>
                  <th scope="row">
                    {r.team ? <Link to={teamPath(r.team)}>{r.teamName ?? r.team}</Link> : 'No team'}
                    <span className="muted"> · {r.own ? 'own' : 'outside'}</span>
                  </th>
                  <td className="num">{formatNumber(r.contributors)}</td>
                  <td className="num">{formatNumber(r.commits)}</td>
                  <td>
                    <ShareBar
                      value={r.commits}
                      max={max}
                      label={`${r.commits} of the most active team's ${max} commits`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {windows.length > 0 && (
        <ScrollBox label="Collaboration by window">
          <table className="compact windows">
            <caption>Collaboration by window</caption>
            <thead>
              <tr>
                <th scope="col">Window</th>
                <th scope="col" className="num">
                  Commits
                </th>
                <th scope="col" className="num">
                  People
                </th>
                <th scope="col" className="num">
                  Outside
                </th>
                <th scope="col" className="num">
                  Bus factor
                </th>
              </tr>
            </thead>
            <tbody>
              {windows.map((w) => (
                <tr key={w.days}>
                  <th scope="row">{w.days} days</th>
                  <td className="num">{formatNumber(w.commits)}</td>
                  <td className="num">{formatNumber(w.contributors)}</td>
                  <td className="num">{formatPercent(w.outsideShare)}</td>
                  <td className="num">{formatNumber(w.busFactor)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      {p.metrics?.firstCommitAt && (
        <p className="muted">First commit {formatDate(p.metrics.firstCommitAt)}.</p>
      )}
    </section>
  );
}

function Links({
  title,
  empty,
  links,
  total,
}: {
  title: string;
  empty: string;
  links: RepoLink[];
  total?: number;
}) {
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {links.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="link-list">
          {links.map((l) => (
            <li key={l.id}>
              <Link to={projectPath(l.id)}>{l.name}</Link>
              {l.crossTeam && <span className="badge subtle">other team</span>}
              <div className="muted small">
                {l.packages.join(', ')}
                {(l.packagesTotal ?? 0) > l.packages.length &&
                  ` and ${formatNumber((l.packagesTotal ?? 0) - l.packages.length)} more`}
              </div>
            </li>
          ))}
        </ul>
      )}
      <MoreNote shown={links.length} total={total} />
    </section>
  );
}

function Languages({ project: p }: { project: ProjectDetail }) {
  const total = p.languageBytes.reduce((n, l) => n + l.bytes, 0);
  if (total === 0) return null;
  return (
    <section className="panel" aria-labelledby="languages-title">
      <h2 id="languages-title">Languages</h2>
      <ul className="lang-list">
        {p.languageBytes.slice(0, 8).map((l) => (
          <li key={l.language}>
            <span>{l.language}</span>
            <span className="muted">{formatPercent(l.bytes / total)}</span>
            <ShareBar
              value={l.bytes}
              max={total}
              label={`${l.language}: ${formatPercent(l.bytes / total)}`}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

// ---------------------------------------------------------------------------------------------------------
// Findings (issue 9.3) and capped lists (issue 15.5): the project response embeds the first items of each
// list with its full length in `totals`, and the first findings with counts by severity.

const SEVERITIES = ['error', 'warning', 'info'] as const;
const SEVERITY_LABEL: Record<(typeof SEVERITIES)[number], [string, string]> = {
  error: ['error', 'errors'],
  warning: ['warning', 'warnings'],
  info: ['note', 'notes'],
};
/** A severity group with more findings than this starts collapsed. */
const OPEN_MAX = 5;

function Findings({ project: p, base }: { project: ProjectDetail; base: string }) {
  const f = p.findings;
  if (!f || f.total === 0) return null;
  const counts = SEVERITIES.filter((s) => f.bySeverity[s] > 0).map(
    (s) => `${formatNumber(f.bySeverity[s])} ${SEVERITY_LABEL[s][f.bySeverity[s] === 1 ? 0 : 1]}`,
  );
  return (
    <section className="panel" aria-labelledby="findings-title" data-testid="findings">
      <h2 id="findings-title">Findings</h2>
      <p>
        The last crawl found {counts.join(', ')} in this repository. Run <code>npx agora show</code> for the
        same list.
      </p>
      {SEVERITIES.map((severity) => {
        const count = f.bySeverity[severity];
        if (count === 0) return null;
        const items = f.items.filter((i) => i.severity === severity);
        return (
          <details
            key={severity}
            className={`findings findings-${severity}`}
            data-severity={severity}
            open={count <= OPEN_MAX}
          >
            <summary>
              <span className={`level-tag level-tag-${severity}`}>{severity}</span> {formatNumber(count)}{' '}
              {SEVERITY_LABEL[severity][count === 1 ? 0 : 1]}
            </summary>
            <ul className="check-list">
              {items.map((i) => (
                <li key={`${i.code}\u0000${i.path ?? ''}\u0000${i.message}`} className="check">
                  <div className="check-head">
                    <code className="rule-id">{i.code}</code>
                    {i.path && <span className="muted small">{i.path}</span>}
                  </div>
                  <p className="check-reason">{i.message}</p>
                </li>
              ))}
            </ul>
            {count > items.length && (
              <p className="muted small">
                {formatNumber(count - items.length)} more not shown here:{' '}
                <a href={apiPath(`${base}/findings`, { pageSize: 200 })}>every finding (JSON)</a>.
              </p>
            )}
          </details>
        );
      })}
    </section>
  );
}

/** "Showing N of M" under a capped list. */
function MoreNote({ shown, total }: { shown: number; total?: number }) {
  if (total === undefined || total <= shown) return null;
  return (
    <p className="muted small">
      Showing {formatNumber(shown)} of {formatNumber(total)}.
    </p>
  );
}
