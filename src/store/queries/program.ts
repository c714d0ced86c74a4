// Store queries of the InnerSource program (campaigns, pilots, digests): campaign pull requests, frozen pilot
// baselines, digest deliveries, and the histories their charts read (rule results and readiness per run).

import type { Selectable } from 'kysely';
import type { DigestDeliveriesTable } from '../schema.ts';
import type { Db } from './shared.ts';

export interface CampaignPr {
  campaign: string;
  repoId: string;
  forge: string;
  branch: string;
  headRepo: string | null;
  number: number | null;
  url: string | null;
  /** open | merged | declined | failed */
  state: string;
  files: string[];
  message: string | null;
  openedAt: string;
  updatedAt: string;
}

function toPr(r: {
  campaign: string;
  repo_id: string;
  forge: string;
  branch: string;
  head_repo: string | null;
  number: number | null;
  url: string | null;
  state: string;
  files: string;
  message: string | null;
  opened_at: string;
  updated_at: string;
}): CampaignPr {
  let files: string[] = [];
  try {
    files = JSON.parse(r.files) as string[];
  } catch {
    files = [];
  }
  return {
    campaign: r.campaign,
    repoId: r.repo_id,
    forge: r.forge,
    branch: r.branch,
    headRepo: r.head_repo,
    number: r.number === null ? null : Number(r.number),
    url: r.url,
    state: r.state,
    files,
    message: r.message,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
  };
}

/** The campaign's pull requests (at most 10,000: a campaign over more repos is not one campaign). */
export async function campaignPrs(db: Db, campaign: string): Promise<CampaignPr[]> {
  const rows = await db
    .selectFrom('campaign_prs')
    .selectAll()
    .where('campaign', '=', campaign)
    .orderBy('repo_id')
    .limit(10_000)
    .execute();
  return rows.map(toPr);
}

/**
 * Claims the (campaign, repo) pair before anything is pushed: true when this call created the row, false when
 * a row existed (a pull request was opened, declined or attempted before: never a second one).
 */
