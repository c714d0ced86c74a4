import { describe, expect, it } from 'vitest';
import { renderText } from './show.ts';

type Detail = Parameters<typeof renderText>[0];

function detail(extra: Partial<Detail>): Detail {
  return {
    id: 'real:vite',
    status: 'active',
    description: 'Next Generation Frontend Tooling',
    location: '/repos/vite.git',
    headSha: 'a98c8d9',
    defaultBranch: 'main',
    lastCrawledAt: '2026-12-03T08:01:28.377Z',
    commits: { count: 9620, authors: 1367, firstAt: 1587340800, lastAt: 1787400000 },
    docs: [],
    languages: [],
    owners: [],
    packages: [],
    findings: [],
    ...extra,
  } as unknown as Detail;
}

describe('agora show as text', () => {
  it('lists published packages first and at most 30 rows, then says how many more and where', () => {
    const packages = [
      ...Array.from({ length: 35 }, (_, i) => ({
        role: 'consumes',
        ecosystem: 'npm',
        name: `dep-${i}`,
        manifest: 'package.json',
      })),
      { role: 'publishes', ecosystem: 'npm', name: 'vite', manifest: 'packages/vite/package.json' },
    ];
    const text = renderText(detail({ packages } as Partial<Detail>));
    const lines = text.split('\n');
    const header = lines.indexOf('packages:');
    expect(lines[header + 2]).toMatch(/^publishes\s+npm\s+vite\s+packages\/vite\/package\.json$/);
    expect(text).toContain('  … and 6 more (`agora show real:vite --json` lists every one)');
    expect(text).not.toContain('dep-29');
  });

  it('puts error findings first, so the cut never hides them', () => {
    const findings = [
      ...Array.from({ length: 40 }, (_, i) => ({
        severity: 'info',
        code: 'SYMLINK_SKIPPED',
        path: `l${i}`,
        message: 'm',
      })),
      { severity: 'error', code: 'ANALYSER_FAILED', path: null, message: 'languages: boom' },
    ];
    const text = renderText(detail({ findings } as Partial<Detail>));
    const lines = text.split('\n');
    expect(lines[lines.indexOf('findings:') + 2]).toMatch(/^error\s+ANALYSER_FAILED/);
    expect(text).toContain('… and 11 more');
  });
});
