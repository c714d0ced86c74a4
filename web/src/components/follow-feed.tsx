// "Follow": a link to the Atom feed of a team's (or the organisation's) weekly digest. Feed readers carry no
// session cookie, so a signed-in person gets a private link: "Get my feed link" creates their feed token
// (POST /api/v1/me/feed-token, with the CSRF token of GET /api/v1/me) and shows the link once — it works until
// they revoke it or get a new one. Without sign-in (`mode: none`, or anonymous browsing) the plain link is
// shown: the feed shows what that visitor may see.

import { useState } from 'react';
import { useApi } from '../lib/api.ts';

interface FeedTokenStatus {
  available: boolean;
  exists: boolean;
}

interface Me {
  csrfToken: string | null;
}

export function FollowFeed({ path, what }: { path: string; what: string }) {
  const status = useApi<FeedTokenStatus>('/api/v1/me/feed-token');
  const me = useApi<Me>('/api/v1/me');
  const [link, setLink] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const note = <span className="muted">(Atom feed of {what} weekly digest)</span>;
  if (status.state === 'loading') return null;
  if (status.state !== 'ok' || !status.data.available) {
    return (
      <p>
        <a href={path} type="application/atom+xml" data-testid="follow-feed">
          Follow
        </a>{' '}
        {note}
      </p>
    );
  }
  // Until the CSRF token is known a click would be refused: the buttons wait for it.
  const ready = me.state !== 'loading';
  const csrf: Record<string, string> =
    me.state === 'ok' && me.data.csrfToken ? { 'x-csrf-token': me.data.csrfToken } : {};
  const create = async () => {
    const res = await fetch('/api/v1/me/feed-token', { method: 'POST', headers: csrf }).catch(() => null);
    if (!res?.ok) return setMessage('Could not make a feed link; reload and try again.');
    const { token } = (await res.json()) as { token: string };
    setLink(`${window.location.origin}${path}?token=${encodeURIComponent(token)}`);
    setMessage(null);
  };
  const revoke = async () => {
    const res = await fetch('/api/v1/me/feed-token', { method: 'DELETE', headers: csrf }).catch(() => null);
    setLink(null);
    setMessage(res?.ok ? 'Your feed links no longer work.' : 'Could not revoke; reload and try again.');
  };
  return (
    <div data-testid="follow-feed-private">
      <p>
        Follow {note}:{' '}
        <button type="button" onClick={create} disabled={!ready}>
          {status.data.exists || link ? 'Get a new feed link' : 'Get my feed link'}
        </button>
        {(status.data.exists || link) && (
          <>
            {' '}
            <button type="button" onClick={revoke} disabled={!ready}>
              Revoke my feed links
            </button>
          </>
        )}
      </p>
      {link && (
        <p>
          <a href={link} type="application/atom+xml" data-testid="follow-feed">
            {link}
          </a>
          <br />
          <span className="muted">
            Your private link: paste it into a feed reader and keep it secret. It shows what you may see;
            getting a new link stops this one.
          </span>
        </p>
      )}
      {message && <p role="status">{message}</p>}
    </div>
  );
}
