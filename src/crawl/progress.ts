// Crawl progress for people: a bar on a terminal, nothing otherwise (the summary says what happened).

import cliProgress from 'cli-progress';
import type { CrawlProgress } from './crawl.ts';

export interface ProgressReporter {
  update(p: CrawlProgress): void;
  stop(): void;
}

export function createProgress(opts: { enabled: boolean }): ProgressReporter {
  if (!opts.enabled) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: ' {bar} {value} repos | {repo}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let stopped = false;
  return {
    update(p) {
      if (stopped) return;
      if (!started) {
        bar.start(p.total ?? 0, 0, { repo: '' });
        started = true;
      }
      // The total is unknown while sources are still listing; grow it so the bar stays honest.
      if (p.done > bar.getTotal()) bar.setTotal(p.done + 1);
      const waiting = p.wait
        ? `waiting for ${p.wait.host} (${p.wait.reason}) until ${p.wait.until.toTimeString().slice(0, 8)}`
        : undefined;
      bar.update(p.done, { repo: waiting ?? p.repo ?? p.phase });
    },
    stop() {
      if (started && !stopped) bar.stop();
      stopped = true;
    },
  };
}
