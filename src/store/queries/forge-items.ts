// Issues and pull/merge requests of forge repos (issue 11): upserts by (repo, kind, number) so a re-run or a
// killed crawl never doubles or loses an item, an item's comments and reviews replaced whole when it changed
// (a deleted comment goes), each repo's ingestion cursor, the logins known to be git identities, and the
// reads the metrics, the gig board and the portal make.

import { type Insertable, type Selectable, sql } from 'kysely';
import type { ForgeItem, ForgeItemKind, ForgeItemState } from '../../metrics/forge-item-types.ts';
import type { ForgeItemEventsTable, ForgeItemsTable } from '../schema.ts';
import { chunks, cleanText, type Db, dialectOf, inTransaction, parseJson, rowsPerInsert } from './shared.ts';

export type ItemRow = Insertable<ForgeItemsTable>;
export type EventRow = Insertable<ForgeItemEventsTable>;

/** The stored `updated_at` of the given items of one repo, by `kind:number`. */
export async function itemStamps(
  db: Db,
  repoId: string,
  keys: readonly { kind: string; number: number }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const kind of ['issue', 'pr']) {
    const numbers = keys.filter((k) => k.kind === kind).map((k) => k.number);
    for (const batch of chunks(numbers, 500)) {
      const rows = await db
        .selectFrom('forge_items')
        .select(['number', 'updated_at'])
        .where('repo_id', '=', repoId)
        .where('kind', '=', kind)
        .where('number', 'in', batch)
        .execute();
      for (const r of rows) out.set(`${kind}:${r.number}`, r.updated_at);
    }
  }
  return out;
}

const UPDATED_COLUMNS = [
  'forge_id',
  'title',
  'web_url',
  'state',
  'draft',
  'author_login',
  'author_is_bot',
  'labels',
  'reviewers',
  'created_at',
  'updated_at',
  'closed_at',
  'merged_at',
  'merged_by',
  'first_response_at',
  'first_responder',
  'first_review_at',
  'comments',
] as const;

function cleanRow(row: ItemRow): ItemRow {
  return {
    ...row,
    title: cleanText(row.title).slice(0, 1000),
    web_url: cleanText(row.web_url ?? null),
    author_login: cleanText(row.author_login ?? null),
    labels: cleanText(row.labels),
    reviewers: cleanText(row.reviewers),
  };
}

/**
 * Upserts one page of items in one transaction; for those in `events` (their comments and reviews were read)
 * the stored events are replaced whole.
 */
export async function saveItemPage(
  db: Db,
  repoId: string,
  items: readonly ItemRow[],
  events: ReadonlyMap<string, readonly EventRow[]>,
): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map(cleanRow);
  await inTransaction(db, async (trx) => {
    for (const batch of chunks(rows, rowsPerInsert(22))) {
      await trx
        .insertInto('forge_items')
        .values(batch)
        .onConflict((oc) =>
          oc.columns(['repo_id', 'kind', 'number']).doUpdateSet((eb) => {
            const set: Record<string, unknown> = {};
            for (const c of UPDATED_COLUMNS) set[c] = eb.ref(`excluded.${c}`);
            return set as never;
          }),
        )
        .execute();
    }
    for (const row of rows) {
      const list = events.get(`${row.kind}:${row.number}`);
      if (!list) continue;
      await trx
        .deleteFrom('forge_item_events')
        .where('repo_id', '=', repoId)
        .where('item_kind', '=', row.kind)
        .where('item_number', '=', row.number)
        .execute();
      // One forge id once per item even if a forge listed it twice across pages.
      const unique = [...new Map(list.map((e) => [`${e.kind}:${e.forge_id}`, e])).values()];
      for (const batch of chunks(unique, rowsPerInsert(10))) {
        await trx
          .insertInto('forge_item_events')
          .values(batch.map((e) => ({ ...e, author_login: cleanText(e.author_login ?? null) })))
          .execute();
      }
    }
  });
}

export interface ItemCursor {
  updatedCursor: string | null;
  complete: boolean;
  lastRunAt: string;
  itemsSeen: number;
  problemCode: string | null;
  problem: string | null;
}

export async function itemCursor(db: Db, repoId: string): Promise<ItemCursor | null> {
  const r = await db
    .selectFrom('forge_item_cursors')
    .selectAll()
    .where('repo_id', '=', repoId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    updatedCursor: r.updated_cursor,
    complete: r.complete === 1,
    lastRunAt: r.last_run_at,
    itemsSeen: r.items_seen,
    problemCode: r.problem_code,
    problem: r.problem,
  };
}

export async function saveItemCursor(db: Db, repoId: string, c: ItemCursor): Promise<void> {
  const row = {
    updated_cursor: c.updatedCursor,
    complete: c.complete ? 1 : 0,
    last_run_at: c.lastRunAt,
    items_seen: c.itemsSeen,
    problem_code: c.problemCode,
    problem: cleanText(c.problem),
  };
  await db
    .insertInto('forge_item_cursors')
    .values({ repo_id: repoId, ...row })
    .onConflict((oc) => oc.column('repo_id').doUpdateSet(row))
    .execute();
}

