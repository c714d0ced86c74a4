// Forge webhook deliveries: is this delivery really from the forge (GitHub's X-Hub-Signature-256 HMAC,
// GitLab's X-Gitlab-Token, Gitea's/Forgejo's X-Gitea-Signature HMAC; all compared in constant time), which
// delivery is it (so a redelivery is recognised), and which repository does it concern.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ForgeType } from './types.ts';

type Headers = Record<string, string | string[] | undefined>;

function one(headers: Headers, name: string): string | null {
  const v = headers[name];
  return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
}

/** Constant-time equality of two strings (their digests, so lengths leak nothing either). */
function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/** Whether a delivery carries a valid signature (or token) for `secret`. */
export function verifyDelivery(forge: ForgeType, headers: Headers, body: Buffer, secret: string): boolean {
  if (!secret) return false;
  const hmac = () => createHmac('sha256', secret).update(body).digest('hex');
  if (forge === 'github') {
    const sig = one(headers, 'x-hub-signature-256');
    return sig !== null && sameSecret(sig, `sha256=${hmac()}`);
  }
  if (forge === 'gitlab') {
    const token = one(headers, 'x-gitlab-token');
    return token !== null && sameSecret(token, secret);
  }
  const sig = one(headers, 'x-gitea-signature') ?? one(headers, 'x-forgejo-signature');
  return sig !== null && sameSecret(sig, hmac());
}

/** The delivery's id, the same on a redelivery. */
export function deliveryId(forge: ForgeType, headers: Headers): string | null {
  if (forge === 'github') return one(headers, 'x-github-delivery');
  if (forge === 'gitlab') return one(headers, 'x-gitlab-event-uuid') ?? one(headers, 'idempotency-key');
  return one(headers, 'x-gitea-delivery') ?? one(headers, 'x-forgejo-delivery');
}

/** The repository a delivery is about: its forge id (and full name when given), or null. */
export function repoOfDelivery(
  forge: ForgeType,
  payload: unknown,
): { forgeId: string; fullName: string | null } | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  const repo = (forge === 'gitlab' ? p.project : p.repository) as Record<string, unknown> | undefined;
  const id = repo?.id ?? (forge === 'gitlab' ? p.project_id : undefined);
  if (typeof id !== 'number' && typeof id !== 'string') return null;
  const fullName = repo?.full_name ?? repo?.path_with_namespace;
  return { forgeId: String(id), fullName: typeof fullName === 'string' ? fullName : null };
}
