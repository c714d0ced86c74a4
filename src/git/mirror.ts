// Bare, blobless mirrors of remote repositories in the data directory: cloned once, then `git fetch --prune`;
// blobs are fetched only when needed, in one batch (a lazy fetch per object is orders of magnitude slower).

import { createHash, randomBytes } from 'node:crypto';
import { access, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AgoraError, redactSecrets } from '../errors.ts';
import { makeDirs } from '../make-dirs.ts';
import { type GitOptions, runGit } from './exec.ts';
import { displayableUrl, parseRemoteUrl } from './remote-url.ts';

export interface MirrorOptions extends Pick<GitOptions, 'env'> {
  /** Time-out of the clone or fetch; default 10 minutes. */
  timeoutMs?: number;
  /** Fetch even if the mirror exists (default true); false only ensures it exists. */
  fetch?: boolean;
  /** The default branch as the forge reports it: HEAD is pointed at it when the mirror has it. */
  branch?: string;
}

export interface MirrorResult {
  gitDir: string;
  /** True when a clone or fetch ran. */
  fetched: boolean;
  /** True when refs changed (a new clone, or a fetch that moved anything). */
  changed: boolean;
}

const NETWORK_TIMEOUT_MS = 10 * 60_000;

/** The URL without credentials (see `parseRemoteUrl`): what names a mirror, so rotating a token keeps it. */
export function mirrorKeyUrl(url: string): string {
  return parseRemoteUrl(url).clean;
}

/**
 * A credential helper, given as config through GIT_CONFIG_* (not argv, which every local user can read in
 * `ps`): it prints the user name and password from the environment of the git call, so neither appears on
 * any command line nor in the mirror's config. Scoped to the URL's origin; other helpers are reset for it.
 */
const CREDENTIAL_HELPER =
  '!f() { test "$1" = get || exit 0; printf \'username=%s\\npassword=%s\\n\' "$AGORA_GIT_USERNAME" "$AGORA_GIT_PASSWORD"; }; f';

/** A forge's git credentials: a user name and the NAME of the environment variable holding the token. */
export interface HostCredentials {
  username: string;
  passwordEnv: string;
}

const hostCredentials = new Map<string, HostCredentials>();

/**
 * Makes git authenticate to a clone URL (or to every URL of an origin, `https://host:port`) with the token in
 * `passwordEnv`, through the same credential helper as URL userinfo: forge sources register their repos'
 * clone URLs, which stay credential-free. A URL's own registration wins over its origin's, so two sources on
 * one host with different tokens each clone with their own. The token is read from the environment at each
 * git call, so it is kept in no object that could be printed.
 */
export function setHostCredentials(urlOrOrigin: string, credentials: HostCredentials | null): void {
  const key = credentialKey(urlOrOrigin);
  if (credentials) hostCredentials.set(key, credentials);
  else hostCredentials.delete(key);
}

function credentialKey(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/i.exec(url.replace(/\/+$/, ''));
  return m ? m[1].toLowerCase() + m[2] : url;
}

/**
 * Environment that lets git reach `url` while only the credential-free URL is on its command line and in
 * the mirror's config: userinfo through a credential helper fed by env, credential query parameters (which
 * git must send) through an `insteadOf` rewrite of the clean URL.
 */
