// The render worker: a worker thread that renders Markdown documents to HTML and parses their outlines, so a
// hostile document costs this thread (killed on time-out, capped in memory by the pool), never the caller's.
// Answers pool jobs on its parent port, and synchronous jobs (a port and a shared flag) for callers that
// cannot await.

import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import type { DocumentLinks } from './budget.ts';
import { renderMarkdown } from './markdown.ts';
import { type MarkdownOutline, markdownOutline, outlineOfTokens } from './outline.ts';

export type RenderJob =
  | {
      type: 'render';
      text: string;
      path: string;
      markdown: boolean;
      links: DocumentLinks;
      /** Also the outline (as an `outline` job of `maxChars` gives it), from the same parse, when the text is at most this long. */
      outlineMaxChars?: number;
    }
  | { type: 'outline'; text: string; maxChars: number };

export interface RenderJobResult {
  render: { html: string; title: string | null; links: string[]; outline?: MarkdownOutline };
  outline: MarkdownOutline;
}

export type JobReply = { ok: true; value: unknown } | { ok: false; error: string };
export type WorkerReply = JobReply & { id: number };

/** Runs one job (also callable in-process, for small inputs and tests). */
export async function runJob(job: RenderJob): Promise<unknown> {
  if (job.type === 'outline') return markdownOutline(job.text, job.maxChars);
  return renderDocument(job.text, job.path, job.markdown, job.links, job.outlineMaxChars);
}

async function renderDocument(
  text: string,
  path: string,
  markdown: boolean,
  links: DocumentLinks,
  outlineMaxChars: number | undefined,
): Promise<RenderJobResult['render']> {
  const documents = new Set(links.documents);
  const linked = new Set<string>();
  let title: string | null = null;
  // Within the outline's limit, the outline job would parse exactly this text whole: take its tree from here.
  let outline: MarkdownOutline | undefined;
  const wantOutline = markdown && outlineMaxChars !== undefined && text.length <= outlineMaxChars;
  // A file that is not Markdown is shown as it is, in a code block.
  const source = markdown ? text : `\`\`\`\n${text.replaceAll('```', '` ` `')}\n\`\`\``;
  const html = await renderMarkdown(source, {
    path,
    resolve(repoPath, kind) {
      const encoded = repoPath.split('/').map(encodeURIComponent).join('/');
      if (kind === 'image') return links.imageBase + encoded;
      linked.add(repoPath);
      return (documents.has(repoPath) ? links.docBase : links.fileBase) + encoded;
    },
    onHeading(_depth, heading) {
      if (title === null && heading.trim()) title = heading.trim().slice(0, 200);
    },
    onTokens: wantOutline
      ? (tokens) => {
          outline = outlineOfTokens(tokens, text, text);
        }
      : undefined,
  });
  return outline ? { html, title, links: [...linked], outline } : { html, title, links: [...linked] };
}

function errorText(err: unknown): string {
  if (err instanceof RangeError) return 'nested too deeply (stack exhausted)';
  return (err instanceof Error ? err.message : String(err)).slice(0, 200);
}

interface SyncRequest {
  sync: true;
  job: RenderJob;
  port: MessagePort;
  flag: Int32Array;
}

/** Lowers this thread's CPU priority (Linux: a thread has its own nice value), so renders yield to the event loop. */
function yieldToEventLoop(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // Not Linux, or not allowed: the render still runs under its budget, only at normal priority.
  }
}

if (parentPort && (workerData as { agoraRenderWorker?: boolean } | undefined)?.agoraRenderWorker) {
  yieldToEventLoop();
  const port = parentPort;
  port.on('message', async (msg: { id: number; job: RenderJob } | SyncRequest) => {
    if ('sync' in msg) {
      let reply: JobReply;
      try {
        reply = { ok: true, value: await runJob(msg.job) };
      } catch (err) {
        reply = { ok: false, error: errorText(err) };
      }
      msg.port.postMessage(reply);
      msg.port.close();
      Atomics.store(msg.flag, 0, 1);
      Atomics.notify(msg.flag, 0);
      return;
    }
    try {
      port.postMessage({ id: msg.id, ok: true, value: await runJob(msg.job) } satisfies WorkerReply);
    } catch (err) {
      port.postMessage({ id: msg.id, ok: false, error: errorText(err) } satisfies WorkerReply);
    }
  });
  port.postMessage('ready');
  const boot = (workerData as { boot?: Int32Array }).boot;
  if (boot) {
    Atomics.store(boot, 0, 1);
    Atomics.notify(boot, 0);
  }
}
