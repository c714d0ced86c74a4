import { describe, expect, it } from 'vitest';
import { gitdir } from '../../test/helpers/gitdir.ts';
import { AgoraError } from '../errors.ts';
import { gitEnv, runGit, splitRecords, streamGit } from './exec.ts';

async function* chunksOf(...parts: string[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}

async function collect(source: AsyncIterable<Buffer>): Promise<string[]> {
  const out: string[] = [];
  for await (const r of source) out.push(r.toString());
  return out;
}

describe('runGit', () => {
  it('returns stdout of a read in the fixed environment', async () => {
    const repo = await gitdir({ 'a.txt': 'A' }, { bare: true });
    const { stdout } = await runGit(['rev-parse', '--is-bare-repository'], { gitDir: repo });
    expect(stdout.toString().trim()).toBe('true');
    const env = gitEnv();
    expect(env.LC_ALL).toBe('C.UTF-8');
    expect(env.GIT_NO_LAZY_FETCH).toBe('1');
    expect(env.GIT_OPTIONAL_LOCKS).toBe('0');
    expect(env.GIT_ALLOW_PROTOCOL).toBe('agora-read-only');
    expect(gitEnv({ network: true }).GIT_ALLOW_PROTOCOL).toBe(process.env.GIT_ALLOW_PROTOCOL);
  });

  it('fails with GIT_FAILED and redacted stderr', async () => {
    const repo = await gitdir({ 'a.txt': 'A' }, { bare: true });
    const err = await runGit(['rev-parse', '--verify', 'https://user:sekrit@example.com/x'], {
      gitDir: repo,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgoraError);
    expect((err as AgoraError).code).toBe('GIT_FAILED');
    expect((err as AgoraError).message).not.toContain('sekrit');
    expect(JSON.stringify((err as AgoraError).details)).not.toContain('sekrit');
  });

  it('accepts listed exit codes as answers', async () => {
    const repo = await gitdir({ 'a.txt': 'A' }, { bare: true });
    const r = await runGit(['rev-parse', '--verify', '-q', 'nope'], { gitDir: repo, okExitCodes: [1] });
    expect(r.exitCode).toBe(1);
  });

  it('kills git on time-out', async () => {
    const started = Date.now();
    // An alias that runs a shell command stands in for a git that hangs (a stalled network read).
    const blocker = await runGit(['-c', 'alias.sleep=!sleep 5', 'sleep'], { timeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(blocker).toBeInstanceOf(AgoraError);
    expect((blocker as AgoraError).code).toBe('GIT_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('streamGit', () => {
  it('streams stdout and resolves done', async () => {
    const repo = await gitdir({ 'a b.txt': 'A', 'c.txt': 'C' }, { bare: true });
    const s = streamGit(['ls-tree', '-z', '--name-only', 'HEAD'], { gitDir: repo });
    expect(await collect(splitRecords(s.stdout, 0))).toEqual(['a b.txt', 'c.txt']);
    await expect(s.done).resolves.toBeDefined();
  });

  it('rejects done on failure', async () => {
    const repo = await gitdir({ 'a.txt': 'A' }, { bare: true });
    const s = streamGit(['ls-tree', 'no-such-rev'], { gitDir: repo });
    await collect(s.stdout);
    await expect(s.done).rejects.toMatchObject({ code: 'GIT_FAILED' });
  });

  it('time-out surfaces to a consumer that only iterates', async () => {
    const s = streamGit(['-c', 'alias.slow=!echo hi; sleep 5', 'slow'], { timeoutMs: 300 });
    await expect(collect(s.stdout)).rejects.toMatchObject({ code: 'GIT_TIMEOUT' });
  });
});

describe('splitRecords', () => {
  it('splits across chunk boundaries and keeps an unterminated tail', async () => {
    expect(await collect(splitRecords(chunksOf('ab\0c', 'd\0', '\0e', 'f'), 0))).toEqual([
      'ab',
      'cd',
      '',
      'ef',
    ]);
  });
});