/** Records logins known to be git identities (emails); idempotent. */
export async function saveForgeLogins(
  db: Db,
  source: string,
  rows: readonly { login: string; email: string; origin: string }[],
  now: string,
): Promise<void> {
  const unique = new Map<string, { login: string; email: string; origin: string }>();
  for (const r of rows) {
    const login = r.login.trim().toLowerCase();
    const email = r.email.trim().toLowerCase();
    if (login && email) unique.set(`${login}\u0000${email}`, { login, email, origin: r.origin });
  }
  if (unique.size === 0) return;
  await inTransaction(db, async (trx) => {
    for (const batch of chunks([...unique.values()], rowsPerInsert(5))) {
      await trx
        .insertInto('forge_logins')
        .values(
          batch.map((r) => ({
            source,
            ...r,
            login: cleanText(r.login),
            email: cleanText(r.email),
            seen_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['source', 'login', 'email']).doUpdateSet({ seen_at: now }))
        .execute();
    }
  });
}

/** Every login's known emails (all sources). */
export async function loginEmails(db: Db): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const rows = await db.selectFrom('forge_logins').select(['login', 'email']).execute();
  for (const r of rows) {
    const list = out.get(r.login);
    if (list) {
      if (!list.includes(r.email)) list.push(r.email);
    } else out.set(r.login, [r.email]);
  }
  return out;
}

function toItem(r: Selectable<ForgeItemsTable>): ForgeItem {
  return {
    repoId: r.repo_id,
    kind: r.kind as ForgeItemKind,
    number: r.number,
    forgeId: r.forge_id,
    title: r.title,
    webUrl: r.web_url,
    state: r.state as ForgeItemState,
    draft: r.draft === 1,
    authorLogin: r.author_login,
    authorIsBot: r.author_is_bot === 1,
    labels: parseJson<string[]>(r.labels, []),
    reviewers: parseJson<string[]>(r.reviewers, []),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    mergedAt: r.merged_at,
    mergedBy: r.merged_by,
    firstResponseAt: r.first_response_at,
    firstResponder: r.first_responder,
    firstReviewAt: r.first_review_at,
    comments: r.comments,
  };
}

const MAX_LIMIT = 1000;

/** Escapes LIKE wildcards (`\` is the escape character). */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Open issues carrying any of `labels` (case-insensitive, whole label names), newest update first: the gig
 * board's source. Without labels: every open issue.
 */
export async function openIssues(
  db: Db,
  opts: { labels?: readonly string[]; repoIds?: readonly string[]; limit: number; offset?: number },
): Promise<ForgeItem[]> {
  if (opts.repoIds && opts.repoIds.length === 0) return [];
  let q = db.selectFrom('forge_items').selectAll().where('kind', '=', 'issue').where('state', '=', 'open');
  if (opts.repoIds) q = q.where('repo_id', 'in', [...opts.repoIds]);
  const labels = (opts.labels ?? []).map((l) => l.trim().toLowerCase()).filter(Boolean);
  if (labels.length) {
    q = q.where((eb) =>
      eb.or(
        labels.map((l) =>
          eb(
            eb.fn('lower', ['labels']),
            'like',
            // The JSON text of the array holds each name quoted: match the whole name.
            `%${likeEscape(JSON.stringify(l))}%`,
          ),
        ),
      ),
    );
  }
  const rows = await q
    .orderBy('updated_at', 'desc')
    .orderBy('repo_id')
    .orderBy('number')
    .limit(Math.min(Math.max(1, opts.limit), MAX_LIMIT))
    .offset(Math.max(0, opts.offset ?? 0))
    .execute();
  return rows.map(toItem);
}

/** Open issues and PRs per repo. */
export async function openItemCounts(
  db: Db,
  repoIds?: readonly string[],
): Promise<Map<string, { issues: number; prs: number }>> {
  const out = new Map<string, { issues: number; prs: number }>();
  if (repoIds && repoIds.length === 0) return out;
  let q = db
    .selectFrom('forge_items')
    .select(['repo_id', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', '=', 'open')
    .groupBy(['repo_id', 'kind']);
  if (repoIds) q = q.where('repo_id', 'in', [...repoIds]);
  for (const r of await q.execute()) {
    const c = out.get(r.repo_id) ?? { issues: 0, prs: 0 };
    if (r.kind === 'pr') c.prs = Number(r.n);
    else c.issues = Number(r.n);
    out.set(r.repo_id, c);
  }
  return out;
}

/** Items of one repo, newest update first. */
export async function itemsOfRepo(
  db: Db,
  repoId: string,
  opts: { state?: ForgeItemState; kind?: ForgeItemKind; limit: number },
): Promise<ForgeItem[]> {
  let q = db.selectFrom('forge_items').selectAll().where('repo_id', '=', repoId);
  if (opts.state) q = q.where('state', '=', opts.state);
  if (opts.kind) q = q.where('kind', '=', opts.kind);
  const rows = await q
    .orderBy('updated_at', 'desc')
    .orderBy('number', 'desc')
    .limit(Math.min(Math.max(1, opts.limit), MAX_LIMIT))
    .execute();
  return rows.map(toItem);
}

/** What the metrics read of an item: no titles, labels or URLs; times in ms since the epoch (null: none). */
export interface MetricsItemRow {
  repo_id: string;
  kind: 'issue' | 'pr';
  open: boolean;
  author_login: string | null;
  author_is_bot: boolean;
  created: number | null;
  closed: number | null;
  merged: number | null;
  response: number | null;
  review: number | null;
}

function epochMs(iso: string | null): number | null {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/**
 * Items created at or after `since`, or still open, for the metrics (one query). On SQLite every repo's items
 * come packed in one string with times as epoch milliseconds: handing 200,000 rows of ten values each to
 * JavaScript cost ~1.5 s of CPU, one string per repo ~0.2 s (docs/PERFORMANCE.md, "Issues and pull requests").
 */
export async function metricsItems(
  db: Db,
  since: string,
  repoIds?: readonly string[],
): Promise<MetricsItemRow[]> {
  if (repoIds && repoIds.length === 0) return [];
  if (dialectOf(db) === 'sqlite') return packedMetricsItems(db, since, repoIds);
  let q = db
    .selectFrom('forge_items')
    .select([
      'repo_id',
      'kind',
      'state',
      'author_login',
      'author_is_bot',
      'created_at',
      'closed_at',
      'merged_at',
      'first_response_at',
      'first_review_at',
    ])
    .where((eb) => eb.or([eb('created_at', '>=', since), eb('state', '=', 'open')]));
  if (repoIds) q = q.where('repo_id', 'in', [...repoIds]);
  return (await q.execute()).map((r) => ({
    repo_id: r.repo_id,
    kind: r.kind === 'pr' ? 'pr' : 'issue',
    open: r.state === 'open',
    author_login: r.author_login,
    author_is_bot: r.author_is_bot === 1,
    created: epochMs(r.created_at),
    closed: epochMs(r.closed_at),
    merged: epochMs(r.merged_at),
    response: epochMs(r.first_response_at),
    review: epochMs(r.first_review_at),
  }));
}

const RECORD = '\u001e';

/** SQLite: one row per repo, its items joined by RS, each `flags US created US closed US … US author`. */
async function packedMetricsItems(
  db: Db,
  since: string,
  repoIds: readonly string[] | undefined,
): Promise<MetricsItemRow[]> {
  const epoch = (column: string) =>
    `coalesce(cast(round((julianday(${column}) - 2440587.5) * 86400000) as integer), '')`;
  const packed = [
    "((kind = 'pr') + 2 * (state = 'open') + 4 * (author_is_bot = 1))",
    epoch('created_at'),
    epoch('closed_at'),
    epoch('merged_at'),
    epoch('first_response_at'),
    epoch('first_review_at'),
    // Last: a login is the rest of the record whatever it holds; a null login is marked apart from ''.
    "coalesce('=' || author_login, '')",
  ].join(' || char(31) || ');
  const filter = repoIds ? sql` and repo_id in (${sql.join([...repoIds])})` : sql``;
  const result = await sql<{
    repo_id: string;
    items: string;
  }>`select repo_id, group_concat(${sql.raw(packed)}, char(30)) as items
    from forge_items where (created_at >= ${since} or state = 'open')${filter} group by repo_id`.execute(db);
  const out: MetricsItemRow[] = [];
  for (const { repo_id, items } of result.rows) {
    // Parsed in place (no split): six numeric fields, then the login up to the record's end.
    let at = 0;
    const end = items.length;
    const field = (): number | null => {
      let n = 0;
      let digits = false;
      let c = items.charCodeAt(at);
      const negative = c === 45;
      if (negative) c = items.charCodeAt(++at);
      while (c >= 48 && c <= 57) {
        n = n * 10 + (c - 48);
        digits = true;
        c = items.charCodeAt(++at);
      }
      at++; // the unit separator
      return digits ? (negative ? -n : n) : null;
    };
    while (at < end) {
      const flags = field() ?? 0;
      const created = field();
      const closed = field();
      const merged = field();
      const response = field();
      const review = field();
      let stop = items.indexOf(RECORD, at);
      if (stop < 0) stop = end;
      out.push({
        repo_id,
        kind: flags & 1 ? 'pr' : 'issue',
        open: (flags & 2) !== 0,
        author_is_bot: (flags & 4) !== 0,
        author_login: stop === at ? null : items.slice(at + 1, stop),
        created,
        closed,
        merged,
        response,
        review,
      });
      at = stop + 1;
    }
  }
  return out;
}

/** Repos whose items were ingested at least once. */
export async function ingestedRepoIds(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('forge_item_cursors').select('repo_id').execute();
  return new Set(rows.map((r) => r.repo_id));
}
