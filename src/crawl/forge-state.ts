// What a crawl keeps for forge sources: which stored repo a listed one is (by the forge's numeric id, so a
// rename or transfer keeps its id, history and metrics), whether its push time and default branch say nothing
// moved (then no git fetch at all), the validators for conditional requests, the forge facts written after
// the crawl, and the mirrors of renamed or transferred repos moved to their new clone URL's folder.

import type { RepoRef, Source } from '../sources/source.ts';
import type { Store } from '../store/db.ts';
import type { ListedForgeRepo, StoredHttpCache } from '../store/queries/forge.ts';
import type { KnownRepo } from '../store/queries/repos-write.ts';

export class ForgeCrawlState {
  private readonly byForgeId = new Map<string, string>();
  private readonly forgeIdOf = new Map<string, string>();
  private readonly pushedAt = new Map<string, string | null>();
  /** Clone URL and default branch each stored forge repo was last read with. */
  private readonly readWith = new Map<string, { location: string; defaultBranch: string | null }>();
  private readonly listed: ListedForgeRepo[] = [];

  private constructor(
    private readonly store: Store,
    private readonly q: typeof import('../store/queries/forge.ts'),
  ) {}

  static async load(store: Store): Promise<ForgeCrawlState> {
    const q = await import('../store/queries/forge.ts');
    const state = new ForgeCrawlState(store, q);
    for (const r of await q.storedForgeRepos(store.db)) {
      state.byForgeId.set(`${r.source}\u0000${r.forgeId}`, r.id);
      state.forgeIdOf.set(r.id, r.forgeId);
      state.pushedAt.set(r.id, r.pushedAt);
      state.readWith.set(r.id, { location: r.location, defaultBranch: r.defaultBranch });
    }
    return state;
  }

  /**
   * The listed repo with the id it is stored under: the id its forge id was first stored with, or, for a repo
   * never seen, `<source>:<full name>` (suffixed with `#<forge id>` when another repo holds that name, e.g.
   * a new repo created under the old name of a renamed one).
   */
  resolve(ref: RepoRef): RepoRef {
    const forgeId = ref.forge?.id;
    if (!forgeId) return ref;
    const key = `${ref.source}\u0000${forgeId}`;
    const known = this.byForgeId.get(key);
    if (known) return known === ref.id ? ref : { ...ref, id: known };
    const holder = this.forgeIdOf.get(ref.id);
    const id = holder !== undefined && holder !== forgeId ? `${ref.id}#${forgeId}` : ref.id;
    this.byForgeId.set(key, id);
    this.forgeIdOf.set(id, forgeId);
    return id === ref.id ? ref : { ...ref, id };
  }

  /**
   * True when the forge's push time is the one the repo was last crawled at, and its default branch the one
   * it was read on (switching the default branch is no push): no fetch, nothing to read.
   */
  unchangedByProbe(ref: RepoRef, before: KnownRepo | undefined): boolean {
    const pushed = ref.forge?.pushedAt;
    if (!pushed || !before || before.status !== 'active' || !before.crawled) return false;
    // An empty repo has no branch to be on (its mirror's unborn HEAD names git's default, not the forge's).
    const branch = before.headSha === null ? null : this.readWith.get(ref.id)?.defaultBranch;
    if (ref.defaultBranch && branch && ref.defaultBranch !== branch) return false;
    return this.pushedAt.get(ref.id) === pushed;
  }

  /** Records a listed forge repo's crawl outcome, for `finish`. */
  listedRepo(ref: RepoRef, crawled: boolean): void {
    if (ref.forge?.id) this.listed.push({ ref, crawled });
  }

  /** The conditional-request cache of a forge source (undefined for other sources). */
  async httpCache(source: Source): Promise<StoredHttpCache | undefined> {
    if (!['github', 'gitlab', 'gitea'].includes(source.type)) return undefined;
    return this.q.loadHttpCache(this.store.db, source.name);
  }

  async saveHttpCache(cache: StoredHttpCache | undefined, complete: boolean): Promise<void> {
    if (cache) await this.q.saveHttpCache(this.store.db, cache, { complete, now: new Date().toISOString() });
  }

  /** Writes the forge facts of every listed repo (stars and topics move without a push). */
  async finish(): Promise<void> {
    await this.q.saveForgeFacts(this.store.db, this.listed);
  }

  /**
   * After `finish`: the mirror of each listed repo whose clone URL changed (renamed or transferred) is moved
   * to the new URL's folder, or removed when one is there, unless a stored repo still reads the old URL (a new
   * repo under the old name). Returns how many mirrors moved or went.
   */
  async relocateMirrors(dataDir: string): Promise<number> {
    const moves: { from: string; to: string }[] = [];
    for (const { ref } of this.listed) {
      const old = this.readWith.get(ref.id)?.location;
      if (ref.location.kind !== 'remote' || !old || old === ref.location.url) continue;
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(old)) continue;
      moves.push({ from: old, to: ref.location.url });
    }
    if (moves.length === 0) return 0;
    const { mirrorName } = await import('../git/mirror.ts');
    const { relocateMirror } = await import('../git/mirror-relocate.ts');
    const inUse = new Set((await this.q.storedLocations(this.store.db)).map((l) => mirrorName(l)));
    let done = 0;
    for (const { from, to } of moves) {
      if (inUse.has(mirrorName(from))) continue;
      if ((await relocateMirror(from, to, dataDir)) !== 'none') done++;
    }
    return done;
  }
}
