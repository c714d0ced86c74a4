// Campaigns: a rule (or a readiness level), a scope and a target date. `campaignStatus` says which repos in
// scope pass now (evaluated from the stored facts with the campaign's ruleset), draws the burn-up from the
// stored check runs, and lists who is left with owner, channels and pull request. `runCampaign` opens the fix
// as a pull/merge request on each failing forge repo with what `agora fix` would write: one branch, one
// commit, never an existing file, never a second pull request for the same repo and campaign (each is stored
// before anything is pushed), a declined (closed unmerged) one respected and never reopened.

import { channelsIn } from '../analyse/channels.ts';
import type { CampaignConfig, LoadedConfig } from '../config/schema.ts';
import { AgoraError, redactSecrets } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { type CohortRepo, cohortRepoIds, cohortRepos } from './cohort.ts';

export interface CampaignRepo {
  id: string;
  name: string;
  webUrl: string | null;
  team: string | null;
  passing: boolean;
  /** The rule's status, or the readiness level reached (level campaigns). */
  status: string;
  channels: { kind: string; url: string }[];
  pr: { state: string; url: string | null; number: number | null; message: string | null } | null;
}

export interface CampaignStatus {
  id: string;
  title: string;
  rule: string | null;
  level: string | null;
  ruleset: string;
  target: string;
  daysLeft: number;
  total: number;
  passing: number;
  /** One point per day from the start to today (at most 366), then today's live evaluation. */
  burnup: { day: string; passing: number; total: number }[];
  repos: CampaignRepo[];
  prs: { open: number; merged: number; declined: number; failed: number };
  /** The rules a failing repo must pass (the rule, or the level's rules and those below it). */
  rules: { id: string; title: string; why: string; fix: string }[];
}

const DAY = 86_400_000;
/** Repos whose fix pull request `runCampaign` opens at once. */
const RUN_CONCURRENCY = 4;

export function campaignConfig(loaded: LoadedConfig, id: string): CampaignConfig {
  const c = loaded.config.campaigns?.[id];
  if (!c) {
    const known = Object.keys(loaded.config.campaigns ?? {});
    throw new AgoraError(
      'NOT_FOUND',
      `no campaign "${id}" in the config (campaigns: ${known.join(', ') || 'none'})`,
    );
  }
  return c;
}

/** The repos in a campaign's scope (a pilot scope takes the pilot's cohort). */
export function campaignScope(
  loaded: LoadedConfig,
  c: CampaignConfig,
  repos: readonly CohortRepo[],
): string[] {
  if (c.scope.pilot) {
    const p = loaded.config.pilots?.[c.scope.pilot];
    if (!p) throw new AgoraError('CONFIG_INVALID', `campaign scope.pilot: no pilot "${c.scope.pilot}"`);
    return cohortRepoIds(p, repos);
  }
  return cohortRepoIds(c.scope, repos, true);
}

interface Evaluated {
  config: CampaignConfig;
  ruleset: import('../checks/ruleset/types.ts').Ruleset;
  ruleIds: string[];
  repos: CohortRepo[];
  scope: string[];
  reports: Map<string, import('../checks/ruleset/types.ts').CheckReport>;
}

