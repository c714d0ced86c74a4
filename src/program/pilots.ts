// Pilots ("start as an experiment"): a cohort of repos and/or teams, a start date and an optional control
// cohort. The baseline is the window of `baselineDays` before the start, computed once the start has passed
// and then frozen in the store, so later crawls do not move it; "after" is the same length from the start (or
// up to today / the end). Each measure is reported with both sample sizes and an effect size, never as a bare
// percentage on a tiny sample (definitions: docs/metrics.md "Pilots").
//
// PR-based measures (outside pull requests opened and merged, their time to first response) come from the
// forge issue/PR store of issue 11 (`src/metrics/forge-items.ts`): null ("not measured") when none of the
// cohort's repos has had its items ingested (`items:` on a forge source).

import type { CohortConfig, LoadedConfig, PilotConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import type { Store } from '../store/db.ts';
import { type CohortRepo, checkCohortTeams, cohortRepoIds, cohortRepos } from './cohort.ts';

const DAY = 86_400_000;
/** Below this many observations a share is shown as counts only, with no percentage and no effect size. */
export const MIN_SAMPLE = 20;

/** What is counted for one cohort over one window. */
export interface CohortWindow {
  repos: number;
  commits: number;
  outsideCommits: number;
  /** Distinct people who, while in another team, committed to a cohort repo. */
  otherTeamContributors: number;
  reposChecked: number;
  reposAtLevel: number;
  reuseEdges: number;
  /** Pull requests opened in the window (issue 11's store); null when no cohort repo has its items ingested. */
  pullRequests: {
    /** PRs opened (bots' excluded) and of them merged before the window's end. */
    total: number;
    merged?: number;
    /** PRs opened by people outside the repo's owning team, and of them merged. */
    outside: number;
    outsideMerged?: number;
    /** Median hours to first response of outside PRs (open ones count their age, a lower bound). */
    medianFirstResponseHours: number | null;
    /** Outside PRs behind that median (answered, plus still waiting at the window's end). */
    firstResponseN?: number;
    reposIngested?: number;
  } | null;
}

export interface Comparison {
  measure: string;
  label: string;
  before: number | null;
  after: number | null;
  /** Observations behind `before` / `after` (commits for a share, repos for a level share, days for a rate). */
  nBefore: number;
  nAfter: number;
  difference: number | null;
  /** Cohen's h for shares; null when either sample is below MIN_SAMPLE or for counts. */
  effectSize: number | null;
  effect: 'negligible' | 'small' | 'medium' | 'large' | null;
  note: string | null;
}

export interface PilotReport {
  id: string;
  title: string;
  start: string;
  review: string | null;
  end: string | null;
  baseline: { start: string; end: string; frozen: boolean; frozenAt: string | null };
  after: { start: string; end: string; days: number };
  cohorts: { pilot: string[]; control: string[] | null };
  pilot: { before: CohortWindow; after: CohortWindow; measures: Comparison[] };
  control: { before: CohortWindow; after: CohortWindow; measures: Comparison[] } | null;
  /** Pilot change minus control change, per measure (difference in differences). */
  versusControl:
    | {
        measure: string;
        label: string;
        pilotChange: number | null;
        controlChange: number | null;
        difference: number | null;
      }[]
    | null;
  measures: Comparison[];
}

/** PR-based measures for a cohort and window, from issue 11's forge issue/PR store. */
export async function prMeasures(
  store: Store,
  loaded: LoadedConfig,
  repoIds: readonly string[],
  since: Date,
  until: Date,
): Promise<CohortWindow['pullRequests']> {
  const { cohortItemNumbers } = await import('../metrics/forge-items.ts');
  const r = await cohortItemNumbers(store, loaded, repoIds, since, until);
  if (!r) return null;
  const { prs, outside } = r.numbers;
  return {
    total: prs.opened,
    merged: prs.merged,
    outside: outside.prsOpened,
    outsideMerged: outside.prsMerged,
    medianFirstResponseHours: outside.prFirstResponse.medianHours,
    firstResponseN: outside.prFirstResponse.answered + outside.prFirstResponse.censored,
    reposIngested: r.reposIngested,
  };
}

function pilotConfig(loaded: LoadedConfig, id: string): PilotConfig {
  const p = loaded.config.pilots?.[id];
  if (!p) {
    const known = Object.keys(loaded.config.pilots ?? {});
    throw new AgoraError(
      'NOT_FOUND',
      `no pilot "${id}" in agora.yaml or the portal (pilots: ${known.join(', ') || 'none'})`,
    );
  }
  return p;
}

async function measureWindow(
  store: Store,
  loaded: LoadedConfig,
  repos: readonly CohortRepo[],
  ids: readonly string[],
  since: Date,
  until: Date,
  shared: {
    readiness: import('../store/queries/checks.ts').ReadinessEvent[];
    edges: { from: string; to: string }[];
  },
): Promise<CohortWindow> {
  const q = await import('../store/queries/program.ts');
  const { identityModel } = await import('../metrics/service.ts');
  const model = identityModel(loaded);
  const inCohort = new Set(ids);
  const owner = new Map(repos.map((r) => [r.id, r.team]));
  const hasMembers = (team: string | null) => !!team && (loaded.config.teams[team]?.members.length ?? 0) > 0;
  let commits = 0;
  let outsideCommits = 0;
  const others = new Set<string>();
  for (const c of await q.commitsBetween(
    store.db,
    Math.floor(since.getTime() / 1000),
    Math.floor(until.getTime() / 1000),
  )) {
    if (!inCohort.has(c.repoId)) continue;
    const team = owner.get(c.repoId) ?? null;
    if (!hasMembers(team)) continue;
    const identity = model.identity(c.email);
    const at = model.teamAt(identity, c.time);
    commits++;
    if (at !== team) outsideCommits++;
    if (at !== null && at !== team) others.add(identity);
  }
  const latest = new Map<string, string | null>();
  for (const e of shared.readiness) {
    if (!inCohort.has(e.repoId) || Date.parse(e.evaluatedAt) >= until.getTime()) continue;
    latest.set(e.repoId, e.level);
  }
  const atLevel = [...latest.values()].filter((l) => l !== null && l !== 'none').length;
  return {
    repos: ids.length,
    commits,
    outsideCommits,
    otherTeamContributors: others.size,
    reposChecked: latest.size,
    reposAtLevel: atLevel,
    reuseEdges: shared.edges.filter((e) => inCohort.has(e.from) || inCohort.has(e.to)).length,
    pullRequests: await prMeasures(store, loaded, ids, since, until),
  };
}

function effectLabel(h: number): Comparison['effect'] {
  const a = Math.abs(h);
  return a < 0.2 ? 'negligible' : a < 0.5 ? 'small' : a < 0.8 ? 'medium' : 'large';
}

/** A share before and after, with Cohen's h when both samples have at least MIN_SAMPLE observations. */
function share(measure: string, label: string, k1: number, n1: number, k2: number, n2: number): Comparison {
  const p1 = n1 ? k1 / n1 : null;
  const p2 = n2 ? k2 / n2 : null;
  const enough = n1 >= MIN_SAMPLE && n2 >= MIN_SAMPLE;
  const h =
    enough && p1 !== null && p2 !== null ? 2 * Math.asin(Math.sqrt(p2)) - 2 * Math.asin(Math.sqrt(p1)) : null;
  return {
    measure,
    label,
    before: p1,
    after: p2,
    nBefore: n1,
    nAfter: n2,
    difference: p1 !== null && p2 !== null ? p2 - p1 : null,
    effectSize: h === null ? null : Math.round(h * 1000) / 1000,
    effect: h === null ? null : effectLabel(h),
    note: enough
      ? null
      : `too few to compare as shares (${k1} of ${n1} before, ${k2} of ${n2} after; at least ${MIN_SAMPLE} each needed)`,
  };
}

/** A count per 30 days before and after (windows may differ in length). */
function rate(measure: string, label: string, c1: number, d1: number, c2: number, d2: number): Comparison {
  const r1 = d1 ? (c1 * 30) / d1 : null;
  const r2 = d2 ? (c2 * 30) / d2 : null;
  return {
    measure,
    label,
    before: r1 === null ? null : Math.round(r1 * 100) / 100,
    after: r2 === null ? null : Math.round(r2 * 100) / 100,
    nBefore: c1,
    nAfter: c2,
    difference: r1 !== null && r2 !== null ? Math.round((r2 - r1) * 100) / 100 : null,
    effectSize: null,
    effect: null,
    note: `counts: ${c1} in ${d1} days before, ${c2} in ${d2} days after`,
  };
}

/** A median before and after: shown with its sample sizes, never with an effect size. */
function median(
  measure: string,
  label: string,
  m1: number | null,
  n1: number,
  m2: number | null,
  n2: number,
): Comparison {
  const enough = n1 >= MIN_SAMPLE && n2 >= MIN_SAMPLE;
  return {
    measure,
    label,
    before: m1,
    after: m2,
    nBefore: n1,
    nAfter: n2,
    difference: m1 !== null && m2 !== null ? Math.round((m2 - m1) * 100) / 100 : null,
    effectSize: null,
    effect: null,
    note: enough
      ? `medians of ${n1} and ${n2} pull requests; no effect size`
      : `too few to compare (${n1} pull requests before, ${n2} after; at least ${MIN_SAMPLE} each needed)`,
  };
}

function compare(b: CohortWindow, a: CohortWindow, daysBefore: number, daysAfter: number): Comparison[] {
  const out = [
    share(
      'outsideShare',
      'Commits from outside the owning team',
      b.outsideCommits,
      b.commits,
      a.outsideCommits,
      a.commits,
    ),
    rate(
      'otherTeamContributors',
      'People from other teams committing (per 30 days)',
      b.otherTeamContributors,
      daysBefore,
      a.otherTeamContributors,
      daysAfter,
    ),
    share(
      'standards',
      'Repos at a readiness level (bronze or above)',
      b.reposAtLevel,
      b.reposChecked,
      a.reposAtLevel,
      a.reposChecked,
    ),
    {
      measure: 'reuseEdges',
      label: 'Re-use edges touching the cohort',
      before: b.reuseEdges,
      after: a.reuseEdges,
      nBefore: b.repos,
      nAfter: a.repos,
      difference: a.reuseEdges - b.reuseEdges,
      effectSize: null,
      effect: null,
      note: 'from the manifests as of when the baseline was frozen, and of today',
    } satisfies Comparison,
  ];
  if (b.pullRequests && a.pullRequests) {
    out.push(
      share(
        'outsidePrs',
        'Pull requests from outside the owning team',
        b.pullRequests.outside,
        b.pullRequests.total,
        a.pullRequests.outside,
        a.pullRequests.total,
      ),
      rate(
        'outsidePrsOpened',
        'Pull requests opened from outside the owning team (per 30 days)',
        b.pullRequests.outside,
        daysBefore,
        a.pullRequests.outside,
        daysAfter,
      ),
      rate(
        'outsidePrsMerged',
        'Outside pull requests merged (per 30 days)',
        b.pullRequests.outsideMerged ?? 0,
        daysBefore,
        a.pullRequests.outsideMerged ?? 0,
        daysAfter,
      ),
      median(
        'outsidePrFirstResponse',
        'Median hours to first response on outside pull requests',
        b.pullRequests.medianFirstResponseHours,
        b.pullRequests.firstResponseN ?? 0,
        a.pullRequests.medianFirstResponseHours,
        a.pullRequests.firstResponseN ?? 0,
      ),
    );
  }
  return out;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The pilot's report: frozen baseline, after, pilot versus control. With `keep` (a portal viewer's repos),
 * cohorts, counts and re-use edges are of the repos it keeps only; when that leaves anything out, the baseline
 * is measured now over those repos (the frozen one counts repos the viewer may not see) and is not frozen.
 */
export async function pilotReport(
  store: Store,
  loaded: LoadedConfig,
  id: string,
  opts: { now?: Date; keep?: (repoId: string) => boolean } = {},
): Promise<PilotReport> {
  const { withPortalPilots } = await import('./portal-pilots.ts');
  const p = pilotConfig(await withPortalPilots(store, loaded, id), id);
  checkCohortTeams(loaded, `pilots.${id}`, p);
  if (p.control) checkCohortTeams(loaded, `pilots.${id}.control`, p.control);
  const now = opts.now ?? new Date();
  const start = Date.parse(p.start.slice(0, 10));
  if (!Number.isFinite(start)) throw new AgoraError('CONFIG_INVALID', `pilots.${id}.start: not a date`);
  const baseStart = start - p.baselineDays * DAY;
  const endLimit = p.end ? Date.parse(p.end.slice(0, 10)) : Number.POSITIVE_INFINITY;
  const afterEnd = Math.max(start, Math.min(now.getTime(), endLimit, start + p.baselineDays * DAY));
  const afterDays = Math.round((afterEnd - start) / DAY);
  const { keep } = opts;
  const everyRepo = await cohortRepos(store, loaded, now);
  const repos = keep ? everyRepo.filter((r) => keep(r.id)) : everyRepo;
  const pilotIds = cohortRepoIds(p, repos);
  const controlIds = p.control ? cohortRepoIds(p.control, repos) : null;
  const { readinessHistory } = await import('../store/queries/checks.ts');
  const { reuseGraph } = await import('../metrics/service.ts');
  const q = await import('../store/queries/program.ts');
  const everyEdge = (await reuseGraph(store, loaded, { now })).edges.map((e) => ({ from: e.from, to: e.to }));
  const shared = {
    readiness: await readinessHistory(store.db),
    edges: keep ? everyEdge.filter((e) => keep(e.from) && keep(e.to)) : everyEdge,
  };
  const inCohorts = new Set([
    ...cohortRepoIds(p, everyRepo),
    ...(p.control ? cohortRepoIds(p.control, everyRepo) : []),
  ]);
  const narrowed =
    keep !== undefined &&
    ([...inCohorts].some((r) => !keep(r)) ||
      everyEdge.some((e) => (inCohorts.has(e.from) || inCohorts.has(e.to)) && !(keep(e.from) && keep(e.to))));
  const frozen = narrowed
    ? new Map()
    : new Map((await q.pilotBaselines(store.db, id)).map((b) => [b.cohort, b]));
  const canFreeze = !narrowed && now.getTime() >= start;
  const baselineOf = async (
    cohort: 'pilot' | 'control',
    ids: string[],
  ): Promise<[CohortWindow, string | null]> => {
    const stored = frozen.get(cohort);
    if (stored) return [JSON.parse(stored.data) as CohortWindow, stored.frozenAt];
    const w = await measureWindow(store, loaded, repos, ids, new Date(baseStart), new Date(start), shared);
    if (!canFreeze) return [w, null];
    const saved = await q.freezeBaseline(store.db, {
      pilot: id,
      cohort,
      windowStart: new Date(baseStart).toISOString(),
      windowEnd: new Date(start).toISOString(),
      frozenAt: now.toISOString(),
      data: JSON.stringify(w),
    });
    return [JSON.parse(saved.data) as CohortWindow, saved.frozenAt];
  };
  const [pb, frozenAt] = await baselineOf('pilot', pilotIds);
  const pa = await measureWindow(store, loaded, repos, pilotIds, new Date(start), new Date(afterEnd), shared);
  const pilotMeasures = compare(pb, pa, p.baselineDays, afterDays);
  let control: PilotReport['control'] = null;
  let versusControl: PilotReport['versusControl'] = null;
  if (controlIds) {
    const [cb] = await baselineOf('control', controlIds);
    const ca = await measureWindow(
      store,
      loaded,
      repos,
      controlIds,
      new Date(start),
      new Date(afterEnd),
      shared,
    );
    const cm = compare(cb, ca, p.baselineDays, afterDays);
    control = { before: cb, after: ca, measures: cm };
    versusControl = pilotMeasures.map((m) => {
      const c = cm.find((x) => x.measure === m.measure);
      return {
        measure: m.measure,
        label: m.label,
        pilotChange: m.difference,
        controlChange: c?.difference ?? null,
        difference:
          m.difference !== null && c?.difference != null
            ? Math.round((m.difference - c.difference) * 1000) / 1000
            : null,
      };
    });
  }
  return {
    id,
    title: p.title ?? id,
    start: day(start),
    review: p.review?.slice(0, 10) ?? null,
    end: p.end?.slice(0, 10) ?? null,
    baseline: { start: day(baseStart), end: day(start), frozen: frozenAt !== null, frozenAt },
    after: { start: day(start), end: day(afterEnd), days: afterDays },
    cohorts: { pilot: pilotIds, control: controlIds },
    pilot: { before: pb, after: pa, measures: pilotMeasures },
    control,
    versusControl,
    measures: pilotMeasures,
  };
}

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);