export async function claimCampaignPr(
  db: Db,
  pr: Pick<CampaignPr, 'campaign' | 'repoId' | 'forge' | 'branch' | 'files'>,
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const r = await db
    .insertInto('campaign_prs')
    .values({
      campaign: pr.campaign,
      repo_id: pr.repoId,
      forge: pr.forge,
      branch: pr.branch,
      head_repo: null,
      number: null,
      url: null,
      state: 'pending',
      files: JSON.stringify(pr.files),
      message: null,
      opened_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['campaign', 'repo_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function updateCampaignPr(
  db: Db,
  campaign: string,
  repoId: string,
  change: Partial<Pick<CampaignPr, 'headRepo' | 'number' | 'url' | 'state' | 'message' | 'files'>>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('campaign_prs')
    .set({
      ...(change.headRepo !== undefined ? { head_repo: change.headRepo } : {}),
      ...(change.number !== undefined ? { number: change.number } : {}),
      ...(change.url !== undefined ? { url: change.url } : {}),
      ...(change.state !== undefined ? { state: change.state } : {}),
      ...(change.message !== undefined ? { message: change.message } : {}),
      ...(change.files !== undefined ? { files: JSON.stringify(change.files) } : {}),
      updated_at: now.toISOString(),
    })
    .where('campaign', '=', campaign)
    .where('repo_id', '=', repoId)
    .execute();
}

/** One rule's result for every repo in every run that evaluated it, oldest run first. */
export async function ruleHistory(
  db: Db,
  ruleId: string,
): Promise<{ repoId: string; status: string; level: string; evaluatedAt: string }[]> {
  const rows = await db
    .selectFrom('check_results')
    .select(['repo_id', 'status', 'level', 'evaluated_at', 'run_id'])
    .where('rule_id', '=', ruleId)
    .orderBy('run_id')
    .orderBy('repo_id')
    .execute();
  return rows.map((r) => ({
    repoId: r.repo_id,
    status: r.status,
    level: r.level,
    evaluatedAt: r.evaluated_at,
  }));
}

export interface StoredBaseline {
  pilot: string;
  cohort: string;
  windowStart: string;
  windowEnd: string;
  frozenAt: string;
  data: string;
}

export async function pilotBaselines(db: Db, pilot: string): Promise<StoredBaseline[]> {
  const rows = await db.selectFrom('pilot_baselines').selectAll().where('pilot', '=', pilot).execute();
  return rows.map((r) => ({
    pilot: r.pilot,
    cohort: r.cohort,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    frozenAt: r.frozen_at,
    data: r.data,
  }));
}

/** Stores a baseline unless one is stored already (a frozen baseline never moves); returns the stored one. */
export async function freezeBaseline(db: Db, b: StoredBaseline): Promise<StoredBaseline> {
  await db
    .insertInto('pilot_baselines')
    .values({
      pilot: b.pilot,
      cohort: b.cohort,
      window_start: b.windowStart,
      window_end: b.windowEnd,
      frozen_at: b.frozenAt,
      data: b.data,
    })
    .onConflict((oc) => oc.columns(['pilot', 'cohort']).doNothing())
    .execute();
  const stored = (await pilotBaselines(db, b.pilot)).find((x) => x.cohort === b.cohort);
  return stored ?? b;
}

export interface DigestDelivery {
  id: number;
  target: string;
  format: string;
  period: string;
  payload: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The delivery of `period` to `target`, if one was recorded. */
export async function digestDelivery(db: Db, target: string, period: string): Promise<DigestDelivery | null> {
  const r = await db
    .selectFrom('digest_deliveries')
    .selectAll()
    .where('target', '=', target)
    .where('period', '=', period)
    .executeTakeFirst();
  return r ? toDelivery(r) : null;
}

function toDelivery(r: Selectable<DigestDeliveriesTable>): DigestDelivery {
  return {
    id: Number(r.id),
    target: r.target,
    format: r.format,
    period: r.period,
    payload: r.payload,
    status: r.status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A delivery claimed longer ago than this by a process that never recorded its outcome counts as failed. */
export const STALE_SENDING_MS = 10 * 60_000;

/** Failed deliveries still owed (the next run retries them; so are stale claims), oldest first, at most 100. */
export async function failedDeliveries(db: Db, now = new Date()): Promise<DigestDelivery[]> {
  const stale = new Date(now.getTime() - STALE_SENDING_MS).toISOString();
  const rows = await db
    .selectFrom('digest_deliveries')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('status', '=', 'failed'),
        eb.and([eb('status', '=', 'sending'), eb('updated_at', '<', stale)]),
      ]),
    )
    .orderBy('id')
    .limit(100)
    .execute();
  return rows.map(toDelivery);
}

/**
 * Claims the delivery of `period` to `target` for this process before anything is posted, so two schedulers
 * (or a schedule and `agora digest --send`) racing post it once: a new row is inserted as `sending`, or an
 * owed one (failed, or a stale claim) is switched to `sending`. False when another process holds or finished it.
 */
export async function claimDelivery(
  db: Db,
  d: { target: string; format: string; period: string; payload: string },
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const inserted = await db
    .insertInto('digest_deliveries')
    .values({
      target: d.target,
      format: d.format,
      period: d.period,
      payload: d.payload,
      status: 'sending',
      attempts: 0,
      last_error: null,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['target', 'period']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return true;
  const stale = new Date(now.getTime() - STALE_SENDING_MS).toISOString();
  const updated = await db
    .updateTable('digest_deliveries')
    .set({ status: 'sending', updated_at: at })
    .where('target', '=', d.target)
    .where('period', '=', d.period)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'failed'),
        eb.and([eb('status', '=', 'sending'), eb('updated_at', '<', stale)]),
      ]),
    )
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}

/** Records one delivery's outcome (creating or updating its row). */
export async function recordDelivery(
  db: Db,
  d: Omit<DigestDelivery, 'id' | 'createdAt' | 'updatedAt'>,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('digest_deliveries')
    .values({
      target: d.target,
      format: d.format,
      period: d.period,
      payload: d.payload,
      status: d.status,
      attempts: d.attempts,
      last_error: d.lastError,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.columns(['target', 'period']).doUpdateSet({
        status: d.status,
        attempts: d.attempts,
        last_error: d.lastError,
        updated_at: at,
      }),
    )
    .execute();
}

export interface ForgeTargetRow {
  id: string;
  name: string;
  fullName: string;
  source: string;
  location: string;
  webUrl: string | null;
  defaultBranch: string | null;
  forgeType: string | null;
  forgeId: string | null;
}

/** Where each repo lives on its forge (clone URL, default branch, forge id), for campaign pull requests. */
export async function forgeTargets(db: Db, repoIds: readonly string[]): Promise<Map<string, ForgeTargetRow>> {
  const out = new Map<string, ForgeTargetRow>();
  for (let i = 0; i < repoIds.length; i += 500) {
    const rows = await db
      .selectFrom('repos')
      .select([
        'id',
        'name',
        'full_name',
        'source',
        'location',
        'web_url',
        'default_branch',
        'forge_type',
        'forge_id',
      ])
      .where('id', 'in', repoIds.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      out.set(r.id, {
        id: r.id,
        name: r.name,
        fullName: r.full_name,
        source: r.source,
        location: r.location,
        webUrl: r.web_url,
        defaultBranch: r.default_branch,
        forgeType: r.forge_type ?? null,
        forgeId: r.forge_id ?? null,
      });
    }
  }
  return out;
}

/** Active repos with when Agora first saw them (digests list the new ones). */
export async function reposFirstSeen(
  db: Db,
): Promise<{ id: string; name: string; description: string | null; firstSeenAt: string }[]> {
  const rows = await db
    .selectFrom('repos')
    .select(['id', 'name', 'description', 'first_seen_at'])
    .where('status', '=', 'active')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    description: r.description,
    firstSeenAt: r.first_seen_at,
  }));
}