async function evaluateCampaign(
  store: Store,
  loaded: LoadedConfig,
  id: string,
  now: Date,
  keep?: (repoId: string) => boolean,
): Promise<Evaluated> {
  const config = campaignConfig(loaded, id);
  const { evaluateStoredRepos, rulesetFor } = await import('../checks/service.ts');
  const ruleset = await rulesetFor(loaded, config.ruleset);
  let ruleIds: string[];
  if (config.rule) {
    if (!ruleset.rules.some((r) => r.id === config.rule))
      throw new AgoraError(
        'CONFIG_INVALID',
        `campaigns.${id}.rule: ruleset ${ruleset.name} has no rule ${config.rule}`,
      );
    ruleIds = [config.rule];
  } else {
    const at = ruleset.levels.findIndex((l) => l.id === config.level);
    if (at < 0)
      throw new AgoraError(
        'CONFIG_INVALID',
        `campaigns.${id}.level: ruleset ${ruleset.name} has no level ${config.level} (levels: ${ruleset.levels.map((l) => l.id).join(', ')})`,
      );
    ruleIds = [...new Set(ruleset.levels.slice(0, at + 1).flatMap((l) => l.rules))];
  }
  const all = await cohortRepos(store, loaded, now);
  const repos = keep ? all.filter((r) => keep(r.id)) : all;
  // A pilot scope may name a pilot declared in the portal.
  const withPilots = config.scope.pilot
    ? await (await import('./portal-pilots.ts')).withPortalPilots(store, loaded, config.scope.pilot)
    : loaded;
  const scope = campaignScope(withPilots, config, repos);
  const result = scope.length
    ? await evaluateStoredRepos(store, loaded, {
        repoIds: scope,
        ruleset: config.ruleset,
        save: false,
        now: Math.floor(now.getTime() / 1000),
      })
    : { reports: [] };
  return {
    config,
    ruleset,
    ruleIds,
    repos,
    scope,
    reports: new Map(result.reports.map((r) => [r.repo.id, r])),
  };
}

function levelRank(ruleset: Evaluated['ruleset'], level: string | null): number {
  return level === null ? -1 : ruleset.levels.findIndex((l) => l.id === level);
}

function passes(e: Evaluated, report: import('../checks/ruleset/types.ts').CheckReport | undefined): boolean {
  if (!report) return false;
  if (e.config.rule) {
    const r = report.results.find((x) => x.id === e.config.rule);
    return !r || r.status === 'pass' || r.status === 'not-applicable' || r.level === 'off';
  }
  return levelRank(e.ruleset, report.readiness.level) >= levelRank(e.ruleset, e.config.level ?? null);
}

