// Splits a remote URL into what may be stored and shown (no userinfo, no credential-like query parameters)
// and the credentials git needs to reach it, so no credential ends up in an id, a name, a log or `ps`.

import { isCredentialParam } from '../errors.ts';

export interface RemoteUrl {
  /** Safe to store, show and name things by: userinfo and credential parameters removed. */
  clean: string;
  /** `clean` plus the credential parameters (git must send those); userinfo never. */
  withQueryCredentials: string;
  /** Decoded userinfo of an http(s) URL, handed to git by a credential helper. */
  username: string | null;
  password: string | null;
}

const URL_SHAPE = /^([a-z][a-z0-9+.-]*:\/\/)(?:([^/?#]*)@)?([^?#]*)(\?[^#]*)?(#.*)?$/i;

/** Keeps the parameters of a query (`?…`) or fragment (`#…`) for which `keep` says so; '' when none is left. */
function filterParams(part: string | undefined, keep: (name: string) => boolean): string {
  if (!part) return '';
  const body = part.slice(1);
  // A fragment that is not `name=value` pairs (`#main`) is not a credential.
  if (part[0] === '#' && !body.includes('=')) return part;
  const kept = body.split('&').filter((p) => p !== '' && keep(p.split('=')[0]));
  return kept.length ? `${part[0]}${kept.join('&')}` : '';
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Parses `url`; scp-like (`git@host:path`) and plain paths carry no credentials and come back as given. */
export function parseRemoteUrl(url: string): RemoteUrl {
  const m = URL_SHAPE.exec(url);
  if (!m) return { clean: url, withQueryCredentials: url, username: null, password: null };
  const [, scheme, userinfo, rest, query, fragment] = m;
  const http = /^https?:\/\/$/i.test(scheme);
  // ssh's user name (`ssh://git@host/…`) is an account, not a secret; its password would be one.
  const keptUser = !http && userinfo ? `${userinfo.split(':')[0]}@` : '';
  const shownQuery = filterParams(query, (n) => !isCredentialParam(n));
  const shownFragment = filterParams(fragment, (n) => !isCredentialParam(n));
  let username: string | null = null;
  let password: string | null = null;
  if (http && userinfo !== undefined && userinfo !== '') {
    const colon = userinfo.indexOf(':');
    username = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
    password = colon < 0 ? '' : decode(userinfo.slice(colon + 1));
  }
  return {
    clean: `${scheme}${keptUser}${rest}${shownQuery}${shownFragment}`,
    withQueryCredentials: `${scheme}${keptUser}${rest}${query ?? ''}${fragment ?? ''}`,
    username,
    password,
  };
}

/** The URL with no credentials at all, not even an ssh user name: what is stored and shown. */
export function displayableUrl(url: string): string {
  const m = URL_SHAPE.exec(url);
  if (!m) return url;
  const { clean } = parseRemoteUrl(url);
  return clean.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1');
}
