// Errors with stable codes: the CLI maps them to exit statuses and the API to { id, status, message } in one place.

export const ERROR_CODES = {
  CONFIG_INVALID: { exit: 2, status: 400 },
  USAGE: { exit: 2, status: 400 },
  RULESET_INVALID: { exit: 2, status: 400 },
  NOT_FOUND: { exit: 1, status: 404 },
  CRAWL_LOCKED: { exit: 1, status: 409 },
  GIT_FAILED: { exit: 1, status: 500 },
  GIT_TIMEOUT: { exit: 1, status: 504 },
  MIRROR_FETCH_FAILED: { exit: 1, status: 502 },
  SOURCE_FAILED: { exit: 1, status: 502 },
  STORE_FAILED: { exit: 1, status: 500 },
  UNAUTHORIZED: { exit: 2, status: 401 },
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

/** Removes credentials from text: `https://user:token@host` userinfo and well-known token shapes. */
export function redactSecrets(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@:]+(:[^/\s@]*)?@/gi, '$1***@')
    .replace(
      /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{20,})\b/g,
      '***',
    );
}

export function exitCodeFor(err: unknown): number {
  if (err instanceof AgoraError) return ERROR_CODES[err.code].exit;
  return 1;
}
