// A sign-in refreshes the person behind their feed token: the groups (and login) a feed token answers with are
// the provider's at the person's latest sign-in, not those of the day the link was made.

import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { expect, it } from 'vitest';
import { describeEachStore } from '../../../test/helpers/stores.ts';
import type { AuthConfig } from '../../config/schema.ts';
import { replaceFeedToken } from '../../store/queries/auth.ts';
import { verifyFeedToken } from './feed-tokens.ts';
import { createSessions } from './sessions.ts';
import type { SessionUser } from './viewer.ts';

describeEachStore('sessions', (getStore) => {
  it("a sign-in gives the person's feed token the groups and login of that sign-in", async () => {
    const store = getStore();
    const id = '0123456789abcdef';
    const token = `agorafeed_${id}_${'A'.repeat(43)}`;
    const before: SessionUser = {
      subject: 'oidc|dana',
      email: 'dana@example.com',
      name: 'Dana',
      groups: ['payments', 'secret-project'],
      login: 'dana',
    };
    await replaceFeedToken(store.db, {
      id,
      subject: before.subject,
      digest: createHash('sha256').update(token, 'utf8').digest('hex'),
      user: JSON.stringify(before),
      createdAt: 1_700_000_000,
    });
    const now = Math.floor(Date.now() / 1000);
    expect((await verifyFeedToken(store, token, now))?.groups).toEqual(['payments', 'secret-project']);

    const auth = { session: { idleMinutes: 60, absoluteHours: 8 } } as AuthConfig;
    const sessions = createSessions(store, auth, () => false);
    const reply = { setCookie: () => reply } as unknown as FastifyReply;
    // Dana left the secret project's group and signs in again.
    await sessions.start(reply, {} as FastifyRequest, { ...before, groups: ['payments'], login: 'dana-new' });
    const after = await verifyFeedToken(store, token, now);
    expect(after?.groups).toEqual(['payments']);
    expect(after?.login).toBe('dana-new');

    // Another person's sign-in leaves Dana's token alone.
    await sessions.start(reply, {} as FastifyRequest, { ...before, subject: 'oidc|erin', groups: [] });
    expect((await verifyFeedToken(store, token, now))?.groups).toEqual(['payments']);
  });
});
