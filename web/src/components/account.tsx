// Who is signed in (GET /api/v1/me) and a Sign out button, at the end of the site header. Sign-out is a POST
// carrying the CSRF token the same answer gave; the server ends the session and the browser goes to the
// signed-out page. Shows nothing when the portal runs without sign-in (`mode: none`).

import { useState } from 'react';
import { useApi } from '../lib/api.ts';

interface Me {
  signedIn: boolean;
  user: { email: string | null; name: string | null; role: string } | null;
  csrfToken: string | null;
  signInUrl: string | null;
  signOutUrl: string | null;
}

export function Account() {
  const me = useApi<Me>('/api/v1/me');
  const [failed, setFailed] = useState(false);
  if (me.state !== 'ok') return null;
  const { user, signOutUrl, csrfToken, signInUrl } = me.data;
  if (!user) {
    return signInUrl ? (
      <p className="account">
        <a href={signInUrl}>Sign in</a>
      </p>
    ) : null;
  }
  const signOut = async () => {
    if (!signOutUrl) return;
    const res = await fetch(signOutUrl, {
      method: 'POST',
      headers: csrfToken ? { 'x-csrf-token': csrfToken } : {},
    }).catch(() => null);
    if (res?.ok) window.location.assign(res.url);
    else setFailed(true);
  };
  return (
    <p className="account">
      <span>
        Signed in as <strong>{user.name ?? user.email}</strong>
      </span>
      {signOutUrl ? (
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      ) : null}
      {failed ? <span role="alert">Sign-out failed; reload and try again.</span> : null}
    </p>
  );
}
