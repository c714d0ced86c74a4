// Rule types on what the analysers found: ownership, a communication channel, the licence, CI running tests,
// tests, innersource.json, description, recent activity and repository hygiene.

import { channelsIn, isBadgeLink, markdownLinks } from '../../analyse/channels.ts';
import { parseCodeowners } from '../../analyse/codeowners.ts';
import { INNERSOURCE_PATHS, parseInnerSourceJson } from '../../analyse/innersource-json.ts';
import {
  findDoc,
  headingMatches,
  humanBytes,
  isMarkdownPath,
  parseMarkdown,
  regexSource,
} from './helpers.ts';
import { fail, notApplicable, notEvaluated, pass, ruleType } from './rule-type.ts';

export const ownership = ruleType({
  type: 'ownership',
  summary:
    'A valid CODEOWNERS with a catch-all rule, or owners declared elsewhere (catalog-info, innersource.json, config), or a README section naming maintainers.',
  options: (z) =>
    z
      .object({
        type: z.literal('ownership'),
        maintainerHeadings: z
          .array(z.string().min(1))
          .default(['maintainers', 'trusted committers', 'owners', 'who we are', 'team', 'core team']),
      })
      .strict(),
  evaluate(subject, o) {
    const problems: string[] = [];
    const codeowners = subject.facts.docs.find((d) => d.kind === 'codeowners' && !d.inherited);
    if (codeowners) {
      const text = subject.files.get(codeowners.path)?.text;
      const invalid = text ? parseCodeowners(text, codeowners.path).findings : [];
      const catchAll = subject.facts.owners.some((x) => x.source === 'codeowners' && x.catchAll);
      if (invalid.length > 0) problems.push(`${codeowners.path} has errors (${invalid[0].message})`);
      else if (catchAll) return pass(`${codeowners.path} has a catch-all rule`, { path: codeowners.path });
      else problems.push(`${codeowners.path} has no catch-all rule (\`*\`)`);
    }
    const declared = subject.facts.owners.find((x) => x.source !== 'codeowners');
    if (declared) return pass(`owner ${declared.owner} declared in ${declared.source}`);
    const readme = subject.facts.readme;
    if (readme?.text && isMarkdownPath(readme.path)) {
      const h = parseMarkdown(readme.text).headings.find((x) => headingMatches(x.norm, o.maintainerHeadings));
      if (h) return pass(`${readme.path} names maintainers under "${h.text}"`, { path: readme.path });
    }
    return fail(
      problems.length ? problems.join('; ') : 'no CODEOWNERS, declared owner or maintainers section',
      {
        path: codeowners?.path,
      },
    );
  },
});

export const communicationChannel = ruleType({
  type: 'communication-channel',
  summary:
    'COMMUNICATION.md exists (own or inherited), or the README links a chat, mailing list, forum or issue tracker.',
  options: (z) =>
    z
      .object({
        type: z.literal('communication-channel'),
        /** Regexes a link must match instead of the channel detector's kinds (badges still never count). */
        patterns: z.array(regexSource(z)).optional(),
      })
      .strict(),
  evaluate(subject, o) {
    const doc = findDoc(subject, 'communication');
    if (doc)
      return pass(`found ${doc.doc.path}${doc.inherited ? ' (inherited)' : ''}`, {
        path: doc.doc.path,
        inherited: doc.inherited,
      });
    const readme = subject.facts.readme;
    if (readme?.text) {
      const res = o.patterns?.map((p) => new RegExp(p, 'i'));
      const link = res
        ? markdownLinks(readme.text).find((l) => !isBadgeLink(l.url) && res.some((re) => re.test(l.url)))
        : channelsIn(readme.text)[0];
      if (link) return pass(`${readme.path} links ${link.url}`, { path: readme.path });
    }
    return fail('no COMMUNICATION.md and no README link to a chat, mailing list, forum or issue tracker');
  },
});

export const licence = ruleType({
  type: 'licence',
  summary:
    'A licence file exists (never inherited); with `requireSpdx` its text must match a known SPDX licence.',
  options: (z) => z.object({ type: z.literal('licence'), requireSpdx: z.boolean().default(false) }).strict(),
  evaluate(subject, o) {
    const lic = subject.facts.license;
    if (!lic) return fail('no LICENSE file');
    if (lic.spdx) return pass(`${lic.path}: ${lic.spdx}`, { path: lic.path });
    if (o.requireSpdx)
      return fail(`${lic.path} does not match a known SPDX licence text`, { path: lic.path });
    return pass(`${lic.path} (licence not identified)`, { path: lic.path });
  },
});

export const ci = ruleType({
  type: 'ci',
  summary: 'A CI configuration exists; with `requireTests` (default) it visibly runs tests.',
  options: (z) => z.object({ type: z.literal('ci'), requireTests: z.boolean().default(true) }).strict(),
  evaluate(subject, o) {
    const list = subject.facts.ci;
    if (list.length === 0) return fail('no CI configuration');
    if (!o.requireTests) return pass(`${list[0].system} (${list[0].path})`, { path: list[0].path });
    const running = list.find((c) => c.runsTests === true);
    if (running) {
      const via = running.via ? ` (through ${running.via})` : '';
      return pass(`${running.path} runs tests${via}`, { path: running.path });
    }
    const unknown = list.filter((c) => c.runsTests === null);
    if (unknown.length > 0)
      return notEvaluated(
        `could not read ${unknown.map((c) => c.path).join(', ')} to see whether it runs tests`,
      );
    return fail(`CI (${list.map((c) => c.path).join(', ')}) runs no visible test step`, {
      path: list[0].path,
    });
  },
});

