// Per-repo metrics computed once per crawl and stored (`repo_derived`), so project pages serve stored results
// instead of recomputing a repo's metrics on every request. A crawl refreshes the repos it changed, the repos
// linked to them by re-use (their dependents/dependencies changed), and every repo when the config's teams,
// bots or aliases changed or when a stored result is older than a day (the metrics have time windows).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';
import type { RepoDerivedRow } from '../store/queries/derived.ts';
import type { RepoMetrics } from './types.ts';

/** A stored result older than this (seconds) is recomputed; a crawl an hour early still refreshes it. */
export const DERIVED_MAX_AGE = 86_400;
const CRAWL_SLACK = 3_600;

/** Digest of the config parts a repo's metrics depend on: teams, bots and the aliases file's text. */
export function metricsConfigKey(loaded: LoadedConfig): string {
  const { config } = loaded;
  let aliases: string | null = null;
  if (config.aliases) {
    try {
      aliases = readFileSync(resolve(loaded.baseDir, config.aliases), 'utf8');
    } catch {
      aliases = `unreadable:${config.aliases}`;
    }
  }
  return createHash('sha256')
    .update(JSON.stringify({ teams: config.teams, bots: config.bots, aliases }))
    .digest('hex')
    .slice(0, 32);
}

/** True when a stored row still describes the repo: same HEAD and config, and computed within a day of `now`. */
export function isFresh(
  row: Pick<RepoDerivedRow, 'head_sha' | 'config_key' | 'as_of'>,
  want: { headSha: string | null; configKey: string; now: number },
): boolean {
  return (
    row.head_sha === want.headSha &&
    row.config_key === want.configKey &&
    Math.abs(want.now - row.as_of) < DERIVED_MAX_AGE
  );
}

/** Computes one repo's metrics as of `now` and stores them; returns them. */
export async function computeStoredMetrics(
  store: Store,
  loaded: LoadedConfig,
  repoId: string,
  headSha: string | null,
  now: Date,
  configKey = metricsConfigKey(loaded),
): Promise<RepoMetrics> {
  const { repoMetrics } = await import('./service.ts');
  const { writeRepoDerived } = await import('../store/queries/derived.ts');
  const m = await repoMetrics(store, loaded, repoId, { now });
  await writeRepoDerived(store.db, [derivedRow(m, headSha, configKey, now)]);
  return m;
}

function derivedRow(m: RepoMetrics, headSha: string | null, configKey: string, now: Date): RepoDerivedRow {
  return {
    repo_id: m.repoId,
    head_sha: headSha,
    config_key: configKey,
    as_of: Math.floor(now.getTime() / 1000),
    metrics: JSON.stringify(m),
  };
}

export interface RefreshSummary {
  computed: number;
  failed: number;
  ms: number;
  /** Why the refresh stopped early (a configuration the metrics service rejects), else null. */
  problem: string | null;
}

/**
 * Recomputes the stored metrics a crawl made stale: the `changed` repos, their re-use neighbours before and
 * after, and every repo whose row is missing, older than a day or from another config. Never throws: a repo
 * that cannot be computed keeps its old row (the portal recomputes it on demand).
 */
export async function refreshStoredMetrics(
  store: Store,
  loaded: LoadedConfig,
  opts: { changed: readonly string[]; now?: Date },
): Promise<RefreshSummary> {
  const started = Date.now();
  const now = opts.now ?? new Date();
  const nowUnix = Math.floor(now.getTime() / 1000);
  const out: RefreshSummary = { computed: 0, failed: 0, ms: 0, problem: null };
  try {
    const q = await import('../store/queries/derived.ts');
    const { repoMetrics } = await import('./service.ts');
    const key = metricsConfigKey(loaded);
    const stamps = await q.derivedStamps(store.db);
    const heads = new Map(stamps.map((s) => [s.id, s.head_sha]));
    const todo = new Set<string>();
    for (const s of stamps) {
      const stale =
        s.as_of === null ||
        s.derived_head !== s.head_sha ||
        s.config_key !== key ||
        nowUnix - s.as_of >= DERIVED_MAX_AGE - CRAWL_SLACK;
      if (stale) todo.add(s.id);
    }
    const changed = opts.changed.filter((id) => heads.has(id));
    for (const id of changed) todo.add(id);
    // Repos linked to a changed one before this crawl: their dependents or dependencies may have changed.
    for (const row of await q.readRepoDerivedMany(store.db, changed)) {
      for (const id of linkedIds(row.metrics)) if (heads.has(id)) todo.add(id);
    }
    const pending: RepoDerivedRow[] = [];
    const flush = async () => {
      if (pending.length) await q.writeRepoDerived(store.db, pending.splice(0));
    };
    const compute = async (id: string): Promise<RepoMetrics | null> => {
      try {
        const m = await repoMetrics(store, loaded, id, { now });
        pending.push(derivedRow(m, heads.get(id) ?? null, key, now));
        out.computed++;
        if (pending.length >= 50) await flush();
        return m;
      } catch (err) {
        if ((err as { code?: string }).code === 'CONFIG_INVALID') throw err;
        out.failed++;
        return null;
      }
    };
    const changedSet = new Set(changed);
    for (const id of todo) {
      const m = await compute(id);
      // …and the repos linked to it now.
      if (m && changedSet.has(id))
        for (const link of [...m.dependencies, ...m.dependents])
          if (heads.has(link.repoId) && !todo.has(link.repoId)) todo.add(link.repoId);
    }
    await flush();
  } catch (err) {
    out.problem = (err as Error).message;
  }
  out.ms = Date.now() - started;
  return out;
}

function linkedIds(json: string): string[] {
  try {
    const m = JSON.parse(json) as Partial<RepoMetrics>;
    return [...(m.dependencies ?? []), ...(m.dependents ?? [])].map((l) => l.repoId);
  } catch {
    return [];
  }
}
