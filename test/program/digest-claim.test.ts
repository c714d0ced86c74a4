// Each digest post is claimed in the store before it is sent, so processes racing (two schedulers, a schedule
// and `agora digest --send`) post a week to a webhook once; a failed post, or a claim whose process died, is
// owed and claimed again by exactly one later run. Both stores.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tmpDir } from '../helpers/gitdir.ts';
import { describeEachStore } from '../helpers/stores.ts';

describeEachStore('digest delivery claims', (getStore) => {
  const row = { target: 'webhook:0:HOOK', format: 'slack', period: '2026-W10', payload: '{}' };

  it('lets one claim win, then one retry of a failure, then one taker of a stale claim', async () => {
    const q = await import('../../src/store/queries/program.ts');
    const db = getStore().db;
    const t0 = new Date('2026-03-09T08:00:00Z');
    expect(await q.claimDelivery(db, row, t0)).toBe(true);
    expect(await q.claimDelivery(db, row, t0)).toBe(false);
    await q.recordDelivery(db, { ...row, status: 'failed', attempts: 2, lastError: 'HTTP 500' }, t0);
    expect((await q.failedDeliveries(db, t0)).map((d) => d.target)).toEqual([row.target]);
    expect(await q.claimDelivery(db, row, t0)).toBe(true);
    expect(await q.claimDelivery(db, row, t0)).toBe(false);
    // A claim nobody finished (its process died) is owed again once it is stale, to one taker.
    const later = new Date(t0.getTime() + q.STALE_SENDING_MS + 1000);
    expect(await q.failedDeliveries(db, t0)).toEqual([]);
    expect((await q.failedDeliveries(db, later)).map((d) => d.status)).toEqual(['sending']);
    expect(await q.claimDelivery(db, row, later)).toBe(true);
    expect(await q.claimDelivery(db, row, later)).toBe(false);
    await q.recordDelivery(db, { ...row, status: 'delivered', attempts: 3, lastError: null }, later);
    expect(await q.claimDelivery(db, row, new Date(later.getTime() + 2 * q.STALE_SENDING_MS))).toBe(false);
  });

  it('posts nothing for a week another process has claimed', async () => {
    const root = await tmpDir('agora-digest-claim-');
    await writeFile(
      join(root, 'agora.yaml'),
      'digest:\n  webhooks:\n    - { format: slack, urlEnv: AGORA_TEST_CLAIMED_HOOK }\n',
    );
    const { loadConfig } = await import('../../src/config/load.ts');
    const { sendDigests } = await import('../../src/program/digest-send.ts');
    const { isoWeek } = await import('../../src/program/digest.ts');
    const q = await import('../../src/store/queries/program.ts');
    const loaded = await loadConfig({ file: join(root, 'agora.yaml'), cwd: root });
    const now = new Date();
    const target = 'webhook:0:AGORA_TEST_CLAIMED_HOOK';
    const period = isoWeek(new Date(now.getTime() - 1));
    await q.claimDelivery(getStore().db, { target, format: 'slack', period, payload: '{}' }, now);
    // Unclaimed, this would be recorded as a failure (the variable is not set); claimed, it is left alone.
    const out = await sendDigests(getStore(), loaded, { now });
    expect(out).toEqual([{ target, format: 'slack', period, status: 'claimed', attempts: 0 }]);
    expect((await q.digestDelivery(getStore().db, target, period))?.status).toBe('sending');
  });
});
