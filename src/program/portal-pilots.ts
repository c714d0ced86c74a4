// Pilots declared by admins in the portal, beside those of agora.yaml: validated by the same schema as a
// `pilots:` entry, stored in the database, and merged with agora.yaml's (which stay read-only in the portal).
// An id may name one pilot only: declaring one agora.yaml already has is refused, and if agora.yaml later
// gains an id the portal holds, that pilot's report fails with an error saying how to resolve it.

import { type LoadedConfig, type PilotConfig, pilotSchema } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { checkCohortTeams } from './cohort.ts';

export const PILOT_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/i;

export interface ListedPilot {
  id: string;
  title: string;
  source: 'agora.yaml' | 'portal';
  /** An admin may change or delete it in the portal (portal pilots only). */
  editable: boolean;
  start: string;
  review: string | null;
  end: string | null;
  baselineDays: number;
  repos: string[];
  teams: string[];
  control: { repos: string[]; teams: string[] } | null;
  createdBy: string | null;
  /** Set when agora.yaml declares the same id: the report refuses until one is renamed or deleted. */
  clash: string | null;
}

export interface MergedPilots {
  /** The config with the portal's pilots added to agora.yaml's (agora.yaml's win a clash). */
  loaded: LoadedConfig;
  list: ListedPilot[];
  clashes: Set<string>;
}

function clashMessage(id: string): string {
  return `pilot "${id}" is declared both in agora.yaml and in the portal: delete the portal one (DELETE /api/v1/pilots/${id}) or rename one of them`;
}

/** agora.yaml's pilots and the portal's, merged. */
export async function mergedPilots(store: Store, loaded: LoadedConfig): Promise<MergedPilots> {
  const { portalPilots } = await import('../store/queries/program.ts');
  const yaml = loaded.config.pilots ?? {};
  const pilots: Record<string, PilotConfig> = { ...yaml };
  const clashes = new Set<string>();
  const list: ListedPilot[] = Object.entries(yaml).map(([id, p]) => listed(id, p, 'agora.yaml', null));
  for (const row of await portalPilots(store.db)) {
    const parsed = pilotSchema.safeParse(JSON.parse(row.config));
    if (!parsed.success) continue;
    if (yaml[row.id]) {
      clashes.add(row.id);
      const l = list.find((x) => x.id === row.id);
      if (l) l.clash = clashMessage(row.id);
      continue;
    }
    pilots[row.id] = parsed.data;
    list.push(listed(row.id, parsed.data, 'portal', row.createdBy));
  }
  list.sort((a, b) => a.id.localeCompare(b.id));
  return { loaded: { ...loaded, config: { ...loaded.config, pilots } }, list, clashes };
}

/** The config with the portal's pilots merged in; fails for `id` when it names a clash. */
export async function withPortalPilots(
  store: Store,
  loaded: LoadedConfig,
  id?: string,
): Promise<LoadedConfig> {
  const m = await mergedPilots(store, loaded);
  if (id !== undefined && m.clashes.has(id)) throw new AgoraError('CONFLICT', clashMessage(id));
  return m.loaded;
}

function listed(
  id: string,
  p: PilotConfig,
  source: ListedPilot['source'],
  createdBy: string | null,
): ListedPilot {
  return {
    id,
    title: p.title ?? id,
    source,
    editable: source === 'portal',
    start: p.start.slice(0, 10),
    review: p.review?.slice(0, 10) ?? null,
    end: p.end?.slice(0, 10) ?? null,
    baselineDays: p.baselineDays,
    repos: p.repos,
    teams: p.teams,
    control: p.control ? { repos: p.control.repos, teams: p.control.teams } : null,
    createdBy,
    clash: null,
  };
}

/** Checks a pilot sent by the portal: the agora.yaml schema, known teams, a cohort, dates in order. */
export function parsePilotInput(loaded: LoadedConfig, id: string, body: unknown): PilotConfig {
  if (!PILOT_ID.test(id)) {
    throw new AgoraError(
      'USAGE',
      `id: letters, digits, - and _ (at most 64), starting with a letter or digit`,
    );
  }
  const parsed = pilotSchema.safeParse(body);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AgoraError('USAGE', `${first.path.length ? first.path.join('.') : 'pilot'}: ${first.message}`, {
      details: parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const p = parsed.data;
  if (p.repos.length === 0 && p.teams.length === 0) {
    throw new AgoraError('USAGE', 'a pilot needs repos or teams: its cohort is empty');
  }
  checkCohortTeams(loaded, 'pilot', p);
  if (p.control) checkCohortTeams(loaded, 'control', p.control);
  for (const k of ['review', 'end'] as const) {
    const v = p[k];
    if (v && v.slice(0, 10) <= p.start.slice(0, 10)) {
      throw new AgoraError('USAGE', `${k}: must be after start (${p.start.slice(0, 10)})`);
    }
  }
  return p;
}

/** Refuses an id agora.yaml declares: those are read-only in the portal. */
export function assertNotYaml(loaded: LoadedConfig, id: string): void {
  if (loaded.config.pilots?.[id]) {
    throw new AgoraError(
      'CONFLICT',
      `pilot "${id}" is declared in agora.yaml: it is read-only in the portal (change it in agora.yaml, or pick another id)`,
    );
  }
}
