// A tiny history-based router: the path picks the page, the query string holds the page's state, so any
// view can be shared as a link and restored by the back button.

import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

export type Route =
  | { page: 'explore' }
  | { page: 'project'; id: string }
  | { page: 'document'; id: string; path: string | null; kind: string | null }
  | { page: 'teams' }
  | { page: 'team'; id: string }
  | { page: 'dashboard' }
  | { page: 'standards' }
  | { page: 'graph' }
  | { page: 'gigs' }
  | { page: 'get-listed' }
  | { page: 'crawls' }
  | { page: 'campaigns' }
  | { page: 'campaign'; id: string }
  | { page: 'pilots' }
  | { page: 'pilot'; id: string }
  | { page: 'not-found' };

const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) window.addEventListener('popstate', notify);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

/** The current path and query; re-renders on navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const at = href.indexOf('?');
  const path = at === -1 ? href : href.slice(0, at);
  return { path, query: new URLSearchParams(at === -1 ? '' : href.slice(at + 1)) };
}

/** Goes to `to` (a path with optional query). `replace` keeps typing in a search box out of the history. */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  if (!opts.replace) window.scrollTo(0, 0);
  notify();
}

/** Builds `path?query` from a record, dropping empty values so URLs stay short. */
export function href(path: string, params: Record<string, string | number | undefined | null> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Maps a path to a page. Ids are URL-encoded path segments (`local%3Apayments-api`). */
export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean);
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  if (parts.length === 0) return { page: 'explore' };
  const [head, rest] = [parts[0], parts.slice(1)];
  if (head === 'projects' && rest.length === 1) return { page: 'project', id: decode(rest[0]) };
  if (head === 'projects' && rest.length >= 3 && rest[1] === 'docs') {
    return { page: 'document', id: decode(rest[0]), path: rest.slice(2).map(decode).join('/'), kind: null };
  }
  if (head === 'projects' && rest.length === 2 && rest[1] === 'contributing') {
    return { page: 'document', id: decode(rest[0]), path: null, kind: 'contributing' };
  }
  if (head === 'projects' && rest.length === 0) return { page: 'explore' };
  if (head === 'teams' && rest.length === 0) return { page: 'teams' };
  if (head === 'teams' && rest.length === 1) return { page: 'team', id: decode(rest[0]) };
  if (head === 'campaigns' && rest.length === 1) return { page: 'campaign', id: decode(rest[0]) };
  if (head === 'pilots' && rest.length === 1) return { page: 'pilot', id: decode(rest[0]) };
  if (rest.length > 0) return { page: 'not-found' };
  if (head === 'dashboard') return { page: 'dashboard' };
  if (head === 'standards') return { page: 'standards' };
  if (head === 'graph') return { page: 'graph' };
  if (head === 'get-listed') return { page: 'get-listed' };
  if (head === 'crawls') return { page: 'crawls' };
  if (head === 'campaigns') return { page: 'campaigns' };
  if (head === 'pilots') return { page: 'pilots' };
  if (head === 'gigs') return { page: 'gigs' };
  return { page: 'not-found' };
}

export function projectPath(id: string): string {
  return `/projects/${encodeURIComponent(id)}`;
}

/** The portal page of a project's rendered document (README, CONTRIBUTING, …). */
export function documentPath(id: string, path: string): string {
  return `${projectPath(id)}/docs/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** The portal page of a project's contributing guide, whatever its file is called. */
export function contributingPath(id: string): string {
  return `${projectPath(id)}/contributing`;
}

export function teamPath(id: string): string {
  return `/teams/${encodeURIComponent(id)}`;
}

/** An anchor that navigates in-app on a plain click and behaves like a link otherwise (new tab, copy). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const { to, onClick, ...rest } = props;
  function click(e: MouseEvent<HTMLAnchorElement>) {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  }
  return <a href={to} onClick={click} {...rest} />;
}
