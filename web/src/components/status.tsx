// Loading and error states shared by the pages, announced politely to screen readers.

import type { Loadable } from '../lib/api.ts';

export function LoadState<T>({ result, what }: { result: Loadable<T>; what: string }) {
  if (result.state === 'error') {
    return (
      <div className="notice error" role="alert">
        <p>
          Could not load {what}: {result.error.message}
        </p>
      </div>
    );
  }
  if (result.state === 'loading' && result.data === undefined) {
    return (
      <p className="loading" role="status">
        Loading {what}…
      </p>
    );
  }
  return null;
}
