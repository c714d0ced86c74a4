// Benchmark: the pathological documents of issue 15.2 rendered under the document budget (in the render pool, as
// the crawl and the portal do) and, with --before, on the calling thread as the portal's request path did: wall
// time, the worst event-loop delay of the calling thread, and the process's peak RSS after each document.
// Usage: npm run bench -- render [--before] [--only NAME]

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { renderDocument } from '../src/render/documents.ts';
import { documentLinks } from '../src/render/links.ts';
import { renderMarkdown } from '../src/render/markdown.ts';
import { closeRenderPool, renderPool } from '../src/render/pool.ts';
import { PATHOLOGICAL_DOCUMENTS } from '../test/fixtures/hostile-documents.ts';
import { flag, machineLine, seconds, table } from './lib.ts';

const LINKS = documentLinks({ id: 'bench:x', webUrl: null, branch: null }, []);

async function measure(
  fn: () => Promise<string>,
): Promise<{ ms: number; lagMs: number; peakMb: number; outcome: string }> {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const t0 = performance.now();
  let outcome: string;
  try {
    outcome = await fn();
  } catch (err) {
    outcome = `threw ${(err as Error).name}: ${(err as Error).message.slice(0, 40)}`;
  }
  const ms = performance.now() - t0;
  // A tick after the work, so a loop blocked until now is recorded.
  await new Promise((r) => setTimeout(r, 20));
  lag.disable();
  return { ms, lagMs: lag.max / 1e6, peakMb: process.resourceUsage().maxRSS / 1024, outcome };
}

export async function run(args: string[]): Promise<void> {
  const only = flag(args, '--only', '');
  const before = args.includes('--before');
  const names = Object.keys(PATHOLOGICAL_DOCUMENTS).filter((n) => !only || n === only);
  process.stdout.write(`${machineLine()}\n`);
  // A warm pool, as in a crawl or a portal that has rendered a page.
  await renderPool().run({ type: 'outline', text: '# warm', maxChars: 100 });
  const rows: string[][] = [];
  for (const name of names) {
    const text = PATHOLOGICAL_DOCUMENTS[name];
    const source = { path: 'README.md', kind: 'readme', text, size: text.length, truncated: false };
    const after = await measure(async () => {
      const r = await renderDocument(source, LINKS);
      return `${r.document.status}${r.document.truncated ? ', truncated' : ''} (${r.findings.map((f) => f.code).join(', ')})`;
    });
    rows.push([
      name,
      `${Math.round(text.length / 1024)} KB`,
      'render pool',
      seconds(after.ms),
      `${Math.round(after.lagMs)} ms`,
      `${Math.round(after.peakMb)} MB`,
      after.outcome,
    ]);
    process.stdout.write(`${rows.at(-1)!.join(' | ')}\n`);
  }
  await closeRenderPool();
  if (before) {
    for (const name of names) {
      const text = PATHOLOGICAL_DOCUMENTS[name];
      // The old request path: the whole README (up to 512 KB) rendered on the server's event loop.
      const b = await measure(async () => `${(await renderMarkdown(text)).length} chars of HTML`);
      rows.push([
        name,
        `${Math.round(text.length / 1024)} KB`,
        'calling thread (before)',
        seconds(b.ms),
        `${Math.round(b.lagMs)} ms`,
        `${Math.round(b.peakMb)} MB`,
        b.outcome,
      ]);
      process.stdout.write(`${rows.at(-1)!.join(' | ')}\n`);
    }
  }
  process.stdout.write(
    `\n${table(['document', 'size', 'rendered on', 'time', 'worst event-loop delay', 'process peak RSS', 'outcome'], rows)}\n`,
  );
}