export function credentialEnv(url: string, env: Record<string, string> = {}): Record<string, string> {
  const remote = parseRemoteUrl(url);
  const config: [string, string][] = [];
  if (remote.withQueryCredentials !== remote.clean) {
    config.push([`url.${remote.withQueryCredentials}.insteadOf`, remote.clean]);
  }
  const extra: Record<string, string> = {};
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(remote.clean)?.[0] ?? remote.clean;
  const forHost =
    remote.username === null
      ? (hostCredentials.get(credentialKey(remote.clean)) ?? hostCredentials.get(origin.toLowerCase()))
      : undefined;
  const password = forHost ? process.env[forHost.passwordEnv] : undefined;
  if (remote.username !== null || (forHost && password)) {
    config.push(['credential.helper', ''], [`credential.${origin}.helper`, CREDENTIAL_HELPER]);
    extra.AGORA_GIT_USERNAME = remote.username ?? forHost?.username ?? '';
    extra.AGORA_GIT_PASSWORD = remote.username !== null ? (remote.password ?? '') : (password ?? '');
  }
  if (config.length === 0) return env;
  const out: Record<string, string> = { ...env, ...extra, GIT_CONFIG_COUNT: String(config.length) };
  config.forEach(([key, value], i) => {
    out[`GIT_CONFIG_KEY_${i}`] = key;
    out[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return out;
}

/**
 * Folder name of a URL's mirror: a readable name plus a hash of the credential-free URL, query and fragment
 * included (URLs that differ only there may be different repositories).
 */
export function mirrorName(url: string): string {
  const clean = displayableUrl(url);
  const hash = createHash('sha256').update(clean).digest('hex').slice(0, 12);
  const last = clean
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .split(/[/:]/)
    .filter(Boolean)
    .slice(-2)
    .join('-');
  const safe =
    last
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[.-]+/, '')
      .slice(0, 60) || 'repo';
  return `${safe}-${hash}.git`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

function fetchFailed(what: string, url: string, err: unknown): AgoraError {
  if (err instanceof AgoraError && err.code === 'GIT_TIMEOUT') return err;
  const stderr = (err as AgoraError)?.details as { stderr?: string } | undefined;
  return new AgoraError(
    'MIRROR_FETCH_FAILED',
    `${what} of ${displayableUrl(url)} failed: ${redactSecrets(stderr?.stderr ?? (err as Error)?.message ?? String(err))}`,
    { cause: err, details: { url: displayableUrl(url) } },
  );
}

async function refsFingerprint(gitDir: string): Promise<string> {
  const { stdout } = await runGit(['for-each-ref', '--format=%(objectname) %(refname)'], { gitDir });
  return createHash('sha256').update(stdout).digest('hex');
}

/**
 * Clones `url` as a bare blobless mirror under `dataDir/mirrors/`, or fetches into the existing one. The
 * commit-graph is rewritten after a fetch that moved refs. Errors are MIRROR_FETCH_FAILED or GIT_TIMEOUT.
 */
export async function ensureMirror(
  url: string,
  dataDir: string,
  opts: MirrorOptions = {},
): Promise<MirrorResult> {
  const root = join(dataDir, 'mirrors');
  const gitDir = join(root, mirrorName(url));
  const timeoutMs = opts.timeoutMs ?? NETWORK_TIMEOUT_MS;
  const clean = mirrorKeyUrl(url);
  const env = credentialEnv(url, opts.env);
  try {
    makeDirs(root);
  } catch (err) {
    throw new AgoraError('MIRROR_FETCH_FAILED', `cannot keep mirrors in ${root}: ${(err as Error).message}`);
  }

  if (!(await exists(join(gitDir, 'HEAD')))) {
    // Clone next to the final place and rename, so an interrupted clone never looks like a mirror.
    // Unique per attempt: two workers (or processes) cloning at once must never share a folder.
    const partial = `${gitDir}.partial-${process.pid}-${randomBytes(6).toString('hex')}`;
    try {
      await runGit(['clone', '--bare', '--filter=blob:none', '--no-tags', '--quiet', '--', clean, partial], {
        timeoutMs,
        env,
        network: true,
      });
      // Keep every branch current on fetch (a bare clone's default refspec would not update them all).
      await runGit(['config', 'remote.origin.fetch', '+refs/heads/*:refs/heads/*'], { gitDir: partial });
      await runGit(['config', 'remote.origin.tagOpt', '--no-tags'], { gitDir: partial });
      await writeCommitGraph(partial);
      await renameUnlessRaced(partial, gitDir);
    } catch (err) {
      await rm(partial, { recursive: true, force: true });
      throw fetchFailed('clone', url, err);
    }
    return { gitDir, fetched: true, changed: true };
  }
  if (opts.fetch === false) return { gitDir, fetched: false, changed: false };

  const before = await refsFingerprint(gitDir);
  try {
    // The URL may carry a fresh token: it reaches git through `env`, never the mirror's config. Point origin
    // at the clean URL in case the repository moved.
    await runGit(['config', 'remote.origin.url', clean], { gitDir });
    await runGit(['fetch', '--prune', '--quiet', 'origin'], { gitDir, timeoutMs, env, network: true });
  } catch (err) {
    throw fetchFailed('fetch', url, err);
  }
  try {
    await repairHead(gitDir, opts.branch, { timeoutMs, env });
  } catch (err) {
    throw fetchFailed('default branch lookup', url, err);
  }
  const changed = (await refsFingerprint(gitDir)) !== before;
  if (changed) await writeCommitGraph(gitDir);
  return { gitDir, fetched: true, changed };
}

/** Moves a finished clone into place; another worker that finished first wins, and its mirror is used. */
async function renameUnlessRaced(partial: string, gitDir: string): Promise<void> {
  try {
    await rename(partial, gitDir);
  } catch (err) {
    if (!(await exists(join(gitDir, 'HEAD')))) throw err;
    await rm(partial, { recursive: true, force: true });
  }
}

/**
 * Keeps the mirror's HEAD on the remote's default branch: set to `branch` when given, and re-read from the
 * remote (one `ls-remote`) when the branch HEAD named was pruned, e.g. after a default-branch rename.
 */
async function repairHead(
  gitDir: string,
  branch: string | undefined,
  opts: Pick<GitOptions, 'timeoutMs' | 'env'>,
): Promise<void> {
  const has = async (ref: string) =>
    (await runGit(['rev-parse', '--verify', '-q', `${ref}^{commit}`], { gitDir, okExitCodes: [1] }))
      .exitCode === 0;
  if (
    branch &&
    /^[^\s~^:?*[\\]+$/.test(branch) &&
    !branch.startsWith('-') &&
    (await has(`refs/heads/${branch}`))
  ) {
    await runGit(['symbolic-ref', 'HEAD', `refs/heads/${branch}`], { gitDir });
    return;
  }
  if (await has('HEAD')) return;
  const { stdout } = await runGit(['ls-remote', '--symref', 'origin', 'HEAD'], {
    gitDir,
    ...opts,
    network: true,
  });
  const match = /^ref: (refs\/heads\/\S+)\tHEAD$/m.exec(stdout.toString('utf8'));
  if (match && (await has(match[1]))) await runGit(['symbolic-ref', 'HEAD', match[1]], { gitDir });
}

async function writeCommitGraph(gitDir: string): Promise<void> {
  await runGit(['commit-graph', 'write', '--reachable', '--split'], {
    gitDir,
    timeoutMs: NETWORK_TIMEOUT_MS,
  });
}

const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * Fetches the given blobs into a blobless mirror in ONE request (what a lazy fetch would do per object).
 * Returns how many were asked for; oids the mirror already has should be filtered out by the caller
 * (see `missingObjects`).
 */
export async function prefetchBlobs(
  gitDir: string,
  oids: string[],
  opts: Pick<GitOptions, 'env' | 'timeoutMs'> & {
    /** The URL with credentials, if any. */ url?: string;
  } = {},
): Promise<number> {
  const wanted = [...new Set(oids.filter((o) => OID.test(o)))];
  if (wanted.length === 0) return 0;
  try {
    await runGit(
      [
        '-c',
        'fetch.negotiationAlgorithm=noop',
        'fetch',
        'origin',
        '--no-tags',
        '--no-write-fetch-head',
        '--recurse-submodules=no',
        '--filter=blob:none',
        '--quiet',
        '--stdin',
      ],
      {
        gitDir,
        input: wanted.join('\n') + '\n',
        timeoutMs: opts.timeoutMs ?? NETWORK_TIMEOUT_MS,
        env: opts.url ? credentialEnv(opts.url, opts.env) : opts.env,
        network: true,
      },
    );
  } catch (err) {
    throw fetchFailed('blob prefetch', opts.url ?? 'origin', err);
  }
  return wanted.length;
}

/**
 * Objects reachable from `rev`'s tree (not its history) that the repository lacks: in a blobless mirror,
 * the blobs never fetched. One git call, no object contents read.
 */
export async function missingObjects(
  gitDir: string,
  rev: string,
  opts: Pick<GitOptions, 'timeoutMs'> = {},
): Promise<Set<string>> {
  const { stdout } = await runGit(
    ['rev-list', '--objects', '--no-walk', '--missing=print', '--end-of-options', rev],
    {
      gitDir,
      timeoutMs: opts.timeoutMs,
    },
  );
  const missing = new Set<string>();
  let start = 0;
  for (;;) {
    const end = stdout.indexOf(0x0a, start);
    const line = stdout.toString('latin1', start, end < 0 ? stdout.length : end);
    if (line.startsWith('?')) missing.add(line.slice(1).trim());
    if (end < 0) break;
    start = end + 1;
  }
  return missing;
}
