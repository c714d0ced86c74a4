// POST /api/v1/hooks/gitlab and /gitea on a real `agora serve`, on both stores: a delivery without a valid
// X-Gitlab-Token / X-Gitea-Signature gets 401 and crawls nothing; a push re-crawls just that repo; a
// redelivery of the same delivery id does nothing twice, also after the server restarted; GitLab's
// project_rename and project_transfer keep the repo (by forge id) under its new path, project_update records
// an archiving; Gitea's repository `created` adds the repo; project_destroy and Gitea's repository `deleted`
// mark just that repo gone.

import { createHmac } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../../src/store/db.ts';
import { runCli } from '../../helpers/cli.ts';
import { type DatabaseUnderTest, describeEachDatabase } from '../../helpers/databases.ts';
import { type ForgeServer, startForgeServer } from '../../helpers/forge/server.ts';
import { addCommits, gitdir, tmpDir } from '../../helpers/gitdir.ts';
import { type Served, startServe } from '../../helpers/serve.ts';

const TOKEN = 'hook-test-token';
const GITLAB_SECRET = 'gitlab-hook-secret';
const GITEA_SECRET = 'gitea-hook-secret';
/** The server's webhook debounce here (1 s by default): each delivery would otherwise wait a second. */
const DEBOUNCE_MS = 100;

interface Crawls {
  running: boolean;
  items: { id: number; status: string; stats: { changed?: number; total?: number; gone?: number } | null }[];
}

