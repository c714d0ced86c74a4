// A campaign's way to a repo's forge: the source that listed the repo (its API, its token), the forge's
// pull-request writes, and `open`: push the fix branch (to the repo, or to a fork when the token may not push
// there, e.g. a fork-only permission) and open the pull request from it.

import type { LoadedConfig } from '../config/schema.ts';
import { AgoraError } from '../errors.ts';
import { setHostCredentials } from '../git/mirror.ts';
import { forges } from '../sources/forge/api.ts';
import { ForgeHttp } from '../sources/forge/http.ts';
import { type ForgePulls, forgePulls, type PullRepo } from '../sources/forge/pulls.ts';
import { ForgeSource } from '../sources/forge/source.ts';
import type { ForgeType } from '../sources/forge/types.ts';
import { sourcesFromConfig } from '../sources/registry.ts';
import type { ForgeTargetRow } from '../store/queries/program.ts';
import { type FixFile, prepareFixCommit, pushFixCommit, scratchGitDir } from './fix-branch.ts';

export interface OpenInput {
  branch: string;
  baseBranch: string;
  files: readonly FixFile[];
  title: string;
  body: string;
  message: string;
}

export interface ForgeContext {
  type: ForgeType;
  upstream: PullRepo & { owner: string };
  pulls: ForgePulls;
  /** Pushes the branch and opens the pull request; null when every file exists on the default branch. */
  open(input: OpenInput): Promise<{ number: number; url: string; headRepo: string; files: string[] } | null>;
}

let sourceCache: { loaded: LoadedConfig; sources: Map<string, ForgeSource> } | null = null;

function forgeSources(loaded: LoadedConfig): Map<string, ForgeSource> {
  if (sourceCache?.loaded !== loaded) {
    const sources = new Map<string, ForgeSource>();
    for (const s of sourcesFromConfig(loaded)) if (s instanceof ForgeSource) sources.set(s.name, s);
    sourceCache = { loaded, sources };
  }
  return sourceCache.sources;
}

/** Whether a git failure is the forge refusing the token write access (then the fix goes through a fork). */
function refusedWrite(err: unknown): boolean {
  return /\b(403|401)\b|denied|not allowed|permission/i.test((err as Error).message ?? '');
}

/** The forge context of a stored repo, or null when it was not listed by a configured forge source. */
export function forgeContext(loaded: LoadedConfig, target: ForgeTargetRow): ForgeContext | null {
  const source = forgeSources(loaded).get(target.source);
  if (!source || !target.forgeType) return null;
  const config = source.config;
  const module = forges.get(config.type);
  if (!module) return null;
  const token = config.tokenEnv ? process.env[config.tokenEnv] : undefined;
  if (!token || !config.tokenEnv) return null;
  const http = new ForgeHttp({
    apiUrl: source.api,
    authorization: module.authHeader(token),
    concurrency: config.concurrency,
    timeoutMs: config.timeoutSeconds * 1000,
  });
  const credentials = { username: module.gitUsername, passwordEnv: config.tokenEnv };
  const pulls = forgePulls(config.type, source.api, http);
  const upstream = {
    fullName: target.fullName,
    forgeId: target.forgeId,
    owner: target.fullName.split('/').slice(0, -1).join('/'),
  };
  const cloneUrl = target.location;
  setHostCredentials(cloneUrl, credentials);
  return {
    type: config.type,
    upstream,
    pulls,
    async open(input) {
      const scratch = await scratchGitDir();
      try {
        const commit = await prepareFixCommit(
          { baseUrl: cloneUrl, baseBranch: input.baseBranch, files: input.files, message: input.message },
          scratch.gitDir,
        );
        if (!commit) return null;
        let head: PullRepo & { owner: string } = upstream;
        try {
          await pushFixCommit(scratch.gitDir, commit.commit, cloneUrl, input.branch);
        } catch (err) {
          if (!refusedWrite(err)) throw err;
          // The token may read but not push: push to its fork and open the pull request from there.
          const fork = await pulls.fork(upstream);
          setHostCredentials(fork.cloneUrl, credentials);
          await pushFixCommit(scratch.gitDir, commit.commit, fork.cloneUrl, input.branch);
          head = fork;
        }
        const pr = await pulls.create(upstream, {
          head: { repo: head, branch: input.branch },
          base: input.baseBranch,
          title: input.title,
          body: input.body,
        });
        return { ...pr, headRepo: head.fullName, files: commit.added };
      } catch (err) {
        if (err instanceof AgoraError) throw err;
        throw new AgoraError('GIT_FAILED', (err as Error).message);
      } finally {
        await scratch.done();
      }
    },
  };
}
