// The one HTTP layer every forge client uses, per host: a cap on requests in flight, an optional request budget
// (`requestsPerSecond`: a token bucket of this process, or shared by every queue worker), the primary rate limit
// (X-RateLimit-Remaining/Reset, GitLab's RateLimit-*) and secondary limits (403/429 with Retry-After) honoured
// by a delay shared by every request to that host, back-off on 5xx and network failures, a time-out on the
// whole exchange (a body that never ends included), conditional requests from stored validators, and every
// failure turned into an AgoraError with a stable FORGE_* code. The token goes only into the Authorization
// header; no message, error or log line carries it.

import { AgoraError, type ErrorCode, redactSecrets } from '../../errors.ts';

/** Validators and the value of one cached GET, kept in the store between crawls. */
export interface HttpCacheEntry {
  etag: string | null;
  lastModified: string | null;
  /** The projected value (JSON text), returned again on 304 Not Modified. */
  value: string;
  next: string | null;
}

export interface HttpCache {
  get(key: string): HttpCacheEntry | undefined;
  set(key: string, entry: HttpCacheEntry): void;
}

/** A wait the layer is doing, for the crawl's progress line. */
export interface ForgeWait {
  host: string;
  until: Date;
  reason: 'rate-limit' | 'retry';
}

export interface ForgeHttpOptions {
  /** Any URL of the API: its origin names the host whose limits are shared. */
  apiUrl: string;
  /** The Authorization header's value, or null for anonymous access. */
  authorization: string | null;
  /** Requests in flight to this host (default 4). */
  concurrency?: number;
  /** Requests a second to this host, in bursts of one second's worth (default: no limit but the forge's). */
  requestsPerSecond?: number;
  /** Time-out of one request, body included (default 30 s). */
  timeoutMs?: number;
  /** Retries after a 5xx, a network failure, a time-out or an unreadable body (default 3). */
  maxRetries?: number;
  /** Retries after a rate limit (default 5). */
  maxRateLimitRetries?: number;
  /** The longest wait for a rate limit to reset before giving up with FORGE_RATE_LIMITED (default 15 min). */
  maxWaitMs?: number;
  /** First back-off delay, doubled each retry (default 1 s). */
  backoffMs?: number;
  cache?: HttpCache;
  onWait?: (wait: ForgeWait) => void;
}

/** Counts for tests and the bench: what a crawl cost the forge. */
export interface ForgeHttpStats {
  requests: number;
  /** Answers 304 Not Modified (GitHub does not count them against the rate limit). */
  notModified: number;
  retries: number;
  rateLimitWaits: number;
}

export interface JsonPage<T> {
  value: T;
  next: string | null;
  fromCache: boolean;
}

/** Requests in flight, the shared "do not ask before" time and the request budget of one host. */
interface HostState {
  active: number;
  queue: (() => void)[];
  blockedUntil: number;
  /** This process's token bucket (`requestsPerSecond` without a shared budget): tokens left, and when. */
  tokens: number;
  tokensAt: number;
}

const hosts = new Map<string, HostState>();

function hostState(origin: string): HostState {
  let state = hosts.get(origin);
  if (!state) {
    state = { active: 0, queue: [], blockedUntil: 0, tokens: Number.POSITIVE_INFINITY, tokensAt: 0 };
    hosts.set(origin, state);
  }
  return state;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * A host's request budget: takes one request's token from a bucket of `rate` tokens a second, `burst` deep,
 * and answers how many seconds the request must wait for it (0: send now). A token taken is the request's
 * even if it waits: callers reserve slots in order, so any window of W seconds holds at most
 * `burst + rate × W` requests.
 */
export type HostBudget = (host: string, rate: number, burst: number) => Promise<number>;

let sharedBudget: HostBudget | null = null;

/**
 * Makes every forge HTTP layer of this process take its requests from `budget` (a queue worker's, kept in
 * PostgreSQL so N workers share one budget per host); null: each process keeps its own.
 */
export function shareHostBudget(budget: HostBudget | null): void {
  sharedBudget = budget;
}

/** This process's own bucket: the same arithmetic as the shared one (queue/host-budget.ts), in memory. */
function localBudget(state: HostState, rate: number, burst: number): number {
  const now = Date.now();
  state.tokens = Math.min(burst, state.tokens + ((now - state.tokensAt) / 1000) * rate) - 1;
  state.tokensAt = now;
  return state.tokens >= 0 ? 0 : -state.tokens / rate;
}

/** The `rel="next"` target of a Link header (GitHub, GitLab keyset and offset, Gitea). */
export function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel="?next"?/.test(m[2])) return m[1];
  }
  return null;
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or null. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function header(headers: Headers, ...names: string[]): string | null {
  for (const name of names) {
    const v = headers.get(name);
    if (v !== null) return v;
  }
  return null;
}

