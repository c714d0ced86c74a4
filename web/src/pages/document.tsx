// A repository document (README, CONTRIBUTING, CODE_OF_CONDUCT, SECURITY, …) rendered inside the portal like the
// README, with a link to its source file. `/projects/:id/contributing` finds the project's contributing guide.

import { ServerHtml } from '../components/server-html.tsx';
import { LoadState } from '../components/status.tsx';
import { ApiError, apiPath, useApi } from '../lib/api.ts';
import { Link, projectPath } from '../lib/router.tsx';
import type { DocumentResponse, DocumentsResponse } from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';

const KIND_LABEL: Record<string, string> = {
  contributing: 'contributing guide',
  code_of_conduct: 'code of conduct',
  security: 'security policy',
  support: 'support guide',
};

export function DocumentPage({ id, path, kind }: { id: string; path: string | null; kind: string | null }) {
  const base = `/projects/${encodeURIComponent(id)}`;
  const list = useApi<DocumentsResponse>(path === null ? apiPath(`${base}/documents`) : null);
  const found = list.state === 'ok' ? list.data.items.find((d) => d.kind === kind) : undefined;
  const chosen = path ?? found?.path ?? null;
  const doc = useApi<DocumentResponse>(
    chosen ? apiPath(`${base}/documents/${chosen.split('/').map(encodeURIComponent).join('/')}`) : null,
  );
  const d = doc.state === 'ok' ? doc.data : undefined;
  useTitle(d ? d.title : 'Document');
  const projectName = id.slice(id.indexOf(':') + 1);
  const missing = doc.state === 'error' && doc.error instanceof ApiError && doc.error.status === 404;

  return (
    <article className="page document" aria-labelledby="document-title">
      <p className="breadcrumb">
        <Link to="/">Explore</Link> <span aria-hidden="true">/</span>{' '}
        <Link to={projectPath(id)}>{projectName}</Link> <span aria-hidden="true">/</span>{' '}
        {d?.path ?? chosen ?? KIND_LABEL[kind ?? ''] ?? 'document'}
      </p>
      <h1 id="document-title">{d?.title ?? 'Document'}</h1>
      {path === null && <LoadState result={list} what="the project's documents" />}
      {path === null && list.state === 'ok' && !found && (
        <p className="muted">
          This project has no {KIND_LABEL[kind ?? ''] ?? 'such document'} yet.{' '}
          <Link to={`${projectPath(id)}#contribute`}>See how to get in touch</Link>.
        </p>
      )}
      {missing ? (
        <p className="muted">
          This document is not stored in the portal. <Link to={projectPath(id)}>Back to the project</Link>.
        </p>
      ) : (
        chosen && <LoadState result={doc} what="the document" />
      )}
      {d && (
        <>
          <p className="document-source">
            <a href={d.sourceUrl} data-testid="document-source">
              View the source file <code>{d.path}</code>
            </a>
            {d.status === 'fallback' && (
              <span className="muted"> · too complex to render; shown as plain text</span>
            )}
          </p>
          <section className="panel" aria-label={d.title}>
            <ServerHtml html={d.html} testId="document" />
          </section>
        </>
      )}
    </article>
  );
}
