// The scheduled digest (`digest.schedule`, cron, UTC). PostgreSQL stores: every `agora serve` and `agora
// worker` registers the schedule with pg-boss, whose cron fires it once however many processes run, and one
// of them takes the job and sends; a run with a failed post fails the job, so the queue retries it later (the
// retry posts only what is still owed). SQLite stores: `agora serve` fires it in-process. Either way each post
// is claimed in the store first (src/program/digest-send.ts), so a week reaches each webhook once.

import type PgBoss from 'pg-boss';
import type { LoadedConfig } from '../config/schema.ts';
import type { Store } from '../store/db.ts';

export const DIGEST_QUEUE = 'agora-digest';
/** A run with a failed post is retried this often (SQLite: in-process; PostgreSQL: by the queue, with back-off). */
const RETRIES = 3;
/** Ten minutes after a failed run; `AGORA_DIGEST_RETRY_S` (1–3,600) shortens it for tests. */
const RETRY_DELAY_S = retryDelayFromEnv(process.env.AGORA_DIGEST_RETRY_S) ?? 600;

function retryDelayFromEnv(v: string | undefined): number | null {
  const n = Number(v);
  return v && Number.isInteger(n) && n >= 1 && n <= 3600 ? n : null;
}
/** setTimeout's longest delay; a later run is re-armed on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Sends what is owed; throws when a post failed (so the queue retries the run). */
async function sendScheduled(store: Store, loaded: LoadedConfig): Promise<number> {
  const { sendDigests } = await import('../program/digest-send.ts');
  const outcomes = await sendDigests(store, loaded);
  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length) {
    throw new Error(
      `digest: ${failed.length} post${failed.length === 1 ? '' : 's'} failed (${failed.map((f) => `${f.target}: ${f.error}`).join('; ')}); recorded, retried`,
    );
  }
  return outcomes.filter((o) => o.status === 'delivered').length;
}

/** PostgreSQL: registers `digest.schedule` with the queue (or removes it) and takes its jobs in this process. */
export async function attachDigestSchedule(boss: PgBoss, store: Store, loaded: LoadedConfig): Promise<void> {
  await boss.createQueue(DIGEST_QUEUE, {
    name: DIGEST_QUEUE,
    policy: 'short',
    retryLimit: RETRIES,
    retryDelay: RETRY_DELAY_S,
    retryBackoff: true,
    expireInSeconds: 30 * 60,
  });
  const cron = loaded.config.digest?.schedule;
  if (!cron) {
    await boss.unschedule(DIGEST_QUEUE).catch(() => {});
    return;
  }
  await boss.schedule(DIGEST_QUEUE, cron, {}, { tz: 'UTC' });
  await boss.work(DIGEST_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async () => {
    await sendScheduled(store, loaded);
  });
}

export interface DigestTimer {
  close(): Promise<void>;
}

/** SQLite: fires `digest.schedule` in this process (null when no schedule is configured). */
export function startDigestTimer(
  store: Store,
  loaded: LoadedConfig,
  log: { warn(obj: object, msg: string): void },
): DigestTimer | null {
  const cron = loaded.config.digest?.schedule;
  if (!cron) return null;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let retries = 0;
  const arm = async (delayMs?: number) => {
    if (stopped) return;
    let wait = delayMs;
    if (wait === undefined) {
      const { default: parser } = await import('cron-parser');
      const next = parser.parseExpression(cron, { currentDate: new Date(), tz: 'UTC' }).next().getTime();
      wait = Math.max(0, next - Date.now());
    }
    if (stopped) return;
    if (wait > MAX_TIMER_MS) timer = setTimeout(() => void arm(), MAX_TIMER_MS);
    else timer = setTimeout(fire, wait);
  };
  const fire = () => {
    running = sendScheduled(store, loaded)
      .then(() => {
        retries = 0;
        return arm();
      })
      .catch((err) => {
        log.warn({ err: (err as Error).message }, 'scheduled digest');
        if (retries++ < RETRIES) return arm(RETRY_DELAY_S * 1000);
        retries = 0;
        return arm();
      })
      .finally(() => {
        running = null;
      });
  };
  void arm().catch((err) => log.warn({ err: (err as Error).message }, 'digest.schedule'));
  return {
    async close() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
