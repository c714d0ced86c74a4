// The render budget against the pathological documents that took 4–36 s, gigabytes or a stack overflow on the
// request path: each ends within the budget as rendered HTML, a truncation note or a plain-text fallback, with a
// finding; ordinary documents render exactly as the renderer does; the standards' parse is bounded the same way.

import { afterAll, describe, expect, it } from 'vitest';
import { PATHOLOGICAL_DOCUMENTS } from '../../test/fixtures/hostile-documents.ts';
import { analyseSnapshot } from '../analyse/index.ts';
import { MarkdownBudgetError, parseMarkdown, prepareSubjectMarkdown } from '../checks/rules/helpers.ts';
import { RULE_TYPES } from '../checks/rules/index.ts';
import type { CheckSubject } from '../checks/subject.ts';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { DOCUMENT_BUDGET } from './budget.ts';
import { type DocumentSource, renderDocument, renderRepoDocuments } from './documents.ts';
import { documentLinks } from './links.ts';
import { renderMarkdown } from './markdown.ts';
import { closeRenderPool } from './pool.ts';

const PATHOLOGICAL = PATHOLOGICAL_DOCUMENTS;

const REPO = { id: 'local:x', webUrl: 'https://git.example/x', branch: 'main' };
const LINKS = documentLinks(REPO, ['README.md', 'CONTRIBUTING.md']);

function source(path: string, text: string): DocumentSource {
  return { path, kind: 'readme', text, size: Buffer.byteLength(text), truncated: false };
}

afterAll(async () => {
  await closeRenderPool();
});

