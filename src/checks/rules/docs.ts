// Rule types on the contents of documents: a substantive README, README sections found by heading
// (with synonyms, on the Markdown AST), and a CONTRIBUTING guide that covers the topics a newcomer needs.

import { DOC_KINDS } from '../../analyse/facts.ts';
import type { FileContent } from '../../snapshot/snapshot.ts';
import type { Outcome } from '../ruleset/types.ts';
import type { CheckSubject } from '../subject.ts';
import {
  findDoc,
  headingMatches,
  humanBytes,
  isMarkdownPath,
  MarkdownBudgetError,
  type ParsedMarkdown,
  parseMarkdown,
} from './helpers.ts';
import { fail, notApplicable, notEvaluated, pass, ruleType, type Zod } from './rule-type.ts';

/** The README's text for checking, or an outcome saying why it cannot be checked. */
function readmeText(subject: CheckSubject): { text: string; path: string; note: string } | Outcome {
  const found = findDoc(subject, 'readme', false);
  if (!found) return fail('no README');
  return docText(found.doc.path, found.file, subject.facts.readme);
}

function docText(
  path: string,
  file: FileContent | undefined,
  readme: { path: string; text: string; truncated: boolean } | null = null,
): { text: string; path: string; note: string } | Outcome {
  if (file?.binary) return fail(`${path} is a binary file, not readable documentation`, { path });
  let text = file?.text ?? null;
  let truncated = file?.truncated ?? false;
  if (text === null && readme && readme.path === path && readme.text) {
    text = readme.text;
    truncated = readme.truncated;
  }
  if (text === null) {
    return notEvaluated(`the content of ${path} was not read${file ? '' : ' (too large, or not stored)'}`);
  }
  const note = truncated
    ? ` (checked the first ${humanBytes(Buffer.byteLength(text))} of ${humanBytes(file?.size ?? 0)})`
    : '';
  return { text, path, note };
}

/** The parsed Markdown of a document, or "not evaluated" when it is over the parse budget. */
function outlineOf(got: { text: string; path: string }): ParsedMarkdown | Outcome {
  try {
    return parseMarkdown(got.text);
  } catch (err) {
    if (!(err instanceof MarkdownBudgetError)) throw err;
    return notEvaluated(`${got.path} is ${err.message}`);
  }
}

function isOutcome(x: unknown): x is Outcome {
  return typeof x === 'object' && x !== null && 'status' in x;
}

export const readmeSubstantive = ruleType({
  type: 'readme-substantive',
  summary: 'The README says more than a title: at least `minWords` words besides the title.',
  options: (z) =>
    z
      .object({ type: z.literal('readme-substantive'), minWords: z.number().int().min(1).default(40) })
      .strict(),
  evaluate(subject, o) {
    const got = readmeText(subject);
    if (isOutcome(got)) return got;
    const md = outlineOf(got);
    if (isOutcome(md)) return md;
    if (md.bodyWords >= o.minWords)
      return pass(`${got.path} has ${md.bodyWords} words${got.note}`, { path: got.path });
    return fail(
      `${got.path} has only ${md.bodyWords} words besides its title (at least ${o.minWords} expected)${got.note}`,
      {
        path: got.path,
      },
    );
  },
});

export const readmeSection = ruleType({
  type: 'readme-section',
  summary:
    'The README has a heading matching one of `headings` (case, emoji, numbering ignored); optionally a document of `orDoc` kind counts instead.',
  options: (z) =>
    z
      .object({
        type: z.literal('readme-section'),
        headings: z.array(z.string().min(1)).min(1),
        orDoc: z.enum(DOC_KINDS).optional(),
      })
      .strict(),
  evaluate(subject, o) {
    const got = readmeText(subject);
    let unread: Outcome | null = null;
    if (!isOutcome(got)) {
      if (!isMarkdownPath(got.path)) {
        return notEvaluated(`${got.path} is not Markdown, so its sections cannot be read`);
      }
      const md = outlineOf(got);
      if (isOutcome(md)) unread = md;
      const h = isOutcome(md) ? undefined : md.headings.find((x) => headingMatches(x.norm, o.headings));
      if (h) return pass(`${got.path} has a section "${h.text}"${got.note}`, { path: got.path });
    }
    if (o.orDoc) {
      const doc = findDoc(subject, o.orDoc);
      if (doc)
        return pass(`found ${doc.doc.path}${doc.inherited ? ' (inherited)' : ''}`, {
          path: doc.doc.path,
          inherited: doc.inherited,
        });
    }
    if (isOutcome(got)) return got;
    if (unread) return unread;
    const named = o.headings
      .slice(0, 3)
      .map((x) => `"${x}"`)
      .join(', ');
    return fail(
      `${got.path} has no section like ${named}${o.headings.length > 3 ? ' (or a synonym)' : ''}${got.note}`,
      { path: got.path },
    );
  },
});

export const contributingCovers = ruleType({
  type: 'contributing-covers',
  summary: 'CONTRIBUTING mentions each topic (build, test, submit, response time…) by one of its keywords.',
  options: (z) =>
    z
      .object({
        type: z.literal('contributing-covers'),
        topics: z.record(z.string(), z.array(regexSourceLike(z)).min(1)),
      })
      .strict(),
  evaluate(subject, o) {
    const found = findDoc(subject, 'contributing');
    if (!found) return notApplicable('no CONTRIBUTING file (the contributing rule reports that)');
    const got = docText(found.doc.path, found.file);
    if (isOutcome(got)) return got;
    const missing: string[] = [];
    for (const [topic, words] of Object.entries(o.topics)) {
      if (!words.some((w) => new RegExp(w, 'i').test(got.text))) missing.push(topic);
    }
    const extra = { path: found.doc.path, inherited: found.inherited };
    if (missing.length === 0)
      return pass(`${found.doc.path} covers ${Object.keys(o.topics).join(', ')}${got.note}`, extra);
    return fail(`${found.doc.path} does not cover: ${missing.join(', ')}${got.note}`, extra);
  },
});

// Keywords are regular expressions (so `pull request|merge request` works); validated at load time.
function regexSourceLike(z: Zod) {
  return z
    .string()
    .min(1)
    .superRefine((s, ctx) => {
      try {
        new RegExp(s, 'i');
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` });
      }
    });
}
