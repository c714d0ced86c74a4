// The response-promise rule on in-memory subjects: pass, fail (naming both numbers) and each not-evaluated
// reason, with promises from CONTRIBUTING, innersource.json and the organisation's `.github` repository.

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { analyseSnapshot } from '../../analyse/index.ts';
import { snapshotFromFiles } from '../../snapshot/snapshot.ts';
import type { CheckSubject, MeasuredResponse, SubjectResponsiveness } from '../subject.ts';
import { RULE_TYPES } from './index.ts';

function subject(files: Record<string, string>, responsiveness?: SubjectResponsiveness | null): CheckSubject {
  const snap = snapshotFromFiles(files);
  return {
    repo: { id: 't:r', name: 'r' },
    facts: analyseSnapshot(snap),
    files: snap.files,
    paths: null,
    responsiveness,
  };
}

function run(s: CheckSubject, options: Record<string, unknown> = {}) {
  const t = RULE_TYPES.get('response-promise');
  if (!t) throw new Error('response-promise is not registered');
  return t.evaluate(s, t.options(z).parse({ type: 'response-promise', ...options }), { now: 0 });
}

const m = (answered: number, p90Hours: number | null, censored = 0): MeasuredResponse => ({
  answered,
  censored,
  p90Hours,
});
const measured = (prs: MeasuredResponse, issues: MeasuredResponse = m(0, null)): SubjectResponsiveness => ({
  days: 90,
  ingested: true,
  outsidePrFirstResponse: prs,
  outsideIssueFirstResponse: issues,
});

const PROMISE = { 'CONTRIBUTING.md': 'We review pull requests within 2 business days.\n' };

describe('response-promise', () => {
  it('passes when the p90 is within the promise, naming both numbers', () => {
    const o = run(subject(PROMISE, measured(m(10, 90))));
    expect(o.status).toBe('pass');
    expect(o.message).toContain('p90 to first response 3.8 days over 10');
    expect(o.message).toContain('promised 2 business days, 4 days with weekends (CONTRIBUTING.md)');
    expect(o.path).toBe('CONTRIBUTING.md');
  });

  it('fails when the p90 is over the promise, and says so with both numbers', () => {
    const o = run(subject(PROMISE, measured(m(8, 130, 2))));
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(
      /^promise not kept: outside-team pull requests: p90 to first response 5\.4 days/,
    );
    expect(o.message).toContain('over 10 in the last 90 days, 2 still waiting');
    expect(o.message).toContain('promised 2 business days');
  });

  it('fails on either kind, and names a kind with too few items as not measured', () => {
    const both = subject(
      { 'innersource.json': JSON.stringify({ responseTime: { pullRequests: '24h', issues: '1 week' } }) },
      measured(m(6, 20), m(2, 400)),
    );
    const o = run(both);
    expect(o.status).toBe('pass');
    expect(o.message).toContain('issues not measured (2 of the 5 needed)');
    expect(run(both, { minItems: 2 }).status).toBe('fail');
    expect(run(both, { minItems: 2 }).message).toContain(
      'outside-team issues: p90 to first response 16.7 days',
    );
  });

  it('is not evaluated without a promise, without forge data, or with too few items', () => {
    expect(run(subject({ 'CONTRIBUTING.md': 'Send PRs.' }, measured(m(10, 1)))).message).toContain(
      'no response time is promised',
    );
    for (const none of [undefined, null, { ...measured(m(10, 1)), ingested: false }]) {
      const o = run(subject(PROMISE, none));
      expect(o.status).toBe('not-evaluated');
      expect(o.message).toContain('no forge issue and pull request data');
    }
    const few = run(subject(PROMISE, measured(m(3, 500, 1))));
    expect(few.status).toBe('not-evaluated');
    expect(few.message).toBe(
      'too few items to measure: 4 outside-team pull requests in the last 90 days; at least 5 of a kind are needed',
    );
    expect(run(subject(PROMISE, measured(m(3, 500, 1))), { minItems: 4 }).status).toBe('fail');
  });

  it("takes the organisation's CONTRIBUTING promise when the repo has none", () => {
    const s = subject({ 'README.md': '# r' }, measured(m(10, 100)));
    const org = snapshotFromFiles({
      '.github/CONTRIBUTING.md': 'We answer every issue and PR within 1 week.',
    });
    s.inherited = { files: org.files, facts: analyseSnapshot(org) };
    const o = run(s);
    expect(o).toMatchObject({ status: 'pass', inherited: true });
    expect(o.path).toBeUndefined();
  });

  it('reads the promise from stored files when the facts predate it', () => {
    const s = subject(PROMISE, measured(m(10, 200)));
    delete s.facts.responsePromise;
    expect(run(s).status).toBe('fail');
  });
});

describe('subjectResponsiveness', () => {
  it("takes the outside-team first-response numbers of a repo's item metrics", async () => {
    const { subjectResponsiveness } = await import('../responsiveness-source.ts');
    expect(subjectResponsiveness(null)).toBeNull();
    const stats = (p90Hours: number) => ({
      answered: 6,
      censored: 1,
      unanswered: 0,
      medianHours: 1,
      p90Hours,
    });
    const r = subjectResponsiveness({
      window: { days: 90 },
      ingested: true,
      numbers: { outside: { prFirstResponse: stats(30), issueFirstResponse: stats(300) } },
    } as unknown as Parameters<typeof subjectResponsiveness>[0]);
    expect(r).toMatchObject({
      days: 90,
      ingested: true,
      outsidePrFirstResponse: { p90Hours: 30 },
      outsideIssueFirstResponse: { p90Hours: 300 },
    });
    const rule = RULE_TYPES.get('response-promise');
    const s = subject({ 'CONTRIBUTING.md': 'We answer issues within 1 week.' }, r);
    expect(rule?.evaluate(s, { type: 'response-promise', minItems: 5 }, { now: 0 }).status).toBe('fail');
  });
});