class Retry {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
    readonly delayMs: number | null,
    readonly rateLimited: boolean,
    /** The forge's HTTP status, when it answered one. */
    readonly status: number | null = null,
  ) {}
}

/** The HTTP status behind a FORGE_* error (`details.status`), when the forge answered one. */
export function forgeStatus(err: unknown): number | null {
  const details = err instanceof AgoraError ? (err.details as { status?: unknown } | undefined) : undefined;
  return typeof details?.status === 'number' ? details.status : null;
}

/** A client of one forge host: every request of every forge module goes through `getJson`. */
export class ForgeHttp {
  readonly stats: ForgeHttpStats = { requests: 0, notModified: 0, retries: 0, rateLimitWaits: 0 };
  private readonly origin: string;
  private readonly host: HostState;
  private readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly maxRateLimitRetries: number;
  private readonly maxWaitMs: number;
  private readonly backoffMs: number;

  constructor(private readonly opts: ForgeHttpOptions) {
    this.origin = new URL(opts.apiUrl).origin;
    this.host = hostState(this.origin);
    this.concurrency = opts.concurrency ?? 4;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.maxRetries = opts.maxRetries ?? 3;
    this.maxRateLimitRetries = opts.maxRateLimitRetries ?? 5;
    this.maxWaitMs = opts.maxWaitMs ?? 15 * 60_000;
    this.backoffMs = opts.backoffMs ?? 1000;
  }

  /**
   * GETs `url` and projects its JSON with `project` (which also says where the next page is). With a cache,
   * the request is conditional and a 304 returns the stored value. Throws AgoraError FORGE_*.
   */
  async getJson<T>(
    url: string,
    project: (json: unknown, headers: Headers) => { value: T; next: string | null },
    opts: { cache?: 'use' | 'store' | 'none' } = {},
  ): Promise<JsonPage<T>> {
    const key = `GET ${url}`;
    // 'none': neither asked nor kept (pages whose URL never repeats); 'store': asked in full, validators kept.
    const mode = opts.cache ?? 'use';
    const cache = mode === 'none' ? undefined : this.opts.cache;
    const cached = mode === 'use' ? cache?.get(key) : undefined;
    let failures = 0;
    let limited = 0;
    for (;;) {
      await this.waitForHost();
      const outcome = await this.once(url, cached);
      if (!(outcome instanceof Retry)) {
        if (outcome.status === 304 && cached) {
          this.stats.notModified++;
          return { value: JSON.parse(cached.value) as T, next: cached.next, fromCache: true };
        }
        let json: unknown;
        try {
          json = JSON.parse(outcome.text);
        } catch {
          const retry = new Retry(
            'FORGE_BAD_RESPONSE',
            'answered with JSON that does not parse',
            null,
            false,
          );
          if (++failures > this.maxRetries) throw this.error(retry, url);
          await this.backoff(failures, retry);
          continue;
        }
        let projected: { value: T; next: string | null };
        try {
          projected = project(json, outcome.headers);
        } catch (err) {
          throw new AgoraError(
            'FORGE_BAD_RESPONSE',
            `${this.where(url)} answered with data Agora cannot read: ${(err as Error).message}`,
          );
        }
        const etag = outcome.headers.get('etag');
        const lastModified = outcome.headers.get('last-modified');
        if (cache && (etag || lastModified)) {
          cache.set(key, {
            etag,
            lastModified,
            value: JSON.stringify(projected.value),
            next: projected.next,
          });
        }
        return { ...projected, fromCache: false };
      }
      if (outcome.rateLimited) {
        if (++limited > this.maxRateLimitRetries) throw this.error(outcome, url);
        const delay = outcome.delayMs ?? this.backoffMs * 2 ** (limited - 1);
        if (delay > this.maxWaitMs) throw this.error(outcome, url);
        this.stats.rateLimitWaits++;
        this.block(Date.now() + delay, 'rate-limit');
        continue;
      }
      if (outcome.delayMs === -1 || ++failures > this.maxRetries) throw this.error(outcome, url);
      await this.backoff(failures, outcome);
    }
  }