/** Human commits authored in [since, until) (unix s): who, where, when; at most `limit` (newest first). */
export async function commitsBetween(
  db: Db,
  since: number,
  until: number,
  limit = 100_000,
): Promise<{ repoId: string; email: string; time: number }[]> {
  const rows = await db
    .selectFrom('commits')
    .select(['repo_id', 'author_email', 'author_time'])
    .where('author_time', '>=', since)
    .where('author_time', '<', until)
    .where('is_bot', '=', 0)
    .orderBy('author_time', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ repoId: r.repo_id, email: r.author_email, time: Number(r.author_time) }));
}

export interface PortalPilot {
  id: string;
  /** JSON of the pilot's settings (a `pilots:` entry of agora.yaml). */
  config: string;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Every pilot declared in the portal, by id. */
export async function portalPilots(db: Db): Promise<PortalPilot[]> {
  const rows = await db.selectFrom('portal_pilots').selectAll().orderBy('id').limit(1000).execute();
  return rows.map((r) => ({
    id: r.id,
    config: r.config,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** Stores a new portal pilot; false when one of that id exists. */
export async function insertPortalPilot(
  db: Db,
  p: { id: string; config: string; createdBy: string },
  now: Date,
): Promise<boolean> {
  const at = now.toISOString();
  const r = await db
    .insertInto('portal_pilots')
    .values({ id: p.id, config: p.config, created_by: p.createdBy, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Replaces a portal pilot's settings; false when there is none of that id. Changed settings drop its frozen
 * baselines (a new start or cohort is measured afresh).
 */
export async function updatePortalPilot(db: Db, id: string, config: string, now: Date): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const old = await tx.selectFrom('portal_pilots').select('config').where('id', '=', id).executeTakeFirst();
    if (!old) return false;
    if (old.config === config) return true;
    await tx
      .updateTable('portal_pilots')
      .set({ config, updated_at: now.toISOString() })
      .where('id', '=', id)
      .execute();
    await tx.deleteFrom('pilot_baselines').where('pilot', '=', id).execute();
    return true;
  });
}

/** Removes a portal pilot, and with `dropBaselines` its frozen baselines; false when there is none of that id. */
export async function deletePortalPilot(db: Db, id: string, dropBaselines: boolean): Promise<boolean> {
  const r = await db.deleteFrom('portal_pilots').where('id', '=', id).executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1) return false;
  if (dropBaselines) await db.deleteFrom('pilot_baselines').where('pilot', '=', id).execute();
  return true;
}
