// The render budget against the pathological documents (test/fixtures/hostile-documents.ts): each ends within the
// budget as rendered HTML, a truncation note or a plain-text fallback, with a finding; ordinary documents render
// exactly as the renderer does; the standards' parse is bounded the same way (a heavy document under a short
// time budget).

import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  AMPLIFIED_REFERENCES,
  HEAVY_TO_PARSE,
  PATHOLOGICAL_DOCUMENTS,
} from '../../test/fixtures/hostile-documents.ts';
import { analyseSnapshot } from '../analyse/index.ts';
import { MarkdownBudgetError, parseMarkdown, prepareSubjectMarkdown } from '../checks/rules/helpers.ts';
import { RULE_TYPES } from '../checks/rules/index.ts';
import type { CheckSubject } from '../checks/subject.ts';
import { snapshotFromFiles } from '../snapshot/snapshot.ts';
import { DOCUMENT_BUDGET, renderTimeMs } from './budget.ts';
import { type DocumentSource, renderDocument, renderRepoDocuments } from './documents.ts';
import { documentLinks } from './links.ts';
import { renderMarkdown } from './markdown.ts';
import { markdownOutline } from './outline.ts';
import { closeRenderPool, RenderPool } from './pool.ts';

const PATHOLOGICAL = PATHOLOGICAL_DOCUMENTS;

const REPO = { id: 'local:x', webUrl: 'https://git.example/x', branch: 'main' };
const LINKS = documentLinks(REPO, ['README.md', 'CONTRIBUTING.md']);

function source(path: string, text: string): DocumentSource {
  return { path, kind: 'readme', text, size: Buffer.byteLength(text), truncated: false };
}

// Half the 4 s budget (`AGORA_RENDER_TIME_MS`, read when the pool starts): each over-budget document here waits for
// its worker to be ended, and the largest ordinary one (256 KB) renders in well under a second on a loaded machine.
vi.stubEnv('AGORA_RENDER_TIME_MS', '2000');

afterAll(async () => {
  await closeRenderPool();
  vi.unstubAllEnvs();
});

