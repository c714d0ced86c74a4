// Derived data the portal shows but does not compute: activity scores and owners (metrics service) and standards
// results (checks store, loaded through a dynamic import and read defensively, so the portal still serves when
// that module is missing or older than this code; a missing part shows as "not evaluated", never as a crash).

import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';
import type { CheckResultView, CheckStatus, OwnerProvenance, StandardsRule } from './api-types.ts';

export interface Derived {
  scores: Map<string, number>;
  /** Owning team as the metrics service resolves it (config, catalog-info, CODEOWNERS, commits; time-aware). */
  owners: Map<string, { team: string | null; provenance: OwnerProvenance; outsideShare90: number | null }>;
  levels: Map<string, string>;
  results: Map<string, CheckResultView[]>;
  ruleset: string | null;
  rules: StandardsRule[];
  /** Monthly compliance (share of repos at bronze or above), when the checks store records history. */
  compliance: Map<string, number>;
}

type AnyFn = (...args: unknown[]) => Promise<unknown>;

async function optionalModule(specifier: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Reads scores and check results if the modules that provide them exist; empty maps otherwise. */
export async function loadDerived(store: Store, loaded: LoadedConfig, now: Date): Promise<Derived> {
  const out: Derived = {
    scores: new Map(),
    owners: new Map(),
    levels: new Map(),
    results: new Map(),
    ruleset: loaded.config.standards?.ruleset ?? null,
    rules: [],
    compliance: new Map(),
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
      });
    }
  } catch {
    // The metrics service failing (e.g. a person in two teams) must not take the portal down: the portal's own
    // ownership and score are used instead, and `agora teams` explains the configuration problem.
  }
  const checksPath = '../store/queries/checks.ts';
  const checks = await optionalModule(checksPath);
  if (checks) {
    try {
      if (typeof checks.readinessByRepo === 'function') {
        for (const [id, v] of entries(await (checks.readinessByRepo as AnyFn)(store.db))) {
          const level = typeof v === 'string' ? v : (v as { level?: unknown })?.level;
          if (typeof level === 'string') out.levels.set(id, level);
        }
      }
      if (typeof checks.latestCheckResults === 'function') {
        const raw = await (checks.latestCheckResults as AnyFn)(store.db);
        const rules = new Map<string, StandardsRule>();
        for (const [id, list] of groupResults(raw)) {
          const views = list.map(toView);
          out.results.set(id, views);
          for (const v of views)
            if (!rules.has(v.rule)) rules.set(v.rule, { id: v.rule, level: v.level, why: v.why });
        }
        out.rules = [...rules.values()].sort((a, b) => a.id.localeCompare(b.id));
      }
      if (typeof checks.complianceOverTime === 'function') {
        for (const [month, v] of entries(await (checks.complianceOverTime as AnyFn)(store.db))) {
          const n = typeof v === 'number' ? v : num((v as { compliance?: unknown })?.compliance);
          if (n !== null) out.compliance.set(month, n);
        }
      }
    } catch {
      // Standards results are shown as not evaluated when the checks store cannot be read.
    }
  }
  return out;
}

function entries(v: unknown): [string, unknown][] {
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => [String(k), x]);
  if (Array.isArray(v)) {
    return v.map((x) => {
      const o = x as Record<string, unknown>;
      return [String(o.repoId ?? o.repo_id ?? o.id ?? o.month ?? ''), x];
    });
  }
  if (v && typeof v === 'object') return Object.entries(v);
  return [];
}

function groupResults(raw: unknown): Map<string, Record<string, unknown>[]> {
  const m = new Map<string, Record<string, unknown>[]>();
  for (const [id, v] of entries(raw)) {
    const list = Array.isArray(v)
      ? (v as Record<string, unknown>[])
      : Array.isArray((v as { results?: unknown })?.results)
        ? ((v as { results: Record<string, unknown>[] }).results ?? [])
        : [v as Record<string, unknown>];
    const prev = m.get(id) ?? [];
    m.set(id, prev.concat(list));
  }
  return m;
}

const STATUSES: readonly CheckStatus[] = ['pass', 'fail', 'not-evaluated', 'off'];

function toView(r: Record<string, unknown>): CheckResultView {
  const status = String(r.status ?? 'not-evaluated').replace('_', '-') as CheckStatus;
  const level = String(r.level ?? 'info');
  return {
    rule: String(r.rule ?? r.ruleId ?? r.rule_id ?? ''),
    level: level === 'error' || level === 'warning' ? level : 'info',
    status: STATUSES.includes(status) ? status : 'not-evaluated',
    why: String(r.why ?? r.description ?? ''),
    fix: r.fix === undefined || r.fix === null ? null : String(r.fix),
    reason:
      r.reason === undefined || r.reason === null ? (r.message ? String(r.message) : null) : String(r.reason),
  };
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
