// Feeds a `git fast-import` stream into a repository: one process per repo, written with
// back-pressure in large chunks, because one commit at a time through git would take hours.

import { spawn } from 'node:child_process';
import { AgoraError } from '../errors.ts';

const CHUNK_BYTES = 1 << 20;

// fast-import allocates and frees a buffer per object; glibc's default thresholds turn that into
// mmap/munmap calls that cost as much kernel time as the import itself. These keep it in the heap.
const MALLOC_ENV = {
  MALLOC_TOP_PAD_: String(64 << 20),
  MALLOC_TRIM_THRESHOLD_: String(256 << 20),
  MALLOC_MMAP_THRESHOLD_: String(256 << 20),
};

/** Imports `stream` into the repository at `gitDir` (its `.git` folder or a bare repo). */
export async function fastImport(gitDir: string, stream: Iterable<string>, compression = 1): Promise<void> {
  // zlib is a third of fast-import's time: level 1 packs are a little larger and much faster to write.
  const args = [
    '-c',
    `pack.compression=${compression}`,
    '--git-dir',
    gitDir,
    'fast-import',
    '--quiet',
    '--done',
  ];
  const child = spawn('git', args, {
    stdio: ['pipe', 'ignore', 'pipe'],
    env: { ...process.env, ...MALLOC_ENV, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => {
    if (stderr.length < 8192) stderr += d;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  // A broken pipe shows up as the exit status and stderr below.
  child.stdin.on('error', () => {});

  let buffer: string[] = [];
  let size = 0;
  let closed = false;
  exited.then(
    () => {
      closed = true;
    },
    () => {
      closed = true;
    },
  );
  async function flush(): Promise<void> {
    if (buffer.length === 0 || closed) return;
    const ok = child.stdin.write(buffer.join(''));
    buffer = [];
    size = 0;
    if (!ok)
      await new Promise<void>((resolve) => {
        const done = () => {
          child.stdin.off('drain', done);
          child.off('close', done);
          resolve();
        };
        child.stdin.once('drain', done);
        child.once('close', done);
      });
  }
  for (const chunk of stream) {
    buffer.push(chunk);
    size += chunk.length;
    if (size >= CHUNK_BYTES) await flush();
    if (closed) break;
  }
  buffer.push('done\n');
  await flush();
  child.stdin.end();
  const code = await exited;
  if (code !== 0)
    throw new AgoraError(
      'GIT_FAILED',
      `git fast-import failed for ${gitDir} (exit ${code}): ${stderr.trim()}`,
    );
}
