import { createHmac } from 'node:crypto';
import { expect, it } from 'vitest';
import { deliveryId, repoOfDelivery, verifyDelivery } from './webhooks.ts';

const SECRET = 'hook-secret';
const body = Buffer.from('{"repository":{"id":7,"full_name":"acme/x"}}');
const hex = createHmac('sha256', SECRET).update(body).digest('hex');

it('verifies GitHub, GitLab and Gitea deliveries, and refuses anything else', () => {
  expect(verifyDelivery('github', { 'x-hub-signature-256': `sha256=${hex}` }, body, SECRET)).toBe(true);
  expect(
    verifyDelivery('github', { 'x-hub-signature-256': `sha256=${hex}` }, Buffer.from(`${body} `), SECRET),
  ).toBe(false);
  expect(verifyDelivery('github', { 'x-hub-signature-256': hex }, body, SECRET)).toBe(false);
  expect(verifyDelivery('github', {}, body, SECRET)).toBe(false);
  expect(verifyDelivery('gitlab', { 'x-gitlab-token': SECRET }, body, SECRET)).toBe(true);
  expect(verifyDelivery('gitlab', { 'x-gitlab-token': 'hook-secreT' }, body, SECRET)).toBe(false);
  expect(verifyDelivery('gitea', { 'x-gitea-signature': hex }, body, SECRET)).toBe(true);
  expect(verifyDelivery('gitea', { 'x-forgejo-signature': hex }, body, SECRET)).toBe(true);
  expect(verifyDelivery('gitea', { 'x-gitea-signature': hex }, body, 'other')).toBe(false);
  expect(verifyDelivery('gitea', { 'x-gitea-signature': hex }, body, '')).toBe(false);
});

it('names the delivery and the repository it is about', () => {
  expect(deliveryId('github', { 'x-github-delivery': 'abc' })).toBe('abc');
  expect(deliveryId('gitlab', { 'x-gitlab-event-uuid': 'u1' })).toBe('u1');
  expect(deliveryId('gitea', { 'x-gitea-delivery': 'g1' })).toBe('g1');
  expect(repoOfDelivery('github', JSON.parse(body.toString()))).toEqual({ forgeId: '7', fullName: 'acme/x' });
  expect(repoOfDelivery('gitlab', { project: { id: 9, path_with_namespace: 'g/s/p' } })).toEqual({
    forgeId: '9',
    fullName: 'g/s/p',
  });
  expect(repoOfDelivery('gitlab', { project_id: 3 })).toEqual({ forgeId: '3', fullName: null });
  expect(repoOfDelivery('github', { zen: 'ping' })).toBeNull();
});