describe('rendering under the document budget', () => {
  for (const [name, text] of Object.entries(PATHOLOGICAL)) {
    it(`ends a pathological document within the budget: ${name}`, async () => {
      const started = performance.now();
      const r = await renderDocument(source('README.md', text), LINKS);
      const ms = performance.now() - started;
      // The budget is a time-out on the worker; allow for starting a fresh one.
      expect(ms).toBeLessThan(renderTimeMs() + 10_000);
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
    const text = `<script>alert(1)</script>\n${AMPLIFIED_REFERENCES}`;
    const r = await renderDocument(source('README.md', text), LINKS);
    expect(r.document.status).toBe('fallback');
    expect(r.findings).toEqual([
      expect.objectContaining({
        code: 'DOCUMENT_TOO_COMPLEX',
        message: expect.stringMatching(/its HTML would carry \d+ MB of text, over the 4 MB budget/),
      }),
    ]);
    expect(r.document.html).not.toContain('<script');
    expect(r.document.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('cuts a long ordinary document at a line end with a visible note', async () => {
    // One long code block: cheap to render, so only the size cap is at work.
    const line = 'const plain = "words in a very long but harmless listing";\n';
    const text = `# Big\n\n\`\`\`\n${line.repeat(Math.ceil((DOCUMENT_BUDGET.maxChars * 1.5) / line.length))}`;
    const r = await renderDocument(source('docs/BIG.md', text), LINKS, false, 10_000_000);
    expect(r.document.status).toBe('rendered');
    expect(r.document.truncated).toBe(true);
    // No outline of a cut text: the standards rules read the whole one.
    expect(r.outline).toBeUndefined();
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
        'SECURITY.md': AMPLIFIED_REFERENCES,
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

describe('the render worker', () => {
  it('starts from the TypeScript sources (tsx in the worker), as `npm run agora` runs it', async () => {
    // The suite points AGORA_RENDER_WORKER at the compiled worker (vitest.config.ts); without it, the sources.
    const suite = process.env.AGORA_RENDER_WORKER;
    vi.stubEnv('AGORA_RENDER_WORKER', '');
    const pool = new RenderPool({ size: 1, timeMs: 30_000, memoryMb: DOCUMENT_BUDGET.memoryMb });
    try {
      const r = await pool.run<{ html: string }>({
        type: 'render',
        text: '# From sources\n',
        path: 'README.md',
        markdown: true,
        links: LINKS,
      });
      expect(r.ok && r.value.html).toContain('From sources</h1>');
    } finally {
      await pool.close();
      vi.stubEnv('AGORA_RENDER_WORKER', suite);
    }
  });
});

describe("the README's outline from its render (parsed once)", () => {
  const readme = (text: string) => ({
    facts: { readme: { path: 'README.md', text, truncated: false }, docs: [] },
    files: new Map([
      ['README.md', { path: 'README.md', size: text.length, text, binary: false, truncated: false }],
    ]),
  });
  // Real READMEs with tables, footnotes, autolinks, reference links, HTML and nested lists.
  const REAL = [
    'README.md',
    'node_modules/markdown-it/README.md',
    'node_modules/sanitize-html/README.md',
  ].map((f) => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8'));
  const EDGE = [
    '',
    'just words, https://example.com/a and mailto:x@example.com',
    '# T\n\n[ref]: https://example.com\n\n| a | b |\n|---|---|\n| [x](y) | ~~z~~ |\n\n- [ ] task[^1]\n\n[^1]: note',
    '<details>\n\n## Hidden heading\n\n</details>\n\nSetext\n===\n\n    code block words\n',
  ];

  it('equals the outline the standards rules parse themselves, for every document it is given', async () => {
    for (const text of [...REAL, ...EDGE]) {
      const { facts, files } = readme(text);
      const r = await renderRepoDocuments(REPO, facts, files, { readmeOutlineMaxChars: 100_000 });
      expect(r.readmeOutline?.text).toBe(text);
      expect(r.readmeOutline?.outline).toEqual(markdownOutline(text, 100_000));
    }
  });

  it('is not given for a README longer than the outline parses, or without being asked (nor when cut: above)', async () => {
    const long = readme(`# Long\n\n${'word '.repeat(300)}`);
    expect(
      (await renderRepoDocuments(REPO, long.facts, long.files, { readmeOutlineMaxChars: 1_000 }))
        .readmeOutline,
    ).toBeNull();
    expect((await renderRepoDocuments(REPO, long.facts, long.files)).readmeOutline).toBeNull();
  });
});

/**
 * The parse budget's own tests: a 20 ms budget for a document markdown-it takes 300–700 ms to parse (the ordinary
 * documents next to it are read without the parser, src/render/quick-outline.ts). A fresh pool takes it up.
 */
function underShortBudget(): void {
  beforeAll(async () => {
    await closeRenderPool();
    vi.stubEnv('AGORA_RENDER_TIME_MS', '20');
  });
  afterAll(async () => {
    await closeRenderPool();
    vi.stubEnv('AGORA_RENDER_TIME_MS', '2000');
  });
}

describe('parsing for the standards under the same budget', () => {
  underShortBudget();
  it('throws MarkdownBudgetError for a document too complex to parse, and parses ordinary ones', () => {
    // HTML and images need the parser (src/render/quick-outline.ts declines them).
    expect(() => parseMarkdown(`<br>\n\n${HEAVY_TO_PARSE}`)).toThrow(MarkdownBudgetError);
    const ok = parseMarkdown(`# Title\n\n## Contributing\n\n${'Some words here. '.repeat(100)}`);
    expect(ok.headings.map((h) => h.norm)).toEqual(['title', 'contributing']);
    expect(ok.bodyWords).toBe(301);
  });
});

describe('standards rules on a document over the parse budget', () => {
  underShortBudget();
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
    return t.evaluate(s, t.options(z).parse({ type, ...options }), { now: 0 });
  }

  it('says "not evaluated, because" the README is too complex, and an alternative document still counts', async () => {
    const hostile = subject({
      'README.md': `# Hostile\n\n<br>\n\n${HEAVY_TO_PARSE}`,
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