describeEachDatabase('gitlab and gitea webhooks', (db: DatabaseUnderTest) => {
  let root: string;
  let forge: ForgeServer;
  let served: Served;
  const env = () => ({
    ...db.env(),
    FORGE_TOKEN: TOKEN,
    GITLAB_HOOK: GITLAB_SECRET,
    GITEA_HOOK: GITEA_SECRET,
    AGORA_HOOK_DEBOUNCE_MS: String(DEBOUNCE_MS),
  });

  const crawls = async () => (await (await fetch(`${served.url}/api/v1/crawls`)).json()) as Crawls;
  const project = (id: string) => fetch(`${served.url}/api/v1/projects/${encodeURIComponent(id)}`);

  const gitlab = (body: unknown, headers: Record<string, string>) =>
    fetch(`${served.url}/api/v1/hooks/gitlab`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  const giteaSig = (body: string, secret = GITEA_SECRET) =>
    createHmac('sha256', secret).update(body).digest('hex');
  const gitea = (body: string, headers: Record<string, string>) =>
    fetch(`${served.url}/api/v1/hooks/gitea`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gitea-event': 'push', ...headers },
      body,
    });

  async function settled(count: number): Promise<Crawls> {
    for (let i = 0; i < 300; i++) {
      const c = await crawls();
      if (!c.running && c.items.length >= count && c.items.every((x) => x.status !== 'running')) return c;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the crawl did not finish');
  }

  /**
   * Waits past the debounce (a queued re-crawl's timer is armed before the delivery is answered; the margin is
   * the 500 ms this file always allowed the crawl to record itself), then checks no crawl beyond `count` started.
   */
  async function noNewCrawl(count: number) {
    await new Promise((r) => setTimeout(r, DEBOUNCE_MS + 500));
    expect((await settled(count)).items).toHaveLength(count);
  }

  /** The stored rows of the repo with forge id `forgeId`. */
  async function rowsOf(forgeId: string) {
    const store = await openStore({
      url: db.url() ?? `sqlite:${join(root, 'data', 'agora.db')}`,
      dataDir: root,
    });
    try {
      return await store.db
        .selectFrom('repos')
        .select(['id', 'web_url', 'gone_at', 'archived'])
        .where('forge_id', '=', forgeId)
        .execute();
    } finally {
      await store.close();
    }
  }

  const gitlabHook = (uuid: string) => ({
    'x-gitlab-event': 'System Hook',
    'x-gitlab-token': GITLAB_SECRET,
    'x-gitlab-event-uuid': uuid,
  });

  const gitPaths = () =>
    [...new Set(forge.requests.filter((q) => q.kind === 'git').map((q) => q.url.split('.git')[0]))].sort();

  beforeAll(async () => {
    root = await tmpDir('agora-forge-hooks-glgt-');
    forge = await startForgeServer({ token: TOKEN });
    const bare = (name: string) =>
      gitdir({ 'README.md': `# ${name}\n` }, { dir: join(root, 'forge', `${name}.git`), bare: true });
    forge.add({ id: 11, forge: 'gitlab', owner: 'platform', name: 'api', gitDir: await bare('api') });
    forge.add({ id: 12, forge: 'gitlab', owner: 'platform', name: 'tools', gitDir: await bare('tools') });
    forge.add({ id: 13, forge: 'gitlab', owner: 'platform', name: 'web', gitDir: await bare('web') });
    forge.add({ id: 21, forge: 'gitea', owner: 'acme', name: 'site', gitDir: await bare('site') });
    forge.add({ id: 22, forge: 'gitea', owner: 'acme', name: 'docs', gitDir: await bare('docs') });
    await writeFile(
      join(root, 'agora.yaml'),
      [
        'dataDir: data',
        'sources:',
        '  - type: gitlab',
        `    url: ${forge.gitlabUrl}`,
        '    groups: [platform]',
        '    archived: true',
        '    tokenEnv: FORGE_TOKEN',
        '    webhookSecretEnv: GITLAB_HOOK',
        '  - type: gitea',
        `    url: ${forge.giteaUrl}`,
        '    orgs: [acme]',
        '    tokenEnv: FORGE_TOKEN',
        '    webhookSecretEnv: GITEA_HOOK',
        '',
      ].join('\n'),
    );
    const first = await runCli(['--json', 'crawl'], { cwd: root, env: env() });
    expect(first.json.repos).toMatchObject({ new: 5, failed: 0 });
    served = await startServe(root, { env: env() });
  });

  afterAll(async () => {
    await served?.stop();
    await forge?.close();
  });

  it('refuses deliveries without a valid token or signature, and crawls nothing', async () => {
    const push = {
      object_kind: 'push',
      project_id: 11,
      project: { id: 11, path_with_namespace: 'platform/api' },
    };
    const glHeaders = { 'x-gitlab-event': 'Push Hook', 'x-gitlab-event-uuid': 'gl-bad' };
    expect((await gitlab(push, glHeaders)).status).toBe(401);
    expect((await gitlab(push, { ...glHeaders, 'x-gitlab-token': 'wrong' })).status).toBe(401);
    // The Gitea source's secret is not GitLab's.
    expect((await gitlab(push, { ...glHeaders, 'x-gitlab-token': GITEA_SECRET })).status).toBe(401);

    const body = JSON.stringify({ ref: 'refs/heads/main', repository: { id: 21, full_name: 'acme/site' } });
    expect((await gitea(body, { 'x-gitea-delivery': 'gt-bad' })).status).toBe(401);
    expect((await gitea(body, { 'x-gitea-delivery': 'gt-bad', 'x-gitea-signature': '00' })).status).toBe(401);
    const wrong = giteaSig(body, 'other');
    expect((await gitea(body, { 'x-gitea-delivery': 'gt-bad', 'x-gitea-signature': wrong })).status).toBe(
      401,
    );
    // Signed with GitLab's secret: still not Gitea's.
    const gl = giteaSig(body, GITLAB_SECRET);
    expect((await gitea(body, { 'x-gitea-delivery': 'gt-bad', 'x-gitea-signature': gl })).status).toBe(401);
    // A valid signature over other bytes.
    const other = giteaSig(`${body} `);
    expect((await gitea(body, { 'x-gitea-delivery': 'gt-bad', 'x-gitea-signature': other })).status).toBe(
      401,
    );

    await noNewCrawl(1);
  });

  it('re-crawls just the GitLab project a push names, once per delivery', async () => {
    await addCommits(forge.repos.get(11)!.gitDir!, [{ files: { 'CONTRIBUTING.md': '# Contributing\n' } }]);
    forge.repos.get(11)!.pushedAt = '2024-03-01T00:00:00Z';
    forge.requests.length = 0;
    const push = {
      object_kind: 'push',
      event_name: 'push',
      ref: 'refs/heads/main',
      project_id: 11,
      project: { id: 11, path_with_namespace: 'platform/api' },
    };
    const headers = {
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': GITLAB_SECRET,
      'x-gitlab-event-uuid': 'gl-push-1',
    };
    const res = await gitlab(push, headers);
    expect(res.status).toBe(202);
    const after = await settled(2);
    expect(after.items[0].stats).toMatchObject({ changed: 1, total: 1 });
    expect(gitPaths()).toEqual(['/git/gitlab/platform/api']);
    const api = await (await project('gitlab:platform/api')).json();
    expect(api.docs.map((d: { kind: string }) => d.kind)).toContain('contributing');
    expect((await project('gitlab:platform/tools')).status).toBe(200);
    expect((await project('gitea:acme/site')).status).toBe(200);

    const again = await gitlab(push, headers);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ accepted: false });
    await noNewCrawl(2);
  });

  it('re-crawls just the Gitea repo a push names, once per delivery', async () => {
    await addCommits(forge.repos.get(21)!.gitDir!, [{ files: { 'CONTRIBUTING.md': '# Contributing\n' } }]);
    forge.repos.get(21)!.pushedAt = '2024-03-01T00:00:00Z';
    forge.requests.length = 0;
    const body = JSON.stringify({ ref: 'refs/heads/main', repository: { id: 21, full_name: 'acme/site' } });
    const headers = { 'x-gitea-delivery': 'gt-push-1', 'x-gitea-signature': giteaSig(body) };
    expect((await gitea(body, headers)).status).toBe(202);
    const after = await settled(3);
    expect(after.items[0].stats).toMatchObject({ changed: 1, total: 1 });
    expect(gitPaths()).toEqual(['/git/gitea/acme/site']);
    const site = await (await project('gitea:acme/site')).json();
    expect(site.docs.map((d: { kind: string }) => d.kind)).toContain('contributing');

    expect((await gitea(body, headers)).status).toBe(200);
    await noNewCrawl(3);
  });

  it('keeps a project renamed on GitLab (project_rename) as the same repo, under its new path', async () => {
    const repo = forge.repos.get(13)!;
    repo.name = 'frontend';
    const res = await gitlab(
      {
        event_name: 'project_rename',
        project_id: 13,
        path: 'frontend',
        path_with_namespace: 'platform/frontend',
        old_path_with_namespace: 'platform/web',
      },
      gitlabHook('gl-rename'),
    );
    expect(res.status).toBe(202);
    const after = await settled(4);
    expect(after.items[0].stats).toMatchObject({ total: 1 });
    expect(after.items[0].stats?.gone ?? 0).toBe(0);
    const rows = await rowsOf('13');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'gitlab:platform/web', gone_at: null });
    expect(rows[0].web_url).toBe(`${forge.gitlabUrl}/platform/frontend`);
  });

  it('keeps a project transferred on GitLab (project_transfer) as the same repo', async () => {
    forge.repos.get(11)!.owner = 'platform/team';
    const res = await gitlab(
      {
        event_name: 'project_transfer',
        project_id: 11,
        path_with_namespace: 'platform/team/api',
        old_path_with_namespace: 'platform/api',
      },
      gitlabHook('gl-transfer'),
    );
    expect(res.status).toBe(202);
    const after = await settled(5);
    expect(after.items[0].stats?.gone ?? 0).toBe(0);
    const rows = await rowsOf('11');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'gitlab:platform/api', gone_at: null });
    expect(rows[0].web_url).toBe(`${forge.gitlabUrl}/platform/team/api`);
  });

  it('updates a project archived on GitLab (project_update)', async () => {
    forge.repos.get(11)!.archived = true;
    const res = await gitlab(
      { event_name: 'project_update', project_id: 11, path_with_namespace: 'platform/team/api' },
      gitlabHook('gl-archive'),
    );
    expect(res.status).toBe(202);
    await settled(6);
    const rows = await rowsOf('11');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ gone_at: null });
    expect(Number(rows[0].archived)).toBe(1);
  });

  it('marks a project gone on GitLab project_destroy, and nothing else', async () => {
    forge.repos.delete(12);
    const res = await gitlab(
      { event_name: 'project_destroy', project_id: 12, path_with_namespace: 'platform/tools' },
      gitlabHook('gl-destroy'),
    );
    expect(res.status).toBe(202);
    const after = await settled(7);
    expect(after.items[0].stats).toMatchObject({ gone: 1 });
    expect((await project('gitlab:platform/tools')).status).toBe(404);
    expect((await project('gitlab:platform/api')).status).toBe(200);
    expect((await project('gitea:acme/docs')).status).toBe(200);
  });

  it('adds a repo on a Gitea repository `created` event', async () => {
    const gitDir = await gitdir(
      { 'README.md': '# blog\n' },
      { dir: join(root, 'forge', 'blog.git'), bare: true },
    );
    forge.add({ id: 23, forge: 'gitea', owner: 'acme', name: 'blog', gitDir });
    const body = JSON.stringify({ action: 'created', repository: { id: 23, full_name: 'acme/blog' } });
    const res = await gitea(body, {
      'x-gitea-event': 'repository',
      'x-gitea-delivery': 'gt-create',
      'x-gitea-signature': giteaSig(body),
    });
    expect(res.status).toBe(202);
    const after = await settled(8);
    expect(after.items[0].stats).toMatchObject({ new: 1, total: 1 });
    expect((await project('gitea:acme/blog')).status).toBe(200);
  });

  it('marks a repo gone on a Gitea repository `deleted` event, and nothing else', async () => {
    forge.repos.delete(22);
    const body = JSON.stringify({ action: 'deleted', repository: { id: 22, full_name: 'acme/docs' } });
    const res = await gitea(body, {
      'x-gitea-event': 'repository',
      'x-gitea-delivery': 'gt-delete',
      'x-gitea-signature': giteaSig(body),
    });
    expect(res.status).toBe(202);
    const after = await settled(9);
    expect(after.items[0].stats).toMatchObject({ gone: 1 });
    expect((await project('gitea:acme/docs')).status).toBe(404);
    expect((await project('gitea:acme/site')).status).toBe(200);
  });

  it('ignores a redelivery after the server restarted', async () => {
    await served.stop();
    served = await startServe(root, { env: env() });
    const body = JSON.stringify({ ref: 'refs/heads/main', repository: { id: 21, full_name: 'acme/site' } });
    const again = await gitea(body, { 'x-gitea-delivery': 'gt-push-1', 'x-gitea-signature': giteaSig(body) });
    expect(again.status).toBe(200);
    const push = {
      object_kind: 'push',
      project_id: 11,
      project: { id: 11, path_with_namespace: 'platform/api' },
    };
    const gl = await gitlab(push, {
      'x-gitlab-event': 'Push Hook',
      'x-gitlab-token': GITLAB_SECRET,
      'x-gitlab-event-uuid': 'gl-push-1',
    });
    expect(gl.status).toBe(200);
    await noNewCrawl(9);
  });
});