  /**
   * Sends a write (`POST`, `PATCH`, …) with a JSON body and projects the JSON answer. A write is never retried
   * after a failure that may have reached the forge (a second POST could open a second pull request); only a
   * rate limit, which the forge refused before acting, is waited out. Throws AgoraError FORGE_*.
   */
  async sendJson<T>(method: string, url: string, body: unknown, project: (json: unknown) => T): Promise<T> {
    let limited = 0;
    for (;;) {
      await this.waitForHost();
      const outcome = await this.once(url, undefined, { method, body: JSON.stringify(body) });
      if (!(outcome instanceof Retry)) {
        try {
          return project(outcome.text ? JSON.parse(outcome.text) : null);
        } catch (err) {
          throw new AgoraError(
            'FORGE_BAD_RESPONSE',
            `${this.where(url, method)} answered with data Agora cannot read: ${(err as Error).message}`,
          );
        }
      }
      if (outcome.rateLimited && ++limited <= this.maxRateLimitRetries) {
        const delay = outcome.delayMs ?? this.backoffMs * 2 ** (limited - 1);
        if (delay > this.maxWaitMs)
          throw new AgoraError(outcome.code, `${this.where(url, method)} ${outcome.message}`);
        this.stats.rateLimitWaits++;
        this.block(Date.now() + delay, 'rate-limit');
        continue;
      }
      throw new AgoraError(outcome.code, `${this.where(url, method)} ${outcome.message}`);
    }
  }

  private where(url: string, method = 'GET'): string {
    const u = new URL(url);
    return redactSecrets(`${u.host} (${method} ${u.pathname}${u.search})`);
  }

  private error(retry: Retry, url: string): AgoraError {
    return new AgoraError(retry.code, `${this.where(url)} ${retry.message}`, {
      details: retry.status === null ? undefined : { status: retry.status },
    });
  }

  private async backoff(failures: number, retry: Retry): Promise<void> {
    this.stats.retries++;
    const delay = retry.delayMs ?? this.backoffMs * 2 ** (failures - 1);
    this.opts.onWait?.({
      host: new URL(this.origin).host,
      until: new Date(Date.now() + delay),
      reason: 'retry',
    });
    await sleep(delay);
  }

  /** Every request to the host waits until `until` (a rate limit is the host's, not one request's). */
  private block(until: number, reason: ForgeWait['reason']): void {
    if (until <= this.host.blockedUntil) return;
    this.host.blockedUntil = until;
    this.opts.onWait?.({ host: new URL(this.origin).host, until: new Date(until), reason });
  }

  private async waitForHost(): Promise<void> {
    for (;;) {
      const wait = this.host.blockedUntil - Date.now();
      if (wait <= 0) return;
      if (wait > this.maxWaitMs) {
        throw new AgoraError(
          'FORGE_RATE_LIMITED',
          `${new URL(this.origin).host} rate limit resets at ${new Date(this.host.blockedUntil).toISOString()}, later than the longest wait`,
        );
      }
      await sleep(wait);
    }
  }