function statusOf(
  e: Evaluated,
  report: import('../checks/ruleset/types.ts').CheckReport | undefined,
): string {
  if (!report) return 'not-crawled';
  if (e.config.rule) return report.results.find((x) => x.id === e.config.rule)?.status ?? 'not-applicable';
  return report.readiness.level ?? 'none';
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Burn-up from stored check runs: per day, the repos in scope whose latest result by that day passed. */
async function burnup(
  store: Store,
  e: Evaluated,
  now: Date,
  passingNow: number,
): Promise<CampaignStatus['burnup']> {
  const q = await import('../store/queries/program.ts');
  const inScope = new Set(e.scope);
  const events: { repoId: string; at: number; pass: boolean }[] = [];
  if (e.config.rule) {
    for (const r of await q.ruleHistory(store.db, e.config.rule)) {
      if (!inScope.has(r.repoId)) continue;
      const pass = r.status === 'pass' || r.status === 'not-applicable' || r.level === 'off';
      events.push({ repoId: r.repoId, at: Date.parse(r.evaluatedAt), pass });
    }
  } else {
    const { readinessHistory } = await import('../store/queries/checks.ts');
    const want = levelRank(e.ruleset, e.config.level ?? null);
    for (const r of await readinessHistory(store.db)) {
      if (!inScope.has(r.repoId)) continue;
      events.push({
        repoId: r.repoId,
        at: Date.parse(r.evaluatedAt),
        pass: levelRank(e.ruleset, r.level) >= want,
      });
    }
  }
  const valid = events.filter((x) => Number.isFinite(x.at)).sort((a, b) => a.at - b.at);
  const today = Date.parse(isoDay(now.getTime()));
  const configured = e.config.start ? Date.parse(e.config.start.slice(0, 10)) : Number.NaN;
  let start = Number.isFinite(configured)
    ? configured
    : valid.length
      ? Date.parse(isoDay(valid[0].at))
      : today;
  start = Math.max(start, today - 365 * DAY);
  const points: CampaignStatus['burnup'] = [];
  const state = new Map<string, boolean>();
  let i = 0;
  for (let day = start; day < today; day += DAY) {
    while (i < valid.length && valid[i].at < day + DAY) {
      state.set(valid[i].repoId, valid[i].pass);
      i++;
    }
    let passing = 0;
    for (const v of state.values()) if (v) passing++;
    points.push({ day: isoDay(day), passing, total: e.scope.length });
  }
  points.push({ day: isoDay(today), passing: passingNow, total: e.scope.length });
  return points;
}

/**
 * Where a campaign stands: passing repos, the burn-up, who is left with owner, channels and pull request.
 * With `keep` (a portal viewer's repos), every repo, count and pull request is of the repos it keeps only.
 */
export async function campaignStatus(
  store: Store,
  loaded: LoadedConfig,
  id: string,
  opts: { now?: Date; keep?: (repoId: string) => boolean } = {},
): Promise<CampaignStatus> {
  const now = opts.now ?? new Date();
  const { keep } = opts;
  const e = await evaluateCampaign(store, loaded, id, now, keep);
  const q = await import('../store/queries/program.ts');
  const { storedFiles } = await import('../store/queries/checks.ts');
  const prs = new Map(
    (await q.campaignPrs(store.db, id)).filter((p) => !keep || keep(p.repoId)).map((p) => [p.repoId, p]),
  );
  const targets = await q.forgeTargets(store.db, e.scope);
  const files = await storedFiles(store.db, e.scope);
  const byId = new Map(e.repos.map((r) => [r.id, r]));
  const repos: CampaignRepo[] = e.scope.map((rid) => {
    const report = e.reports.get(rid);
    const f = files.get(rid);
    const channels = [
      ...channelsIn(f?.get('COMMUNICATION.md')?.text ?? '', true),
      ...channelsIn(f?.get('README.md')?.text ?? ''),
    ];
    const seen = new Set<string>();
    const pr = prs.get(rid);
    return {
      id: rid,
      name: byId.get(rid)?.name ?? rid,
      webUrl: targets.get(rid)?.webUrl ?? null,
      team: byId.get(rid)?.team ?? null,
      passing: passes(e, report),
      status: statusOf(e, report),
      channels: channels
        .filter((c) => !seen.has(c.url) && seen.add(c.url))
        .slice(0, 5)
        .map((c) => ({ kind: c.kind, url: c.url })),
      pr: pr ? { state: pr.state, url: pr.url, number: pr.number, message: pr.message } : null,
    };
  });
  repos.sort((a, b) => Number(a.passing) - Number(b.passing) || a.name.localeCompare(b.name));
  const passing = repos.filter((r) => r.passing).length;
  const count = (s: string) => [...prs.values()].filter((p) => p.state === s).length;
  const rules = e.ruleIds
    .map((rid) => e.ruleset.rules.find((r) => r.id === rid))
    .filter((r) => r !== undefined)
    .map((r) => ({ id: r.id, title: r.title, why: r.why, fix: r.fix.text }));
  return {
    id,
    title: e.config.title ?? id,
    rule: e.config.rule ?? null,
    level: e.config.level ?? null,
    ruleset: e.ruleset.name,
    target: e.config.target.slice(0, 10),
    daysLeft: Math.ceil((Date.parse(e.config.target.slice(0, 10)) - now.getTime()) / DAY),
    total: repos.length,
    passing,
    burnup: await burnup(store, e, now, passing),
    repos,
    prs: {
      open: count('open'),
      merged: count('merged'),
      declined: count('declined'),
      failed: count('failed'),
    },
    rules,
  };
}

/** One repo's outcome in a campaign run. */
export interface CampaignRunItem {
  repoId: string;
  name: string;
  /** would-open (dry run) | opened | exists | declined | merged | skipped | failed */
  action: string;
  reason?: string;
  branch?: string;
  files?: string[];
  title?: string;
  body?: string;
  url?: string | null;
}

function campaignLink(loaded: LoadedConfig, id: string): string {
  const base = loaded.config.server.publicUrl?.replace(/\/+$/, '');
  return base
    ? `${base}/campaigns/${encodeURIComponent(id)}`
    : `campaign \`${id}\` (agora campaign status ${id})`;
}

function pullText(
  loaded: LoadedConfig,
  id: string,
  c: CampaignConfig,
  rules: CampaignStatus['rules'],
  files: string[],
): { title: string; body: string; message: string } {
  const title = `${c.title ?? id}: add ${files.join(', ')}`;
  const body = [
    `This pull request is part of the InnerSource campaign **${c.title ?? id}** (target: ${c.target.slice(0, 10)}): ${campaignLink(loaded, id)}.`,
    '',
    ...rules.flatMap((r) => [`### ${r.title} (\`${r.id}\`)`, '', `Why: ${r.why}`, '', `How: ${r.fix}`, '']),
    `It only **adds** files this repository does not have (${files.map((f) => `\`${f}\``).join(', ')}), from the templates of \`agora fix\`, filled with what Agora knows about the project. Review them (look for TODO) and edit freely before merging.`,
    '',
    'Not wanted? Close this pull request: it is then shown as declined and never reopened.',
  ].join('\n');
  return { title, body, message: `${title}\n\nCampaign ${id}: ${campaignLink(loaded, id)}` };
}

