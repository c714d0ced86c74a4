// The portal's rendered documents: the stored HTML the crawl made, and for a repo stored before documents were
// rendered at crawl time, a render on demand in the render pool (same budget, never on the event loop) that is
// cached in the store. Concurrent requests for the same document share one render.

import { RENDERED_KINDS, renderDocument, type StoredText, sourceOf } from '../render/documents.ts';
import { documentLinks, documentPagePath, sourceFileBase } from '../render/links.ts';
import type { Store } from '../store/db.ts';
import type { DocumentEntry } from '../store/queries/documents.ts';
import type { DocumentResponse, DocumentSummary } from './api-types.ts';
import type { ProjectRecord } from './catalogue.ts';

const inFlight = new Map<string, Promise<DocumentResponse | null>>();

/** One document of a project (stored, else rendered now and cached); null when it is not a readable document. */
export function readDocument(store: Store, p: ProjectRecord, path: string): Promise<DocumentResponse | null> {
  const key = `${p.summary.id}\u0000${path}`;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = loadDocument(store, p, path).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

async function loadDocument(store: Store, p: ProjectRecord, path: string): Promise<DocumentResponse | null> {
  const q = await import('../store/queries/documents.ts');
  const repo = repoOf(p);
  const stored = await q.repoDocument(store.db, repo.id, path);
  if (stored) return present(repo, stored, stored.html);

  const kind = knownKinds(p).get(path) ?? (/\.(md|markdown)$/i.test(path) ? 'linked' : null);
  if (!kind) return null;
  const { portalRepoFile } = await import('../store/queries/portal.ts');
  const file = await portalRepoFile(store.db, repo.id, path);
  const files = new Map<string, StoredText>();
  if (file) {
    files.set(path, {
      path,
      size: file.size,
      text: file.binary === 1 ? null : file.content,
      binary: file.binary === 1,
      truncated: file.truncated === 1,
    });
  }
  const source = sourceOf(path, kind, { readme: p.facts.readme ?? null }, files);
  if (!source) return null;
  const links = documentLinks(repo, knownKinds(p).keys());
  const rendered = await renderDocument(source, links);
  if (rendered.document.status === 'rendered' || rendered.overBudget) {
    // Cached only while HEAD is the one rendered from; a failure to cache (a busy store) only costs a re-render.
    await q
      .cacheRepoDocument(store.db, repo.id, p.row.head_sha, rendered.document, new Date().toISOString())
      .catch(() => {});
  }
  return present(repo, rendered.document, rendered.document.html);
}

/** The documents of a project: those stored, and (for a repo stored before rendering) those it has. */
export async function listDocuments(store: Store, p: ProjectRecord): Promise<DocumentSummary[]> {
  const q = await import('../store/queries/documents.ts');
  const repo = repoOf(p);
  const stored = await q.repoDocumentList(store.db, repo.id);
  const seen = new Set(stored.map((d) => d.path));
  const entries: DocumentEntry[] = [...stored];
  for (const [path, kind] of knownKinds(p)) {
    if (seen.has(path)) continue;
    entries.push({
      path,
      kind,
      title: path.slice(path.lastIndexOf('/') + 1),
      truncated: false,
      status: 'unrendered',
    });
  }
  return entries.map((d) => summaryOf(repo, d));
}

/** Paths of the project's renderable documents (from its facts) and their kinds, README first. */
function knownKinds(p: ProjectRecord): Map<string, string> {
  const out = new Map<string, string>();
  if (p.facts.readme) out.set(p.facts.readme.path, 'readme');
  for (const d of p.facts.docs ?? []) {
    if (!d.inherited && RENDERED_KINDS.has(d.kind) && !out.has(d.path)) out.set(d.path, d.kind);
  }
  return out;
}

interface Repo {
  id: string;
  webUrl: string | null;
  branch: string | null;
}

function repoOf(p: ProjectRecord): Repo {
  return { id: p.summary.id, webUrl: p.row.web_url, branch: p.row.default_branch };
}

function summaryOf(repo: Repo, d: DocumentEntry): DocumentSummary {
  return {
    path: d.path,
    kind: d.kind,
    title: d.title,
    truncated: d.truncated,
    pageUrl: documentPagePath(repo.id, d.path),
    sourceUrl: sourceFileBase(repo) + d.path.split('/').map(encodeURIComponent).join('/'),
  };
}

function present(repo: Repo, d: DocumentEntry, html: string): DocumentResponse {
  return { ...summaryOf(repo, d), projectId: repo.id, html, status: d.status };
}
