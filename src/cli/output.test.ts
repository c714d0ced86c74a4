import { describe, expect, it } from 'vitest';
import { MAX_CELL_CHARS, table, titledTable } from './output.ts';

describe('CLI tables', () => {
  it('cuts a long cell of any column but the last, so one odd value cannot widen the table', () => {
    // vite's playground has a package named with 200 "a"s: `agora show` was 241 columns wide.
    const long = `@vitejs/longfilename-${'a'.repeat(200)}`;
    const lines = table(['ROLE', 'NAME', 'MANIFEST'], [['consumes', long, 'playground/package.json']]).split(
      '\n',
    );
    expect(lines[1]).toBe(`consumes  ${long.slice(0, MAX_CELL_CHARS - 1)}…  playground/package.json`);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(100);
    // The last column is never cut (a message reads to its end).
    expect(table(['A', 'MESSAGE'], [['x', long]])).toContain(long);
  });

  it('prints at most `max` rows of a titled table and says how many more and where', () => {
    const rows = Array.from({ length: 35 }, (_, i) => [`pkg-${i}`]);
    const out = titledTable('packages:', ['NAME'], rows, 'none', { max: 30, more: '--json lists every one' });
    expect(out.split('\n')).toHaveLength(1 + 1 + 30 + 1);
    expect(out).toContain('pkg-29');
    expect(out).not.toContain('pkg-30');
    expect(out.endsWith('  … and 5 more (--json lists every one)')).toBe(true);
    expect(
      titledTable('packages:', ['NAME'], rows.slice(0, 30), 'none', { max: 30, more: 'x' }),
    ).not.toContain('more');
    expect(titledTable('findings:', ['CODE'], [])).toBe('findings:\n  none');
  });
});
