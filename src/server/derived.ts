// Derived data the portal shows but does not compute: activity scores and owners (metrics service) and standards
// results (the checks store, explained by the configured ruleset's rule texts). A part that cannot be read shows
// as "not evaluated" or an unknown owner, never as a crash.

import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';
import type { CheckResultView, CheckStatus, OwnerProvenance, StandardsRule } from './api-types.ts';

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
    const ruleset = rulesetFor(loaded);
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