  /** Waits for this request's token of the host's budget, when `requestsPerSecond` sets one. */
  private async takeBudget(): Promise<void> {
    const rate = this.opts.requestsPerSecond;
    if (!rate) return;
    const burst = Math.max(1, rate);
    const waitS = sharedBudget
      ? await sharedBudget(new URL(this.origin).host, rate, burst)
      : localBudget(this.host, rate, burst);
    if (waitS > 0) await sleep(waitS * 1000);
  }

  private async acquire(): Promise<() => void> {
    if (this.host.active >= this.concurrency) {
      await new Promise<void>((resolve) => this.host.queue.push(resolve));
    }
    this.host.active++;
    return () => {
      this.host.active--;
      this.host.queue.shift()?.();
    };
  }

  /** One exchange: the answer, or what to do about its failure. */
  private async once(
    url: string,
    cached: HttpCacheEntry | undefined,
    write?: { method: string; body: string },
  ): Promise<{ status: number; headers: Headers; text: string } | Retry> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'agora-innersource',
    };
    if (write) headers['content-type'] = 'application/json';
    if (this.opts.authorization) headers.authorization = this.opts.authorization;
    if (cached?.etag) headers['if-none-match'] = cached.etag;
    if (cached?.lastModified) headers['if-modified-since'] = cached.lastModified;
    const release = await this.acquire();
    try {
      await this.takeBudget();
    } catch (err) {
      release();
      throw err;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let res: Response;
    let text: string;
    try {
      this.stats.requests++;
      res = await fetch(url, {
        headers,
        signal: controller.signal,
        redirect: write ? 'error' : 'follow',
        ...(write ? { method: write.method, body: write.body } : {}),
      });
      text = await res.text();
    } catch (err) {
      const timedOut = controller.signal.aborted;
      return new Retry(
        'FORGE_UNAVAILABLE',
        timedOut
          ? `did not answer within ${Math.round(this.timeoutMs / 1000)} s`
          : `could not be reached: ${(err as Error).cause ? String((err as { cause: Error }).cause.message ?? (err as Error).cause) : (err as Error).message}`,
        null,
        false,
      );
    } finally {
      clearTimeout(timer);
      release();
    }
    this.noteRateLimit(res.headers);
    const status = res.status;
    if (status === 304 || (status >= 200 && status < 300)) return { status, headers: res.headers, text };
    const after = retryAfterMs(res.headers.get('retry-after'));
    const remaining = header(res.headers, 'x-ratelimit-remaining', 'ratelimit-remaining');
    if (
      status === 429 ||
      (status === 403 && (after !== null || remaining === '0' || /rate limit/i.test(text)))
    ) {
      // GitHub asks for at least a minute when a secondary limit gives no Retry-After.
      const reset = this.resetAt(res.headers);
      const delay = after ?? (reset !== null ? reset - Date.now() : status === 403 ? 60_000 : null);
      return new Retry('FORGE_RATE_LIMITED', `rate limit hit (HTTP ${status})`, delay, true);
    }
    if (status === 401 || status === 403) {
      return new Retry(
        'FORGE_AUTH',
        `refused the token (HTTP ${status}): check that it is valid and has the scopes the source needs`,
        -1,
        false,
      );
    }
    if (status === 404 || status === 410) {
      return new Retry('FORGE_NOT_FOUND', `has no such resource (HTTP ${status})`, -1, false, status);
    }
    if (status >= 500) return new Retry('FORGE_UNAVAILABLE', `failed (HTTP ${status})`, null, false);
    return new Retry('FORGE_BAD_RESPONSE', `answered HTTP ${status}`, -1, false);
  }

  private resetAt(headers: Headers): number | null {
    const reset = header(headers, 'x-ratelimit-reset', 'ratelimit-reset');
    if (!reset || !/^\d+$/.test(reset)) return null;
    return Number(reset) * 1000;
  }

  /** A primary limit used up: the host waits until it resets. */
  private noteRateLimit(headers: Headers): void {
    const remaining = header(headers, 'x-ratelimit-remaining', 'ratelimit-remaining');
    if (remaining !== '0') return;
    const reset = this.resetAt(headers);
    if (reset !== null && reset > Date.now()) this.block(reset, 'rate-limit');
  }
}
