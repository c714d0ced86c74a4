// Forge webhook deliveries already handled: remembered for a day so a redelivery of the same delivery id does
// nothing twice, across server restarts too.

import type { Db } from './shared.ts';

/** How long a delivery id is remembered: forges redeliver within hours, if at all. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * Records delivery `key` as handled at `now`; true when it is new, false when it was handled already.
 * Entries older than a day are pruned on the way.
 */
export async function claimDelivery(db: Db, key: string, now: Date): Promise<boolean> {
  const cutoff = new Date(now.getTime() - KEEP_MS).toISOString();
  await db.deleteFrom('webhook_deliveries').where('received_at', '<', cutoff).execute();
  const inserted = await db
    .insertInto('webhook_deliveries')
    .values({ key, received_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
}
