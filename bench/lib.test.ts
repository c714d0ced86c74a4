// Benchmark helpers: sections of PERFORMANCE.md are replaced in place, children are measured.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { type CrawlRun, expectRepos, parseCrawlArgs, parseSummary } from './crawl.ts';
import { runMeasured, table, writePerformanceSection } from './lib.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'agora-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('writePerformanceSection', () => {
  test('creates the file, then replaces only its own section', async () => {
    const file = path.join(tmp, 'docs', 'PERFORMANCE.md');
    await writePerformanceSection('a', 'first A', file);
    await writePerformanceSection('b', 'only B', file);
    await writePerformanceSection('a', 'second A', file);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# Performance')).toBe(true);
    expect(text).toContain('<!-- bench:a:start -->\nsecond A\n<!-- bench:a:end -->');
    expect(text).toContain('<!-- bench:b:start -->\nonly B\n<!-- bench:b:end -->');
    expect(text).not.toContain('first A');
    expect(text.indexOf('bench:a:start')).toBeLessThan(text.indexOf('bench:b:start'));
  });
});

describe('runMeasured', () => {
  test('reports exit code, output and the peak memory of a child that allocates 80 MB', async () => {
    const script = 'const b = Buffer.alloc(80 * 2 ** 20, 1); setTimeout(() => { console.log(b[5]); }, 400);';
    const r = await runMeasured(process.execPath, ['-e', script]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('1');
    expect(r.ms).toBeGreaterThan(300);
    if (process.platform === 'linux') {
      expect(r.peakRssKb).toBeGreaterThan(80 * 1024);
      expect(r.peakTreeRssKb).toBeGreaterThan(80 * 1024);
    }
  });
});

describe('crawl benchmark helpers', () => {
  test('--quick sets the small defaults and explicit flags win', () => {
    expect(parseCrawlArgs(['--quick']).params).toMatchObject({ repos: 50, commits: 20_000 });
    expect(parseCrawlArgs(['--quick', '--repos', '7']).params.repos).toBe(7);
    expect(parseCrawlArgs([]).params).toMatchObject({ repos: 1000, commits: 1_000_000 });
    expect(() => parseCrawlArgs(['--repos', 'many'])).toThrow(/--repos/);
  });

  test('real repos: --shape folders needs --from; --rounds and --baseline are read', () => {
    expect(() => parseCrawlArgs(['--shape', 'folders'])).toThrow(/--from/);
    expect(
      parseCrawlArgs(['--shape', 'folders', '--from', '/x', '--rounds', '3', '--baseline', '/b']),
    ).toMatchObject({ shape: 'folders', from: '/x', rounds: 3, baseline: '/b' });
    expect(parseCrawlArgs(['--shape', 'packages'])).toMatchObject({
      shape: 'packages',
      from: null,
      rounds: 1,
    });
    expect(() => parseCrawlArgs(['--shape', 'square'])).toThrow(/--shape/);
  });

  test('finds the crawl summary on stdout', () => {
    const summary = {
      repos: { new: 1, changed: 0, unchanged: 0, failed: 0, gone: 0 },
      commitsAdded: 3,
      ms: 9,
    };
    expect(parseSummary(JSON.stringify(summary, null, 2))).toEqual(summary);
    expect(parseSummary(`progress\n${JSON.stringify(summary)}\n`)).toEqual(summary);
    expect(parseSummary('nothing here')).toBeNull();
  });

  test('turns a crawl that did not store every repo and commit into an error, never a ratio', () => {
    const run = (repos: Partial<CrawlRun['summary'] & object>['repos'], commitsAdded: number) =>
      ({
        result: { ms: 300, cpuMs: 300, code: 0, stdout: '', stderr: '' },
        summary: { repos, commitsAdded, ms: 300 },
        error: null,
      }) as unknown as CrawlRun;
    const all = { new: 11, changed: 0, unchanged: 0, failed: 0, gone: 0 };
    expect(expectRepos(run(all, 54_073), 11, 54_073).error).toBeNull();
    // A folder of symlinks the local source does not follow: nothing crawled in 0.3 s read as "0.02× git log".
    const none = { new: 0, changed: 0, unchanged: 0, failed: 0, gone: 0 };
    expect(expectRepos(run(none, 0), 11, 54_073).error).toBe(
      'crawled 0 of 11 repos (0 failed), 0 of 54073 commits added',
    );
    expect(expectRepos(run({ ...all, new: 10, failed: 1 }, 50_000), 11, 54_073).error).toMatch(/1 failed/);
    expect(expectRepos(run({ ...all, new: 0, unchanged: 11 }, 0), 11, 0).error).toBeNull();
  });

  test('renders a Markdown table', () => {
    expect(table(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
});