export const testsPresent = ruleType({
  type: 'tests-present',
  summary:
    'Test files, a test folder, or a configured way to run tests (a runner, `npm test`, `make test`) exist.',
  options: (z) =>
    z.object({ type: z.literal('tests-present'), minFiles: z.number().int().min(1).default(1) }).strict(),
  evaluate(subject, o) {
    const t = subject.facts.tests;
    // How they run, when the repository says (a runner without test files is not tests).
    const how = t.runners?.length ? ` (run with ${t.runners.slice(0, 3).join(', ')})` : '';
    if (t.testFiles >= o.minFiles)
      return pass(`${t.testFiles} test file${t.testFiles === 1 ? '' : 's'}${how}`);
    if (t.testFiles === 0 && t.testDirs.length > 0 && o.minFiles <= 1)
      return pass(`test folder ${t.testDirs[0]}${how}`);
    return fail(
      t.testFiles ? `only ${t.testFiles} test files (at least ${o.minFiles} expected)` : 'no tests found',
    );
  },
});

export const innersourceJsonValid = ruleType({
  type: 'innersource-json-valid',
  summary:
    'innersource.json, when present, is valid JSON with the InnerSource Portal fields typed as expected.',
  options: (z) => z.object({ type: z.literal('innersource-json-valid') }).strict(),
  evaluate(subject) {
    const path = INNERSOURCE_PATHS.find((p) => subject.files.has(p));
    if (!path) return notApplicable('no innersource.json');
    const f = subject.files.get(path);
    if (!f || f.text === null) return notEvaluated(`${path} could not be read (binary or not stored)`);
    if (f.truncated) return fail(`${path} is larger than the read cap (${humanBytes(f.size)})`, { path });
    const r = parseInnerSourceJson(f.text, path);
    if (r.findings.length > 0)
      return fail(`${path}: ${r.findings.map((x) => x.message).join('; ')}`, { path });
    return pass(`${path} is valid`, { path });
  },
});

export const descriptionPresent = ruleType({
  type: 'description-present',
  summary:
    'The repository has a description (forge, innersource.json or catalog-info) of at least `minLength` characters.',
  options: (z) =>
    z
      .object({ type: z.literal('description-present'), minLength: z.number().int().min(1).default(10) })
      .strict(),
  evaluate(subject, o) {
    const candidates = [
      subject.repo.description,
      subject.facts.innersource?.motivation,
      subject.facts.catalog?.description,
    ];
    const d = candidates.find((c) => typeof c === 'string' && c.trim().length >= o.minLength);
    if (d) return pass(`described: "${d.trim().slice(0, 80)}"`);
    return fail(`no description of at least ${o.minLength} characters`);
  },
});

export const recentActivity = ruleType({
  type: 'recent-activity',
  summary: 'The newest commit is at most `days` days old.',
  options: (z) =>
    z.object({ type: z.literal('recent-activity'), days: z.number().int().min(1).default(365) }).strict(),
  evaluate(subject, o, ctx) {
    const last = subject.repo.lastCommitAt;
    if (last === undefined || last === null) return notEvaluated('the date of the last commit is not known');
    const days = Math.floor((ctx.now - last) / 86400);
    if (days <= o.days) return pass(`last commit ${days} days ago`);
    return fail(`last commit ${days} days ago (more than ${o.days})`);
  },
});

export const noLargeFiles = ruleType({
  type: 'no-large-files',
  summary: "No file above the crawl's large-file threshold is committed.",
  options: (z) => z.object({ type: z.literal('no-large-files') }).strict(),
  evaluate(subject) {
    const big = subject.facts.largeFiles;
    if (big.length === 0) return pass('no large files');
    return fail(
      `${big.length} large file${big.length > 1 ? 's' : ''}: ${big
        .slice(0, 3)
        .map((b) => `${b.path} (${humanBytes(b.size)})`)
        .join(', ')}`,
      { path: big[0].path },
    );
  },
});

export const noCredentialFiles = ruleType({
  type: 'no-credential-files',
  summary: 'No credential-looking file (`.env`, private keys, keystores) is committed.',
  options: (z) => z.object({ type: z.literal('no-credential-files') }).strict(),
  evaluate(subject) {
    const s = subject.facts.sensitiveFiles;
    if (s.length === 0) return pass('no credential files');
    return fail(`credential files in the tree: ${s.slice(0, 5).join(', ')}`, { path: s[0] });
  },
});

export const dependencyUpdates = ruleType({
  type: 'dependency-updates',
  summary: 'A dependency-update tool (Renovate, Dependabot) is configured.',
  options: (z) => z.object({ type: z.literal('dependency-updates') }).strict(),
  evaluate(subject) {
    const u = subject.facts.dependencyUpdater;
    if (u) return pass(`${u} is configured`);
    if (subject.inherited?.facts.dependencyUpdater)
      return pass(`${subject.inherited.facts.dependencyUpdater} (inherited)`, { inherited: true });
    return fail('no Renovate or Dependabot configuration');
  },
});
