// The store's memory of handled webhook deliveries: a delivery id is claimed once, a second claim is refused,
// and ids older than a day are pruned (so the table stays small and a day-old id may be handled again).

import { expect, it } from 'vitest';
import { claimDelivery } from '../../src/store/queries/webhooks.ts';
import { describeEachStore } from '../helpers/stores.ts';

describeEachStore('webhook deliveries', (getStore) => {
  it('claims a delivery id once', async () => {
    const db = getStore().db;
    const now = new Date('2026-01-01T12:00:00Z');
    expect(await claimDelivery(db, 'gitea:a', now)).toBe(true);
    expect(await claimDelivery(db, 'gitea:a', new Date(now.getTime() + 60_000))).toBe(false);
    // Same id from another forge is another delivery.
    expect(await claimDelivery(db, 'gitlab:a', now)).toBe(true);
  });

  it('prunes ids older than a day', async () => {
    const db = getStore().db;
    const then = new Date('2026-02-01T00:00:00Z');
    expect(await claimDelivery(db, 'github:old', then)).toBe(true);
    const hourLater = new Date(then.getTime() + 60 * 60 * 1000);
    expect(await claimDelivery(db, 'github:recent', hourLater)).toBe(true);
    const dayAndMinuteLater = new Date(then.getTime() + 24 * 60 * 60 * 1000 + 60_000);
    expect(await claimDelivery(db, 'github:other', dayAndMinuteLater)).toBe(true);
    const keys = (await db.selectFrom('webhook_deliveries').select('key').orderBy('key').execute()).map(
      (r) => r.key,
    );
    expect(keys).toEqual(['github:other', 'github:recent']);
  });
});
