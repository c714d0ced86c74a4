// One project in the Explore results: a tile, or a row of the denser list view.

import { useId } from 'react';
import { formatAgo, formatNumber, formatPercent } from '../lib/format.ts';
import { contributingPath, Link, projectPath, teamPath } from '../lib/router.tsx';
import type { ProjectSummary } from '../lib/types.ts';
import { LevelBadge } from './level-badge.tsx';

export function ProjectTile({ project }: { project: ProjectSummary }) {
  const p = project;
  // useId, not the project id: the same project may appear twice on a page (most active and newest).
  const titleId = useId();
  return (
    <article className="tile" data-testid="project-tile" aria-labelledby={titleId}>
      <header className="tile-head">
        {p.logoUrl && (
          <img className="tile-logo" src={p.logoUrl} alt="" width={32} height={32} loading="lazy" />
        )}
        <h3 id={titleId} className="tile-title">
          <Link to={projectPath(p.id)}>{p.title || p.name}</Link>
        </h3>
        <LevelBadge level={p.level} />
      </header>
      <p className="tile-desc">{p.description || <span className="muted">No description yet.</span>}</p>
      <dl className="tile-facts">
        <div>
          <dt>Owner</dt>
          <dd>
            <Owner project={p} />
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
          <dt>Outside contributors (90 days)</dt>
          <dd>
            {formatNumber(p.outsideContributors90)}
            {p.outsideShare90 === null ? (
              <span className="muted"> · share not measured</span>
            ) : (
              p.outsideShare90 > 0 && (
                <span className="muted"> · {formatPercent(p.outsideShare90)} of commits</span>
              )
            )}
          </dd>
        </div>
        <div>
          <dt>Last commit</dt>
          <dd>{formatAgo(p.lastCommitAt)}</dd>
        </div>
      </dl>
      {p.topics.length > 0 && (
        <ul className="topics" aria-label="Topics">
          {p.topics.slice(0, 6).map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}
      <footer className="tile-actions">
        <ContributeButton project={p} />
      </footer>
    </article>
  );
}

export function ProjectRow({ project }: { project: ProjectSummary }) {
  const p = project;
  return (
    <tr data-testid="project-row">
      <th scope="row">
        <Link to={projectPath(p.id)}>{p.title || p.name}</Link>
        {p.description && <div className="row-desc muted">{p.description}</div>}
      </th>
      <td>
        <Owner project={p} />
      </td>
      <td>{p.primaryLanguage ?? '–'}</td>
      <td className="num">{formatNumber(p.score)}</td>
      <td className="num">{formatNumber(p.outsideContributors90)}</td>
      <td>
        <LevelBadge level={p.level} />
      </td>
      <td>{formatAgo(p.lastCommitAt)}</td>
      <td>
        <ContributeButton project={p} compact />
      </td>
    </tr>
  );
}

function Owner({ project }: { project: ProjectSummary }) {
  const { team, teamName, provenance } = project.owner;
  if (!team) return <span className="muted">unknown</span>;
  return (
    <>
      <Link to={teamPath(team)}>{teamName ?? team}</Link>
      {provenance === 'inferred' && (
        <span className="muted" title="Inferred from recent commits; no declared owner">
          {' '}
          (inferred)
        </span>
      )}
    </>
  );
}

/**
 * Where a would-be contributor starts: the contributing guide rendered in the portal when there is one ("How to
 * contribute"); otherwise the project's own contribute link, else its contribute panel, marked as having no guide.
 */
export function ContributeButton({ project, compact }: { project: ProjectSummary; compact?: boolean }) {
  const name = project.title || project.name;
  if (project.hasContributing) {
    return (
      <Link
        className="button primary"
        to={contributingPath(project.id)}
        aria-label={`How to contribute to ${name}`}
        data-guide="yes"
      >
        How to contribute
      </Link>
    );
  }
  const external = project.contributeUrl && /^https?:\/\//.test(project.contributeUrl);
  const label = `Contribute to ${name} (no contributing guide yet)`;
  if (external) {
    return (
      <a
        className="button"
        href={project.contributeUrl!}
        aria-label={label}
        title="No contributing guide yet"
        data-guide="no"
      >
        {compact ? 'Contribute' : 'Contribute (no guide)'}
      </a>
    );
  }
  return (
    <Link
      className="button"
      to={`${projectPath(project.id)}#contribute`}
      aria-label={label}
      title="No contributing guide yet"
      data-guide="no"
    >
      {compact ? 'Contribute' : 'Contribute (no guide)'}
    </Link>
  );
}
