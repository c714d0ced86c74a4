// What forge sources keep in the store: each repo's forge identity and facts (written for every listed repo,
// changed or not, since stars and topics move without a push), the last push time a crawl read the repo at,
// and the validators of API answers for conditional requests.

import type { HttpCache, HttpCacheEntry } from '../../sources/forge/http.ts';
import type { RepoRef } from '../../sources/source.ts';
import { chunks, cleanText, type Db, flag, inTransaction } from './shared.ts';

/**
 * A stored forge repo: its id in Agora, its forge id, the push time it was last crawled at, where it was
 * cloned from (a rename or transfer changes that) and the default branch it was last read on.
 */
export interface StoredForgeRepo {
  id: string;
  source: string;
  forgeId: string;
  pushedAt: string | null;
  location: string;
  defaultBranch: string | null;
}

/** Every stored repo that came from a forge. */
export async function storedForgeRepos(db: Db): Promise<StoredForgeRepo[]> {
  const rows = await db
    .selectFrom('repos')
    .select(['id', 'source', 'forge_id', 'pushed_at', 'location', 'default_branch'])
    .where('forge_id', 'is not', null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    forgeId: r.forge_id as string,
    pushedAt: r.pushed_at ?? null,
    location: r.location,
    defaultBranch: r.default_branch ?? null,
  }));
}

/** Where every stored repo (any source, gone ones too) is read from: a mirror of one of these is in use. */
export async function storedLocations(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('repos').select('location').execute();
  return rows.map((r) => r.location);
}

/** One listed forge repo and whether its crawl succeeded (only then is its push time recorded). */
export interface ListedForgeRepo {
  ref: RepoRef;
  crawled: boolean;
}

/**
 * Writes the forge's facts of listed repos onto their rows (names and URLs too: a renamed or transferred repo
 * keeps its id), and the push time of those crawled successfully.
 */
export async function saveForgeFacts(db: Db, listed: readonly ListedForgeRepo[]): Promise<void> {
  if (listed.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (const batch of chunks(listed, 200)) {
      for (const { ref, crawled } of batch) {
        const f = ref.forge;
        if (!f?.id) continue;
        await trx
          .updateTable('repos')
          .set({
            name: cleanText(ref.name),
            full_name: cleanText(ref.fullName),
            location:
              ref.location.kind === 'remote' ? cleanText(ref.location.url) : cleanText(ref.location.path),
            web_url: cleanText(ref.webUrl),
            description: cleanText(ref.description),
            topics: JSON.stringify(ref.topics ?? []),
            archived: flag(ref.archived),
            visibility: ref.visibility ?? null,
            org: cleanText(ref.owner),
            stars: f.stars ?? null,
            forks: f.forks ?? null,
            watchers: f.watchers ?? null,
            open_issues: f.openIssues ?? null,
            forge_created_at: cleanText(f.createdAt),
            forge_type: f.type ?? null,
            forge_id: f.id,
            fork: flag(f.fork),
            owner_avatar: cleanText(f.ownerAvatar ?? undefined),
            ...(crawled ? { pushed_at: f.pushedAt ?? null } : {}),
          })
          .where('id', '=', ref.id)
          .execute();
        // Collaborators read this listing replace the stored ones; not read (a failure): the stored ones stay.
        if (f.collaborators) {
          await trx.deleteFrom('repo_collaborators').where('repo_id', '=', ref.id).execute();
          const logins = [...new Set(f.collaborators.map((l) => cleanText(l.toLowerCase())))].filter(
            (l): l is string => Boolean(l),
          );
          for (const part of chunks(logins, 500)) {
            await trx
              .insertInto('repo_collaborators')
              .values(part.map((login) => ({ repo_id: ref.id, login })))
              .execute();
          }
        }
      }
    }
  });
}

/** The logins the forge gives read access to each private repo (repos whose collaborators were read). */
export async function collaboratorsByRepo(db: Db): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const r of await db.selectFrom('repo_collaborators').select(['repo_id', 'login']).execute()) {
    const list = out.get(r.repo_id);
    if (list) list.push(r.login);
    else out.set(r.repo_id, [r.login]);
  }
  return out;
}

/** The forge facts of one stored repo, for the API and exports. */
export interface ForgeFacts {
  type: string;
  id: string;
  fork: boolean;
  pushedAt: string | null;
  ownerAvatar: string | null;
}

/** Forge facts by repo id (repos of forge sources only). */
export async function forgeFactsById(db: Db, ids?: readonly string[]): Promise<Map<string, ForgeFacts>> {
  let q = db
    .selectFrom('repos')
    .select(['id', 'forge_type', 'forge_id', 'fork', 'pushed_at', 'owner_avatar'])
    .where('forge_id', 'is not', null);
  if (ids) {
    if (ids.length === 0) return new Map();
    q = q.where('id', 'in', ids);
  }
  const out = new Map<string, ForgeFacts>();
  for (const r of await q.execute()) {
    out.set(r.id, {
      type: r.forge_type ?? '',
      id: r.forge_id as string,
      fork: Boolean(r.fork),
      pushedAt: r.pushed_at ?? null,
      ownerAvatar: r.owner_avatar ?? null,
    });
  }
  return out;
}

/** The HTTP validators of one source, as a cache the forge HTTP layer reads and fills during a listing. */
export class StoredHttpCache implements HttpCache {
  private readonly used = new Set<string>();
  private readonly dirty = new Set<string>();

  constructor(
    readonly source: string,
    private readonly entries: Map<string, HttpCacheEntry>,
  ) {}

  get(key: string): HttpCacheEntry | undefined {
    this.used.add(key);
    return this.entries.get(key);
  }

  set(key: string, entry: HttpCacheEntry): void {
    this.used.add(key);
    this.dirty.add(key);
    this.entries.set(key, entry);
  }

  /** Entries written during this listing. */
  changed(): [string, HttpCacheEntry][] {
    return [...this.dirty].map((k) => [k, this.entries.get(k) as HttpCacheEntry]);
  }

  /** Keys stored but not asked for during this listing (pages that no longer exist). */
  unused(): string[] {
    return [...this.entries.keys()].filter((k) => !this.used.has(k));
  }
}

export async function loadHttpCache(db: Db, source: string): Promise<StoredHttpCache> {
  const rows = await db.selectFrom('forge_http_cache').selectAll().where('source', '=', source).execute();
  const entries = new Map<string, HttpCacheEntry>();
  for (const r of rows) {
    entries.set(r.key, { etag: r.etag, lastModified: r.last_modified, value: r.value, next: r.next_url });
  }
  return new StoredHttpCache(source, entries);
}

/** Writes the entries a listing changed; a complete listing also drops the entries it no longer used. */
export async function saveHttpCache(
  db: Db,
  cache: StoredHttpCache,
  opts: { complete: boolean; now: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    for (const [key, e] of cache.changed()) {
      const row = {
        etag: e.etag,
        last_modified: e.lastModified,
        value: e.value,
        next_url: e.next,
        updated_at: opts.now,
      };
      await trx
        .insertInto('forge_http_cache')
        .values({ source: cache.source, key, ...row })
        .onConflict((oc) => oc.columns(['source', 'key']).doUpdateSet(row))
        .execute();
    }
    if (!opts.complete) return;
    for (const batch of chunks(cache.unused(), 500)) {
      await trx
        .deleteFrom('forge_http_cache')
        .where('source', '=', cache.source)
        .where('key', 'in', batch)
        .execute();
    }
  });
}
