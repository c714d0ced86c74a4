// Derived data the portal shows but does not compute: activity scores and owners (metrics service), standards
// results (the checks store, explained by the configured ruleset's rule texts), and each repo's metrics as stored
// at the last crawl (`repo_derived`). A part that cannot be read shows as "not evaluated", an unknown owner or the
// catalogue's approximations, never as a crash; a request never starts unbounded work.

import type { LoadedConfig } from '../config/schema.ts';
import { computeStoredMetrics, isFresh, metricsConfigKey } from '../metrics/stored.ts';
import type { RepoMetrics } from '../metrics/types.ts';
import type { Store } from '../store/db.ts';
import type { CheckResultView, CheckStatus, OwnerProvenance, StandardsRule } from './api-types.ts';
import type { ProjectRecord } from './catalogue.ts';

export interface DerivedOwner {
  team: string | null;
  provenance: OwnerProvenance;
  outsideShare90: number | null;
  outsideContributors90: number;
}

export interface Derived {
  scores: Map<string, number>;
  /** Owning team as the metrics service resolves it (config, catalog-info, CODEOWNERS, commits; time-aware). */
  owners: Map<string, DerivedOwner>;
  /** Readiness level reached in each repo's latest check run (absent: none reached or never evaluated). */
  levels: Map<string, string>;
  results: Map<string, CheckResultView[]>;
  ruleset: string | null;
  rules: StandardsRule[];
  /** Why a part is missing (metrics or standards could not be read), for logs and the health of the portal. */
  problems: string[];
}

/** Reads scores, owners and check results; empty maps (with a problem noted) for a part that fails. */
export async function loadDerived(store: Store, loaded: LoadedConfig, now: Date): Promise<Derived> {
  const out: Derived = {
    scores: new Map(),
    owners: new Map(),
    levels: new Map(),
    results: new Map(),
    ruleset: loaded.config.standards?.ruleset ?? null,
    rules: [],
    problems: [],
  };
  try {
    const metrics = await import('../metrics/service.ts');
    const scores = await metrics.allRepoScores(store, loaded, { now });
    for (const [id, v] of Object.entries(scores)) {
      out.scores.set(id, v.score);
      out.owners.set(id, {
        team: v.team,
        provenance: v.provenance === 'none' ? 'unknown' : v.provenance,
        outsideShare90: v.outsideShare90,
        outsideContributors90: v.outsideContributors90,
      });
    }
  } catch (err) {
    // The metrics service rejects some configurations (a person in two teams at once); `agora teams` explains
    // them. The portal still serves, with owners unknown.
    out.problems.push(`metrics: ${(err as Error).message}`);
  }
  try {
    await loadChecks(store, loaded, out);
  } catch (err) {
    out.problems.push(`standards: ${(err as Error).message}`);
  }
  return out;
}