/** The report as Markdown a lead can paste into a management review. */
export function pilotMarkdown(r: PilotReport): string {
  const fmt = (m: Comparison, v: number | null, n: number) =>
    m.measure === 'outsideShare' || m.measure === 'standards' || m.measure === 'outsidePrs'
      ? m.note
        ? `${v === null ? '–' : Math.round(v * n)} of ${n}`
        : `${pct(v)} (n=${n})`
      : v === null
        ? '–'
        : String(v);
  const rows = (ms: Comparison[]) =>
    ms.map(
      (m) =>
        `| ${m.label} | ${fmt(m, m.before, m.nBefore)} | ${fmt(m, m.after, m.nAfter)} | ${m.effectSize === null ? (m.difference === null || m.note?.startsWith('too few') ? 'not compared' : `${m.difference > 0 ? '+' : ''}${m.measure === 'reuseEdges' ? m.difference : m.difference}`) : `h = ${m.effectSize} (${m.effect})`} |`,
    );
  const lines = [
    `# Pilot: ${r.title}`,
    '',
    `Started ${r.start}${r.review ? `, review ${r.review}` : ''}${r.end ? `, ends ${r.end}` : ''}. Pilot cohort: ${r.cohorts.pilot.length} repos${r.cohorts.control ? `; control cohort: ${r.cohorts.control.length} repos` : ''}.`,
    `Baseline ${r.baseline.start} – ${r.baseline.end} (${r.baseline.frozen ? `frozen ${r.baseline.frozenAt?.slice(0, 10)}` : 'provisional: the pilot has not started'}); after ${r.after.start} – ${r.after.end} (${r.after.days} days).`,
    '',
    '## Pilot cohort',
    '',
    '| Measure | Before | After | Change |',
    '|---|---|---|---|',
    ...rows(r.pilot.measures),
  ];
  if (r.control) {
    lines.push(
      '',
      '## Control cohort',
      '',
      '| Measure | Before | After | Change |',
      '|---|---|---|---|',
      ...rows(r.control.measures),
    );
  }
  if (r.versusControl) {
    lines.push(
      '',
      '## Pilot versus control (change in the pilot minus change in the control)',
      '',
      '| Measure | Pilot change | Control change | Difference |',
      '|---|---|---|---|',
    );
    for (const v of r.versusControl)
      lines.push(
        `| ${v.label} | ${v.pilotChange ?? '–'} | ${v.controlChange ?? '–'} | ${v.difference ?? '–'} |`,
      );
  }
  const notes = r.pilot.measures.filter((m) => m.note).map((m) => `- ${m.label}: ${m.note}`);
  if (notes.length) lines.push('', 'Notes:', ...notes);
  lines.push(
    '',
    `Shares are compared with Cohen's h (|h| < 0.2 negligible, < 0.5 small, < 0.8 medium, else large) only when both samples have at least ${MIN_SAMPLE} observations. Pull-request measures appear when the cohort's repos have forge issue/PR data (items: on a forge source) for both windows.`,
  );
  return `${lines.join('\n')}\n`;
}

export type { CohortConfig };
