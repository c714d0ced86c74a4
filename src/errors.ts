// Errors with stable codes: the CLI maps them to exit statuses and the API to { id, status, message } in one place.

export const ERROR_CODES = {
  CONFIG_INVALID: { exit: 2, status: 400 },
  USAGE: { exit: 2, status: 400 },
  RULESET_INVALID: { exit: 2, status: 400 },
  NOT_FOUND: { exit: 1, status: 404 },
  CRAWL_LOCKED: { exit: 1, status: 409 },
  CONFLICT: { exit: 1, status: 409 },
  GIT_FAILED: { exit: 1, status: 500 },
  GIT_TIMEOUT: { exit: 1, status: 504 },
  MIRROR_FETCH_FAILED: { exit: 1, status: 502 },
  SOURCE_FAILED: { exit: 1, status: 502 },
  FORGE_AUTH: { exit: 1, status: 502 },
  FORGE_RATE_LIMITED: { exit: 1, status: 503 },
  FORGE_UNAVAILABLE: { exit: 1, status: 502 },
  FORGE_NOT_FOUND: { exit: 1, status: 502 },
  FORGE_BAD_RESPONSE: { exit: 1, status: 502 },
  STORE_FAILED: { exit: 1, status: 500 },
  UNAUTHORIZED: { exit: 2, status: 401 },
  FORBIDDEN: { exit: 2, status: 403 },
  INTERNAL: { exit: 1, status: 500 },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error Agora knows how to explain: a stable code, a message for people, optional details. */
export class AgoraError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(redactSecrets(message), { cause: options.cause });
    this.name = 'AgoraError';
    this.code = code;
    this.details = options.details;
  }
}

/**
 * Query or fragment parameters that carry credentials (`private_token`, `access_token`, `sig`,
 * `X-Amz-Signature`, `password`, …): matched on the name, so a new forge's `foo_token` is covered too.
 */
const CREDENTIAL_PARAM = /token|secret|passw|pwd|sig|credential|key|auth|jwt|session|sas/i;

/** Whether a URL query or fragment parameter of this name holds a credential. */
export function isCredentialParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // a malformed escape: judge the raw name
  }
  return CREDENTIAL_PARAM.test(decoded);
}

/**
 * Removes credentials from text: `https://user:token@host` userinfo, the values of credential-like query
 * parameters (`?private_token=…`), and well-known token shapes.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@:]+(:[^/\s@]*)?@/gi, '$1***@')
    .replace(/([?&#;])([^=&#;\s?'"]+)=([^&#;\s'"]*)/g, (all, sep: string, name: string, value: string) =>
      value !== '' && value !== '***' && isCredentialParam(name) ? `${sep}${name}=***` : all,
    )
    .replace(
      /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,})\b/g,
      '***',
    );
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof AgoraError) return ERROR_CODES[err.code].exit;
  return 1;
}
