// Where the links of a rendered document point: a repo file's source (the forge's blob view, else the portal's
// file route), a stored image, or the portal page of another rendered document of the same repo.

import type { DocumentLinks } from './budget.ts';

/** The repository a document belongs to: where its links point. */
export interface DocumentRepo {
  id: string;
  webUrl: string | null;
  branch: string | null;
}

/** Prefix of a repo file's source URL: the forge's blob view when the web URL is known, else the portal's file route. */
export function sourceFileBase(repo: DocumentRepo): string {
  if (repo.webUrl) return `${repo.webUrl.replace(/\/+$/, '')}/blob/${repo.branch ?? 'HEAD'}/`;
  return `/api/v1/projects/${encodeURIComponent(repo.id)}/files/`;
}

/** The portal page of a rendered document. */
export function documentPagePath(repoId: string, path: string): string {
  return `/projects/${encodeURIComponent(repoId)}/docs/${encodePath(path)}`;
}

/** Where a repo's document links go; links to `documents` stay in the portal. */
export function documentLinks(repo: DocumentRepo, documents: Iterable<string>): DocumentLinks {
  return {
    fileBase: sourceFileBase(repo),
    imageBase: `/api/v1/projects/${encodeURIComponent(repo.id)}/files/`,
    docBase: documentPagePath(repo.id, ''),
    documents: [...documents],
  };
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