/**
 * Opens the campaign's fix pull requests on the failing forge repos in scope (or, with `dryRun`, lists every
 * one it would open), and refreshes the state of those opened before (open → merged or declined).
 */
export async function runCampaign(
  store: Store,
  loaded: LoadedConfig,
  id: string,
  opts: { dryRun?: boolean; now?: Date; onProgress?: (item: CampaignRunItem) => void } = {},
): Promise<CampaignRunItem[]> {
  const now = opts.now ?? new Date();
  const status = await campaignStatus(store, loaded, id, { now });
  const config = campaignConfig(loaded, id);
  const q = await import('../store/queries/program.ts');
  const { forgeContext } = await import('./forge-context.ts');
  const targets = await q.forgeTargets(
    store.db,
    status.repos.map((r) => r.id),
  );
  const plans = await plannedFixes(store, loaded, config, status);
  const items: CampaignRunItem[] = [];
  const push = (item: CampaignRunItem) => {
    items.push(item);
    opts.onProgress?.(item);
  };
  const stored = new Map((await q.campaignPrs(store.db, id)).map((p) => [p.repoId, p]));
  const one = async (repo: CampaignRepo): Promise<void> => {
    const target = targets.get(repo.id);
    const prior = stored.get(repo.id);
    const forge = target ? forgeContext(loaded, target) : null;
    // A pull request opened before: refresh its state; never a second one.
    if (prior && prior.number !== null) {
      let state = prior.state;
      if (state === 'open' && forge && !opts.dryRun) {
        try {
          state = await forge.pulls.state(forge.upstream, prior.number);
          if (state !== prior.state) await q.updateCampaignPr(store.db, id, repo.id, { state }, now);
        } catch (err) {
          push({
            repoId: repo.id,
            name: repo.name,
            action: 'exists',
            url: prior.url,
            reason: (err as Error).message,
          });
          return;
        }
      }
      push({
        repoId: repo.id,
        name: repo.name,
        action: state === 'open' ? 'exists' : state,
        url: prior.url,
      });
      return;
    }
    if (repo.passing) return;
    if (!config.pullRequests) {
      push({ repoId: repo.id, name: repo.name, action: 'skipped', reason: 'pullRequests: false' });
      return;
    }
    if (!target || !forge) {
      push({ repoId: repo.id, name: repo.name, action: 'skipped', reason: 'not on a configured forge' });
      return;
    }
    const plan = plans.get(repo.id) ?? [];
    if (plan.length === 0) {
      push({
        repoId: repo.id,
        name: repo.name,
        action: 'skipped',
        reason: 'no template of `agora fix` makes it pass: fix it by hand',
      });
      return;
    }
    const paths = plan.map((f) => f.path);
    const branch = `agora/campaign-${id}`;
    const text = pullText(loaded, id, config, status.rules, paths);
    if (opts.dryRun) {
      push({ repoId: repo.id, name: repo.name, action: 'would-open', branch, files: paths, ...text });
      return;
    }
    if (
      !(await q.claimCampaignPr(
        store.db,
        { campaign: id, repoId: repo.id, forge: forge.type, branch, files: paths },
        now,
      ))
    ) {
      const again = (await q.campaignPrs(store.db, id)).find((p) => p.repoId === repo.id);
      if (again?.state !== 'failed' || again.number !== null) {
        push({ repoId: repo.id, name: repo.name, action: 'exists', url: again?.url ?? null });
        return;
      }
    }
    try {
      const opened = await forge.open({
        branch,
        baseBranch: target.defaultBranch ?? 'main',
        files: plan,
        ...text,
      });
      if (!opened) {
        await q.updateCampaignPr(
          store.db,
          id,
          repo.id,
          { state: 'failed', message: 'every file exists on the default branch already' },
          now,
        );
        push({
          repoId: repo.id,
          name: repo.name,
          action: 'skipped',
          reason: 'every file exists on the default branch already',
        });
        return;
      }
      await q.updateCampaignPr(
        store.db,
        id,
        repo.id,
        {
          state: 'open',
          number: opened.number,
          url: opened.url,
          headRepo: opened.headRepo,
          files: opened.files,
          message: null,
        },
        now,
      );
      push({
        repoId: repo.id,
        name: repo.name,
        action: 'opened',
        branch,
        files: opened.files,
        url: opened.url,
        title: text.title,
      });
    } catch (err) {
      const message = redactSecrets((err as Error).message).slice(0, 2000);
      await q.updateCampaignPr(store.db, id, repo.id, { state: 'failed', message }, now);
      push({ repoId: repo.id, name: repo.name, action: 'failed', reason: message });
    }
  };
  // A few repos at once: each is a clone, one commit, a push and a few forge calls, mostly waiting on the
  // network; the answer keeps the scope's order.
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(RUN_CONCURRENCY, status.repos.length) }, async () => {
      while (next < status.repos.length) await one(status.repos[next++]);
    }),
  );
  const order = new Map(status.repos.map((r, i) => [r.id, i]));
  return items.sort((a, b) => (order.get(a.repoId) ?? 0) - (order.get(b.repoId) ?? 0));
}

