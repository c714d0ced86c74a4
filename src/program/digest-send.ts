// `agora digest --send`: posts this week's digest to every configured chat webhook, retrying a failed post
// (a few attempts with back-off), and records each delivery in the store: delivered, or failed with the
// reason. A failure is never lost: the next run retries every recorded failure before the new week's posts,
// and a digest already delivered for a webhook and week is not sent twice. The webhook URL is a secret read
// from the environment; only the variable's name is stored or printed. Each delivery is claimed in the store
// before it is posted, so processes racing (two schedulers, a schedule and a manual --send) post it once.
// `digest.schedule` runs the same function (src/queue/digest-job.ts).

import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';
import { buildDigest, digestInputs, isoWeek } from './digest.ts';
import { type ChatFormat, chatPayload } from './digest-render.ts';

export interface DeliveryOutcome {
  target: string;
  format: string;
  period: string;
  /** `claimed`: another process is posting it right now. */
  status: 'delivered' | 'failed' | 'already-delivered' | 'claimed' | 'dry-run';
  attempts: number;
  error?: string;
}

function targetName(i: number, urlEnv: string): string {
  return `webhook:${i}:${urlEnv}`;
}

async function post(url: string, body: string, timeoutMs: number): Promise<string | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'agora-innersource' },
      body,
      signal: controller.signal,
      redirect: 'error',
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? null : `HTTP ${res.status}`;
  } catch (err) {
    if (controller.signal.aborted) return `no answer within ${Math.round(timeoutMs / 1000)} s`;
    const cause = (err as { cause?: { code?: string } }).cause;
    return cause?.code ?? 'network error';
  } finally {
    clearTimeout(timer);
  }
}

async function deliver(
  url: string,
  payload: string,
  attempts: number,
  backoffMs: number,
  timeoutMs: number,
): Promise<{ error: string | null; attempts: number }> {
  let error: string | null = null;
  for (let i = 1; i <= attempts; i++) {
    error = await post(url, payload, timeoutMs);
    if (error === null) return { error: null, attempts: i };
    if (i < attempts) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (i - 1)));
  }
  return { error, attempts };
}

/** Sends the digest of the week ending at `now` to every webhook; retries recorded failures first. */
export async function sendDigests(
  store: Store,
  loaded: LoadedConfig,
  opts: { now?: Date; dryRun?: boolean; backoffMs?: number; timeoutMs?: number } = {},
): Promise<DeliveryOutcome[]> {
  const now = opts.now ?? new Date();
  const q = await import('../store/queries/program.ts');
  const webhooks = loaded.config.digest?.webhooks ?? [];
  const attempts = loaded.config.digest?.attempts ?? 3;
  const backoffMs = opts.backoffMs ?? 2000;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const base = loaded.config.server.publicUrl?.replace(/\/+$/, '') ?? 'http://localhost:4400';
  const urlOf = new Map(webhooks.map((w, i) => [targetName(i, w.urlEnv), process.env[w.urlEnv]]));
  const out: DeliveryOutcome[] = [];
  const nowIso = now.toISOString();
  // Failures of earlier runs first: their stored payload is sent again as it was.
  for (const f of await q.failedDeliveries(store.db, now)) {
    const url = urlOf.get(f.target);
    if (!url || opts.dryRun) continue;
    if (!(await q.claimDelivery(store.db, f, now))) continue;
    const r = await deliver(url, f.payload, attempts, backoffMs, timeoutMs);
    const total = f.attempts + r.attempts;
    await q.recordDelivery(
      store.db,
      { ...f, status: r.error ? 'failed' : 'delivered', attempts: total, lastError: r.error },
      new Date(nowIso),
    );
    out.push({
      target: f.target,
      format: f.format,
      period: f.period,
      status: r.error ? 'failed' : 'delivered',
      attempts: total,
      ...(r.error ? { error: r.error } : {}),
    });
  }
  const period = isoWeek(new Date(now.getTime() - 1));
  // Webhooks already served this week are settled before any digest is computed (a frequent schedule is cheap).
  const owed: { w: (typeof webhooks)[number]; target: string }[] = [];
  for (const [i, w] of webhooks.entries()) {
    const target = targetName(i, w.urlEnv);
    if (out.some((o) => o.target === target && o.period === period)) continue;
    const prior = await q.digestDelivery(store.db, target, period);
    if (prior?.status === 'delivered') {
      out.push({ target, format: w.format, period, status: 'already-delivered', attempts: prior.attempts });
    } else if (prior?.status === 'sending' && !opts.dryRun) {
      out.push({ target, format: w.format, period, status: 'claimed', attempts: prior.attempts });
    } else owed.push({ w, target });
  }
  if (owed.length === 0) return out;
  const inputs = await digestInputs(store, loaded, now);
  for (const { w, target } of owed) {
    const digest = await buildDigest(store, loaded, { end: now, team: w.team, inputs });
    const payload = JSON.stringify(chatPayload(digest, w.format as ChatFormat, base));
    if (opts.dryRun) {
      out.push({ target, format: w.format, period, status: 'dry-run', attempts: 0 });
      continue;
    }
    if (!(await q.claimDelivery(store.db, { target, format: w.format, period, payload }, now))) {
      out.push({ target, format: w.format, period, status: 'claimed', attempts: 0 });
      continue;
    }
    const url = process.env[w.urlEnv];
    const r = url
      ? await deliver(url, payload, attempts, backoffMs, timeoutMs)
      : { error: `${w.urlEnv} is not set`, attempts: 0 };
    await q.recordDelivery(
      store.db,
      {
        target,
        format: w.format,
        period,
        payload,
        status: r.error ? 'failed' : 'delivered',
        attempts: r.attempts,
        lastError: r.error,
      },
      now,
    );
    out.push({
      target,
      format: w.format,
      period,
      status: r.error ? 'failed' : 'delivered',
      attempts: r.attempts,
      ...(r.error ? { error: r.error } : {}),
    });
  }
  return out;
}
