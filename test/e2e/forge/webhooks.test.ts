// POST /api/v1/hooks/github on a real `agora serve`: a delivery without a valid signature gets 401 and
// changes nothing; a signed push re-crawls just that repo (the commit shows up); a redelivery of the same
// delivery id does nothing twice; `repository` events: deleted marks the repo gone, renamed and transferred
// keep it (same id, new name, its mirror moved along), archived records the archiving.

import { createHmac } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mirrorName } from '../../../src/git/mirror.ts';
import { runCli } from '../../helpers/cli.ts';
import { type ForgeServer, startForgeServer } from '../../helpers/forge/server.ts';
import { addCommits, gitdir, tmpDir } from '../../helpers/gitdir.ts';
import { type Served, startServe } from '../../helpers/serve.ts';

const TOKEN = 'hook-test-token';
const SECRET = 'hook-test-secret';
/** The server's webhook debounce here (1 s by default): each delivery would otherwise wait a second. */
const DEBOUNCE_MS = 100;

describe('forge webhooks', () => {
  let root: string;
  let forge: ForgeServer;
  let served: Served;
  const env = { FORGE_TOKEN: TOKEN, HOOK_SECRET: SECRET, AGORA_HOOK_DEBOUNCE_MS: String(DEBOUNCE_MS) };

  const crawls = async () =>
    (await (await fetch(`${served.url}/api/v1/crawls`)).json()) as {
      running: boolean;
      items: { id: number; status: string; stats: { changed?: number; total?: number } | null }[];
    };

  const deliver = (body: string, headers: Record<string, string>) =>
    fetch(`${served.url}/api/v1/hooks/github`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', ...headers },
      body,
    });

  const signed = (body: string) => `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;

  async function settled(count: number) {
    for (let i = 0; i < 200; i++) {
      const c = await crawls();
      if (!c.running && c.items.length >= count && c.items.every((x) => x.status !== 'running')) return c;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the crawl did not finish');
  }

  beforeAll(async () => {
    root = await tmpDir('agora-forge-hooks-');
    forge = await startForgeServer({ token: TOKEN });
    const a = await gitdir({ 'README.md': '# A\n' }, { dir: join(root, 'forge', 'a.git'), bare: true });
    const b = await gitdir({ 'README.md': '# B\n' }, { dir: join(root, 'forge', 'b.git'), bare: true });
    forge.add({ id: 1, forge: 'github', owner: 'acme', name: 'a', gitDir: a });
    forge.add({ id: 2, forge: 'github', owner: 'acme', name: 'b', gitDir: b });
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - type: github',
        `    url: ${forge.githubApi}`,
        '    orgs: [acme, acme-labs]',
        '    archived: true',
        '    tokenEnv: FORGE_TOKEN',
        '    webhookSecretEnv: HOOK_SECRET',
        '',
      ].join('\n'),
    );
    const first = await runCli(['--json', 'crawl'], { cwd: root, env });
    expect(first.json.repos.new).toBe(2);
    served = await startServe(root, { env });
  });

  afterAll(async () => {
    await served?.stop();
    await forge?.close();
  });

  it('refuses a delivery without a valid signature, and crawls nothing', async () => {
    const body = JSON.stringify({ repository: { id: 1, full_name: 'acme/a' } });
    expect((await deliver(body, { 'x-github-delivery': 'd0' })).status).toBe(401);
    expect(
      (await deliver(body, { 'x-github-delivery': 'd0', 'x-hub-signature-256': 'sha256=00' })).status,
    ).toBe(401);
    const wrong = `sha256=${createHmac('sha256', 'other').update(body).digest('hex')}`;
    expect((await deliver(body, { 'x-github-delivery': 'd0', 'x-hub-signature-256': wrong })).status).toBe(
      401,
    );
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 500));
    expect((await crawls()).items).toHaveLength(1);
  });

  it('re-crawls just the pushed repo, once per delivery', async () => {
    await addCommits(forge.repos.get(1)!.gitDir!, [{ files: { 'CONTRIBUTING.md': '# Contributing\n' } }]);
    forge.repos.get(1)!.pushedAt = '2024-03-01T00:00:00Z';
    forge.requests.length = 0;
    const body = JSON.stringify({ ref: 'refs/heads/main', repository: { id: 1, full_name: 'acme/a' } });
    const res = await deliver(body, { 'x-github-delivery': 'd1', 'x-hub-signature-256': signed(body) });
    expect(res.status).toBe(202);
    const after = await settled(2);
    expect(after.items[0].stats).toMatchObject({ changed: 1, total: 1 });
    // Only repo a was fetched; b was neither fetched nor marked gone.
    const gitPaths = new Set(
      forge.requests.filter((q) => q.kind === 'git').map((q) => q.url.split('.git')[0]),
    );
    expect([...gitPaths]).toEqual(['/git/github/acme/a']);
    const project = await (
      await fetch(`${served.url}/api/v1/projects/${encodeURIComponent('github:acme/a')}`)
    ).json();
    expect(project.docs.map((d: { kind: string }) => d.kind)).toContain('contributing');
    const b = await (
      await fetch(`${served.url}/api/v1/projects/${encodeURIComponent('github:acme/b')}`)
    ).json();
    expect(b.id).toBe('github:acme/b');

    // The same delivery again: acknowledged, nothing re-crawled.
    const again = await deliver(body, { 'x-github-delivery': 'd1', 'x-hub-signature-256': signed(body) });
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 500));
    expect((await crawls()).items).toHaveLength(2);
  });

  it('marks a repo gone on its deletion event, and nothing else', async () => {
    forge.repos.delete(2);
    const body = JSON.stringify({ action: 'deleted', repository: { id: 2, full_name: 'acme/b' } });
    const res = await deliver(body, {
      'x-github-event': 'repository',
      'x-github-delivery': 'd2',
      'x-hub-signature-256': signed(body),
    });
    expect(res.status).toBe(202);
    const after = await settled(3);
    expect(after.items[0].stats).toMatchObject({ gone: 1 });
    expect((await fetch(`${served.url}/api/v1/projects/${encodeURIComponent('github:acme/b')}`)).status).toBe(
      404,
    );
    const a = await (
      await fetch(`${served.url}/api/v1/projects/${encodeURIComponent('github:acme/a')}`)
    ).json();
    expect(a.id).toBe('github:acme/a');
  });

  const repoEvent = async (delivery: string, payload: object, crawlsAfter: number) => {
    const body = JSON.stringify(payload);
    const res = await deliver(body, {
      'x-github-event': 'repository',
      'x-github-delivery': delivery,
      'x-hub-signature-256': signed(body),
    });
    expect(res.status).toBe(202);
    const after = await settled(crawlsAfter);
    expect(after.items[0].stats).toMatchObject({ gone: 0, total: 1 });
    return (await (
      await fetch(`${served.url}/api/v1/projects/${encodeURIComponent('github:acme/a')}`)
    ).json()) as { id: string; fullName: string; archived?: boolean };
  };
  const mirrorOf = (fullName: string) => mirrorName(`${forge.base}/git/github/${fullName}.git`);
  const mirrors = () => readdirSync(join(root, 'data', 'mirrors'));

  it('keeps a repo renamed, then transferred, as the same repo, its mirror moved along', async () => {
    expect(mirrors()).toContain(mirrorOf('acme/a'));
    forge.repos.get(1)!.name = 'a2';
    const renamed = await repoEvent(
      'd3',
      {
        action: 'renamed',
        changes: { repository: { name: { from: 'a' } } },
        repository: { id: 1, full_name: 'acme/a2' },
      },
      4,
    );
    expect(renamed).toMatchObject({ id: 'github:acme/a', fullName: 'acme/a2' });
    expect(mirrors()).not.toContain(mirrorOf('acme/a'));
    expect(mirrors()).toContain(mirrorOf('acme/a2'));

    forge.repos.get(1)!.owner = 'acme-labs';
    const moved = await repoEvent(
      'd4',
      {
        action: 'transferred',
        changes: { owner: { from: { organization: { login: 'acme' } } } },
        repository: { id: 1, full_name: 'acme-labs/a2' },
      },
      5,
    );
    expect(moved).toMatchObject({ id: 'github:acme/a', fullName: 'acme-labs/a2' });
    expect(mirrors()).not.toContain(mirrorOf('acme/a2'));
    expect(mirrors()).toContain(mirrorOf('acme-labs/a2'));
  });

  it('records a repo archived on GitHub', async () => {
    forge.repos.get(1)!.archived = true;
    const archived = await repoEvent(
      'd5',
      { action: 'archived', repository: { id: 1, full_name: 'acme-labs/a2', archived: true } },
      6,
    );
    expect(archived.archived).toBe(true);
  });
});