async function loadChecks(store: Store, loaded: LoadedConfig, out: Derived): Promise<void> {
  const q = await import('../store/queries/checks.ts');
  const [readiness, stored] = await Promise.all([
    q.readinessByRepo(store.db),
    q.latestCheckResults(store.db),
  ]);
  for (const r of readiness) if (r.level) out.levels.set(r.repoId, r.level);

  // Each run stores its rules' texts (title, why, fix); runs stored before that fall back to the configured
  // ruleset's texts, loaded once here.
  const texts = new Map<string, { title: string; why: string; fix: string }>();
  const rules = new Map<string, StandardsRule>();
  try {
    const { rulesetFor } = await import('../checks/service.ts');
    const ruleset = await rulesetFor(loaded);
    out.ruleset = ruleset.name;
    for (const r of ruleset.rules) {
      texts.set(r.id, { title: r.title, why: r.why, fix: r.fix.text });
      if (r.level !== 'off') rules.set(r.id, { id: r.id, level: r.level, why: r.why, title: r.title });
    }
  } catch (err) {
    out.problems.push(`standards: ruleset ${out.ruleset ?? ''} cannot be loaded (${(err as Error).message})`);
  }
  for (const r of stored) {
    const text = texts.get(r.ruleId);
    const view: CheckResultView = {
      rule: r.ruleId,
      title: (r.title && r.title !== r.ruleId ? r.title : text?.title) ?? r.ruleId,
      level: r.level === 'error' || r.level === 'warning' ? r.level : 'info',
      status: statusOf(r.status, r.level),
      why: r.why ?? text?.why ?? '',
      fix: r.status === 'fail' ? (r.fix ?? text?.fix ?? null) : null,
      reason: r.reason ?? (r.message || null),
    };
    const list = out.results.get(r.repoId);
    if (list) list.push(view);
    else out.results.set(r.repoId, [view]);
    // Rules of an older run that the current ruleset no longer has still get a column.
    if (!rules.has(r.ruleId) && r.level !== 'off')
      rules.set(r.ruleId, { id: r.ruleId, level: view.level, why: view.why, title: view.title });
    if (stored.length > 0 && out.ruleset === null) out.ruleset = r.ruleset;
  }
  out.rules = [...rules.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function statusOf(status: string, level: string): CheckStatus {
  if (level === 'off') return 'off';
  switch (status) {
    case 'pass':
    case 'fail':
    case 'not-applicable':
    case 'not-evaluated':
      return status;
    default:
      return 'not-evaluated';
  }
}

/** Bounds on the work a request may start when a project's stored metrics are missing or stale. */
export interface OnDemandLimits {
  maxCommits: number;
  maxQueued: number;
  waitMs: number;
  cacheSize: number;
}

/** The limits the server uses. */
export const ON_DEMAND: OnDemandLimits = {
  /** Larger histories wait for the next crawl (the page shows the catalogue's approximations meanwhile). */
  maxCommits: 250_000,
  /** Computations queued at once (they run one at a time); more requests get the approximations. */
  maxQueued: 4,
  /** How long a request waits for one; the computation still finishes and is kept for the next request. */
  waitMs: 2_000,
  /** Parsed metrics kept in memory. */
  cacheSize: 2_000,
};

/** A repo's metrics for its project page. */
export interface ProjectMetricsSource {
  /**
   * The metrics stored at the last crawl when they still describe the repo (same HEAD and config, within a day
   * of now), else computed on demand within `ON_DEMAND`'s bounds and stored; null when not available in time.
   */
  get(p: ProjectRecord): Promise<RepoMetrics | null>;
}

interface Cached {
  head_sha: string | null;
  config_key: string;
  as_of: number;
  metrics: RepoMetrics;
}

/** Serves stored per-repo metrics, with an in-memory cache of parsed results and a bounded on-demand path. */
export function projectMetricsSource(
  store: Store,
  loaded: LoadedConfig,
  now: () => Date,
  limits: OnDemandLimits = ON_DEMAND,
): ProjectMetricsSource {
  const configKey = metricsConfigKey(loaded);
  const cache = new Map<string, Cached>();
  const inflight = new Map<string, Promise<RepoMetrics | null>>();
  let queue: Promise<unknown> = Promise.resolve();

  const remember = (id: string, c: Cached) => {
    cache.delete(id);
    cache.set(id, c);
    if (cache.size > limits.cacheSize) cache.delete(cache.keys().next().value as string);
  };

  const computeLater = (p: ProjectRecord): Promise<RepoMetrics | null> => {
    const id = p.summary.id;
    const task = queue.then(async () => {
      const at = now();
      try {
        const metrics = await computeStoredMetrics(store, loaded, id, p.row.head_sha, at, configKey);
        remember(id, { head_sha: p.row.head_sha, config_key: configKey, as_of: unix(at), metrics });
        return metrics;
      } catch {
        return null;
      } finally {
        inflight.delete(id);
      }
    });
    queue = task;
    inflight.set(id, task);
    return task;
  };

  return {
    async get(p) {
      const id = p.summary.id;
      const want = { headSha: p.row.head_sha, configKey, now: unix(now()) };
      const hit = cache.get(id);
      if (hit && isFresh(hit, want)) return hit.metrics;
      const { readRepoDerived } = await import('../store/queries/derived.ts');
      const row = await readRepoDerived(store.db, id).catch(() => undefined);
      if (row && isFresh(row, want)) {
        try {
          const metrics = JSON.parse(row.metrics) as RepoMetrics;
          remember(id, { ...row, metrics });
          return metrics;
        } catch {
          // A row that does not parse is computed again below.
        }
      }
      let pending = inflight.get(id);
      if (!pending) {
        if (Number(p.row.commit_count) > limits.maxCommits || inflight.size >= limits.maxQueued) return null;
        pending = computeLater(p);
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), limits.waitMs);
      });
      try {
        return await Promise.race([pending, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function unix(d: Date): number {
  return Math.floor(d.getTime() / 1000);
}
