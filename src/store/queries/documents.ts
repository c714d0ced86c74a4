// Rendered repository documents (`repo_documents`): replaced in the crawl's per-repo transaction, listed and
// read by the portal, and cached by the portal for a repo stored before documents were rendered at crawl time.

import type { RenderedDocument } from '../../render/budget.ts';
import { chunks, cleanText, type Db, flag, inTransaction } from './shared.ts';

/** A stored document without its HTML, for lists. */
export interface DocumentEntry {
  path: string;
  kind: string;
  title: string;
  truncated: boolean;
  status: string;
}

/** A stored document with its HTML. */
export interface StoredDocument extends DocumentEntry {
  html: string;
  renderedAt: string;
}

function rowOf(repoId: string, d: RenderedDocument, headSha: string | null, now: string) {
  return {
    repo_id: repoId,
    path: cleanText(d.path),
    kind: d.kind,
    title: cleanText(d.title),
    html: cleanText(d.html),
    truncated: flag(d.truncated),
    status: d.status,
    source_size: d.sourceSize,
    head_sha: headSha,
    rendered_at: now,
  };
}

/** Replaces a repo's documents with those rendered from `headSha` (call inside the repo's crawl transaction). */
export async function replaceRepoDocuments(
  db: Db,
  repoId: string,
  documents: readonly RenderedDocument[] | undefined,
  headSha: string | null,
  now: string,
): Promise<void> {
  await db.deleteFrom('repo_documents').where('repo_id', '=', repoId).execute();
  if (!documents?.length) return;
  const seen = new Set<string>();
  const rows = documents
    .filter((d) => !seen.has(d.path) && seen.add(d.path))
    .map((d) => rowOf(repoId, d, headSha, now));
  // HTML can be large: small batches keep one statement's memory modest.
  for (const batch of chunks(rows, 20)) await db.insertInto('repo_documents').values(batch).execute();
}

/** The stored documents of a repo, README first, then by path. */
export async function repoDocumentList(db: Db, repoId: string): Promise<DocumentEntry[]> {
  const rows = await db
    .selectFrom('repo_documents')
    .select(['path', 'kind', 'title', 'truncated', 'status'])
    .where('repo_id', '=', repoId)
    .orderBy('path')
    .execute();
  const list = rows.map((r) => ({
    path: r.path,
    kind: r.kind,
    title: r.title,
    truncated: Number(r.truncated) === 1,
    status: r.status,
  }));
  return list.sort((a, b) => Number(b.kind === 'readme') - Number(a.kind === 'readme'));
}

/** One stored document, or undefined. */
export async function repoDocument(
  db: Db,
  repoId: string,
  path: string,
): Promise<StoredDocument | undefined> {
  const r = await db
    .selectFrom('repo_documents')
    .select(['path', 'kind', 'title', 'truncated', 'status', 'html', 'rendered_at'])
    .where('repo_id', '=', repoId)
    .where('path', '=', path)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    path: r.path,
    kind: r.kind,
    title: r.title,
    truncated: Number(r.truncated) === 1,
    status: r.status,
    html: r.html,
    renderedAt: r.rendered_at,
  };
}

/**
 * Caches a document the portal rendered on demand, only while the repo's HEAD is still `headSha` (a crawl
 * that moved it meanwhile has written its own documents) and only when none is stored for the path.
 */
export async function cacheRepoDocument(
  db: Db,
  repoId: string,
  headSha: string | null,
  document: RenderedDocument,
  now: string,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const repo = await trx.selectFrom('repos').select('head_sha').where('id', '=', repoId).executeTakeFirst();
    if (!repo || repo.head_sha !== headSha) return;
    await trx
      .insertInto('repo_documents')
      .values(rowOf(repoId, document, headSha, now))
      .onConflict((oc) => oc.columns(['repo_id', 'path']).doNothing())
      .execute();
  });
}
