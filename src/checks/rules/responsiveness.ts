// The promise-versus-practice rule: the response time a repository promises guests (CONTRIBUTING or
// innersource.json, read by analyse/response-promise.ts) against the measured p90 time to first response
// for pull requests and issues from outside the owning team (issue 11's forge-item metrics).

import type { PromiseTerm, ResponsePromise } from '../../analyse/facts.ts';
import { responsePromiseFromFiles } from '../../analyse/response-promise.ts';
import type { CheckSubject, MeasuredResponse } from '../subject.ts';
import { fail, notEvaluated, pass, ruleType } from './rule-type.ts';

/** The promise of a subject: its facts, or (facts stored before promises were read) its stored files, or the
 * organisation's `.github` CONTRIBUTING. */
export function promiseOf(subject: CheckSubject): { promise: ResponsePromise; inherited: boolean } | null {
  const own =
    subject.facts.responsePromise !== undefined
      ? subject.facts.responsePromise
      : responsePromiseFromFiles(subject.files, subject.facts.docs);
  if (own) return { promise: own, inherited: false };
  const org = subject.inherited;
  if (!org) return null;
  const inherited =
    org.facts.responsePromise !== undefined
      ? org.facts.responsePromise
      : responsePromiseFromFiles(org.files, org.facts.docs);
  return inherited ? { promise: inherited, inherited: true } : null;
}

/** Hours as people say them: `36 h`, `4.5 days`. */
export function humanHours(hours: number): string {
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

function stated(t: PromiseTerm): string {
  const unit = t.unit.replace('-', ' ');
  const amount = `${t.amount} ${t.amount === 1 ? unit.replace(/s$/, '') : unit}`;
  const widened = t.unit.startsWith('business') ? `, ${humanHours(t.hours)} with weekends` : '';
  return `${amount}${widened} (${t.path})`;
}

interface Part {
  label: string;
  term: PromiseTerm;
  measured: MeasuredResponse;
}

export const responsePromise = ruleType({
  type: 'response-promise',
  summary:
    'The response time promised in CONTRIBUTING or innersource.json holds: the p90 time to first response for outside-team pull requests and issues (forge data) is within it.',
  options: (z) =>
    z
      .object({
        type: z.literal('response-promise'),
        /** Outside-team items (answered + still waiting) needed per kind before the p90 means anything. */
        minItems: z.number().int().min(1).max(1000).default(5),
      })
      .strict(),
  evaluate(subject, o) {
    const found = promiseOf(subject);
    if (!found)
      return notEvaluated('no response time is promised (CONTRIBUTING or innersource.json `responseTime`)');
    const r = subject.responsiveness;
    if (!r?.ingested)
      return notEvaluated(
        'no forge issue and pull request data for this repository: it needs a GitHub, GitLab or Gitea source',
      );
    const { promise } = found;
    const parts: Part[] = [];
    if (promise.pullRequests)
      parts.push({ label: 'pull requests', term: promise.pullRequests, measured: r.outsidePrFirstResponse });
    if (promise.issues)
      parts.push({ label: 'issues', term: promise.issues, measured: r.outsideIssueFirstResponse });
    const counted = (m: MeasuredResponse) => m.answered + m.censored;
    const enough = parts.filter((p) => counted(p.measured) >= o.minItems && p.measured.p90Hours !== null);
    if (enough.length === 0) {
      const have = parts.map((p) => `${counted(p.measured)} outside-team ${p.label}`).join(' and ');
      return notEvaluated(
        `too few items to measure: ${have} in the last ${r.days} days; at least ${o.minItems} of a kind are needed`,
      );
    }
    // The file a SARIF location points at: only the repository's own.
    const path = found.inherited ? undefined : enough[0].term.path;
    const lines = enough.map((p) => {
      const p90 = p.measured.p90Hours as number;
      const waiting = p.measured.censored ? `, ${p.measured.censored} still waiting` : '';
      return {
        broken: p90 > p.term.hours,
        text: `outside-team ${p.label}: p90 to first response ${humanHours(p90)} over ${counted(p.measured)} in the last ${r.days} days${waiting}, promised ${stated(p.term)}`,
      };
    });
    const unmeasured = parts
      .filter((p) => !enough.includes(p))
      .map((p) => `; ${p.label} not measured (${counted(p.measured)} of the ${o.minItems} needed)`)
      .join('');
    const extra = { ...(path ? { path } : {}), ...(found.inherited ? { inherited: true } : {}) };
    const broken = lines.filter((l) => l.broken);
    if (broken.length > 0)
      return fail(`promise not kept: ${broken.map((l) => l.text).join('; ')}${unmeasured}`, extra);
    return pass(`promise kept: ${lines.map((l) => l.text).join('; ')}${unmeasured}`, extra);
  },
});