describe('rendering under the document budget', () => {
  for (const [name, text] of Object.entries(PATHOLOGICAL)) {
    it(`ends a pathological document within the budget: ${name}`, async () => {
      const started = performance.now();
      const r = await renderDocument(source('README.md', text), LINKS);
      const ms = performance.now() - started;
      // The budget is a time-out on the worker; allow for starting a fresh one.
      expect(ms).toBeLessThan(DOCUMENT_BUDGET.timeMs + 10_000);
      expect(r.document.html.length).toBeGreaterThan(0);
      if (r.document.status === 'fallback') {
        expect(r.overBudget).toBe(true);
        expect(r.findings.map((f) => f.code)).toContain('DOCUMENT_TOO_COMPLEX');
        expect(r.document.html).toContain('too complex to render');
        expect(r.document.html).toContain('<pre class="document-plain">');
      }
      if (text.length > DOCUMENT_BUDGET.maxChars) {
        expect(r.document.truncated).toBe(true);
        expect(r.findings.map((f) => f.code)).toContain('DOCUMENT_TRUNCATED');
        expect(r.document.html).toContain('data-note="truncated"');
      }
    });
  }

  it('shows an over-budget document as escaped text, never as markup', async () => {
    const text = `<script>alert(1)</script>\n${'~~a'.repeat(30_000)}`;
    const r = await renderDocument(source('README.md', text), LINKS);
    expect(r.document.status).toBe('fallback');
    expect(r.document.html).not.toContain('<script');
    expect(r.document.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('cuts a long ordinary document at a line end with a visible note', async () => {
    // One long code block: cheap to render, so only the size cap is at work.
    const line = 'const plain = "words in a very long but harmless listing";\n';
    const text = `# Big\n\n\`\`\`\n${line.repeat(Math.ceil((DOCUMENT_BUDGET.maxChars * 1.5) / line.length))}`;
    const r = await renderDocument(source('docs/BIG.md', text), LINKS);
    expect(r.document.status).toBe('rendered');
    expect(r.document.truncated).toBe(true);
    expect(r.document.title).toBe('Big');
    expect(r.document.html).toMatch(
      /data-note="truncated">This document is \d+ KB; only the first \d+ KB is shown/,
    );
    expect(r.findings).toEqual([
      expect.objectContaining({ code: 'DOCUMENT_TRUNCATED', path: 'docs/BIG.md' }),
    ]);
  });

  it('renders an ordinary README exactly as the renderer does, links to stored documents kept in the portal', async () => {
    const text =
      '# Payments\n\nSee [the guide](CONTRIBUTING.md#setup), [the code](src/index.ts) and ' +
      '![logo](img/logo.png).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n<script>alert(1)</script>\n';
    const r = await renderDocument(source('README.md', text), LINKS);
    const direct = await renderMarkdown(text, {
      path: 'README.md',
      resolve: (path, kind) =>
        kind === 'image'
          ? `/api/v1/projects/local%3Ax/files/${path}`
          : path === 'CONTRIBUTING.md'
            ? `/projects/local%3Ax/docs/${path}`
            : `https://git.example/x/blob/main/${path}`,
    });
    expect(r.document.html).toBe(direct);
    expect(r.document).toMatchObject({ status: 'rendered', truncated: false, title: 'Payments' });
    expect(r.findings).toEqual([]);
    expect(r.document.html).toContain('href="/projects/local%3Ax/docs/CONTRIBUTING.md#setup"');
    expect(r.document.html).toContain('href="https://git.example/x/blob/main/src/index.ts"');
    expect(r.linked.sort()).toEqual(['CONTRIBUTING.md', 'src/index.ts']);
  });

  it("renders a repo's documents and the stored Markdown its README links to; a hostile one is a finding", async () => {
    const files = new Map(
      Object.entries({
        'README.md': '# R\n\nRead [the guide](CONTRIBUTING.md) and [the design](docs/design.md).\n',
        'CONTRIBUTING.md': '# How to help\n\nSee the [design](docs/design.md).\n',
        'SECURITY.md': PATHOLOGICAL.strikethrough,
        'docs/design.md': '# Design\n\nBoxes and arrows.\n',
        'docs/unlinked.md': '# Not linked\n',
      }).map(([path, text]) => [path, { path, size: text.length, text, binary: false, truncated: false }]),
    );
    const facts = {
      readme: { path: 'README.md', text: files.get('README.md')!.text, truncated: false },
      docs: [
        { kind: 'readme' as const, path: 'README.md', size: 1 },
        { kind: 'contributing' as const, path: 'CONTRIBUTING.md', size: 1 },
        { kind: 'security' as const, path: 'SECURITY.md', size: 1 },
      ],
    };
    const { documents, findings } = await renderRepoDocuments(REPO, facts, files);
    expect(documents.map((d) => [d.path, d.kind, d.status])).toEqual([
      ['README.md', 'readme', 'rendered'],
      ['CONTRIBUTING.md', 'contributing', 'rendered'],
      ['SECURITY.md', 'security', 'fallback'],
      ['docs/design.md', 'linked', 'rendered'],
    ]);
    expect(findings).toEqual([
      expect.objectContaining({ code: 'DOCUMENT_TOO_COMPLEX', path: 'SECURITY.md' }),
    ]);
    const guide = documents.find((d) => d.path === 'CONTRIBUTING.md')!;
    expect(guide.title).toBe('How to help');
    // Resolved against the guide's folder, and kept in the portal because it was rendered.
    expect(guide.html).toContain('href="/projects/local%3Ax/docs/docs/design.md"');
  });
});

describe('parsing for the standards under the same budget', () => {
  it('throws MarkdownBudgetError for a document too complex to parse, and parses ordinary ones', () => {
    expect(() => parseMarkdown(PATHOLOGICAL.strikethrough)).toThrow(MarkdownBudgetError);
    const ok = parseMarkdown(`# Title\n\n## Contributing\n\n${'Some words here. '.repeat(100)}`);
    expect(ok.headings.map((h) => h.norm)).toEqual(['title', 'contributing']);
    expect(ok.bodyWords).toBe(301);
  });
});

describe('standards rules on a document over the parse budget', () => {
  function subject(files: Record<string, string>): CheckSubject {
    const snap = snapshotFromFiles(files);
    return {
      repo: { id: 'test:repo', name: 'repo' },
      facts: analyseSnapshot(snap),
      files: snap.files,
      paths: snap.tree.map((e) => e.path),
    };
  }

  function run(type: string, options: Record<string, unknown>, s: CheckSubject) {
    const t = RULE_TYPES.get(type)!;
    return t.evaluate(s, t.options.parse({ type, ...options }), { now: 0 });
  }

  it('says "not evaluated, because" the README is too complex, and an alternative document still counts', async () => {
    const hostile = subject({
      'README.md': `# Hostile\n\n${PATHOLOGICAL.strikethrough}`,
      'CONTRIBUTING.md': '# C\n',
    });
    // Parsed in the render pool first, as the standards service does: the synchronous rules then never wait.
    await prepareSubjectMarkdown(hostile);
    const words = run('readme-substantive', {}, hostile);
    expect(words.status).toBe('not-evaluated');
    expect(words.message).toMatch(/^README\.md is too complex to parse \(over the \d+ ms time budget\)$/);
    const section = run('readme-section', { headings: ['Usage'] }, hostile);
    expect(section.status).toBe('not-evaluated');
    expect(run('readme-section', { headings: ['Contributing'], orDoc: 'contributing' }, hostile).status).toBe(
      'pass',
    );
  });
});