/** What `agora fix` would write for each failing repo, kept to the files of the campaign's rules. */
async function plannedFixes(
  store: Store,
  loaded: LoadedConfig,
  config: CampaignConfig,
  status: CampaignStatus,
): Promise<Map<string, { path: string; content: string }[]>> {
  const failing = status.repos.filter((r) => !r.passing).map((r) => r.id);
  const out = new Map<string, { path: string; content: string }[]>();
  if (failing.length === 0) return out;
  const q = await import('../store/queries/checks.ts');
  const { subjectFromStored, orgDefaultsFor } = await import('../checks/subject-from-store.ts');
  const { runChecks } = await import('../checks/runner.ts');
  const { rulesetFor } = await import('../checks/service.ts');
  const { fixContext } = await import('../checks/fix/context.ts');
  const { planFixes } = await import('../checks/fix/plan.ts');
  const { prepareSubjectMarkdown } = await import('../checks/rules/helpers.ts');
  const ruleset = await rulesetFor(loaded, config.ruleset);
  const wanted = new Set(status.rules.map((r) => r.id));
  const repos = await q.checkableRepos(store.db, failing);
  const orgRepos = await q.orgDefaultRepos(store.db);
  const files = await q.storedFiles(store.db, [...new Set([...failing, ...orgRepos.map((r) => r.id)])]);
  for (const repo of repos) {
    const org = orgDefaultsFor(repo, orgRepos);
    const subject = subjectFromStored(
      repo,
      files.get(repo.id) ?? new Map(),
      org ? { repo: org, files: files.get(org.id) ?? new Map() } : null,
    );
    if (!subject) continue;
    await prepareSubjectMarkdown(subject);
    const report = runChecks(subject, ruleset, { overrides: loaded.config.standards.overrides });
    const planned = planFixes(subject, report, fixContext(subject));
    out.set(
      repo.id,
      planned
        .filter((f) => f.rules.some((r) => wanted.has(r)))
        .map((f) => ({ path: f.path, content: f.content })),
    );
  }
  return out;
}
