// Fetches from the portal's JSON API (/api/v1); errors arrive as { id, status, message }.

import { useEffect, useState } from 'react';

export class ApiError extends Error {
  readonly status: number;
  readonly id: string;
  constructor(status: number, id: string, message: string) {
    super(message);
    this.status = status;
    this.id = id;
  }
}

/** GET a JSON document from the API. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  if (res.status === 401 && typeof window !== 'undefined') {
    // The session ended (idle or absolute expiry, sign-out elsewhere): reloading the page lets the server send
    // the browser to sign in and back here.
    window.location.reload();
  }
  if (!res.ok) {
    let body: { id?: string; message?: string } = {};
    try {
      body = await res.json();
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    throw new ApiError(res.status, body.id ?? 'HTTP_' + res.status, body.message ?? res.statusText);
  }
  return (await res.json()) as T;
}

export type Loadable<T> =
  | { state: 'loading'; data?: T }
  | { state: 'ok'; data: T }
  | { state: 'error'; error: Error; data?: T };

/**
 * Loads `path` and reloads when it changes; a newer request aborts the older one, and the previous data
 * stays visible while the next loads (so search-as-you-type does not flash).
 */
export function useApi<T>(path: string | null): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
    if (path === null) return;
    const ctl = new AbortController();
    setResult((prev) => ({ state: 'loading', data: prev.data }));
    getJson<T>(path, ctl.signal).then(
      (data) => setResult({ state: 'ok', data }),
      (error: Error) => {
        if (ctl.signal.aborted) return;
        setResult((prev) => ({ state: 'error', error, data: prev.data }));
      },
    );
    return () => ctl.abort();
  }, [path]);
  return result;
}

export function apiPath(
  path: string,
  params: Record<string, string | number | undefined | null> = {},
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return `/api/v1${path}${s ? `?${s}` : ''}`;
}
