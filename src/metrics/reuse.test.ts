import { describe, expect, it } from 'vitest';
import { buildReuseGraph, findCycles, packageKey, reuseEdges, toDot, toMermaid } from './reuse.ts';

describe('re-use', () => {
  it('matches names per ecosystem; Maven and Gradle share coordinates', () => {
    expect(packageKey('maven', 'com.acme:core')).toBe(packageKey('gradle', 'com.acme:core'));
    expect(packageKey('pypi', 'Acme_Utils')).toBe(packageKey('pypi', 'acme.utils'));
    expect(packageKey('npm', 'x')).not.toBe(packageKey('pypi', 'x'));
  });

  it('builds edges, drops self-edges, flags cross-team ones', () => {
    const owners: Record<string, string | null> = { a: 't1', b: 't2', c: 't1', d: null };
    const edges = reuseEdges(
      [
        { repoId: 'a', ecosystem: 'npm', name: '@x/a', role: 'publishes' },
        { repoId: 'a', ecosystem: 'npm', name: '@x/a', role: 'consumes' },
        { repoId: 'b', ecosystem: 'npm', name: '@x/a', role: 'consumes' },
        { repoId: 'c', ecosystem: 'npm', name: '@x/a', role: 'consumes' },
        { repoId: 'd', ecosystem: 'npm', name: '@x/a', role: 'consumes' },
        { repoId: 'b', ecosystem: 'pypi', name: '@x/a', role: 'consumes' },
      ],
      (id) => owners[id] ?? null,
    );
    expect(edges.map((e) => [e.from, e.to, e.crossTeam])).toEqual([
      ['b', 'a', true],
      ['c', 'a', false],
      ['d', 'a', false],
    ]);
  });

  it('finds cycles and still renders the graph', () => {
    const edges = [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'a' },
      { from: 'c', to: 'd' },
      { from: 'd', to: 'd' },
      { from: 'e', to: 'f' },
      { from: 'f', to: 'e' },
    ];
    expect(findCycles(['a', 'b', 'c', 'd', 'e', 'f'], edges)).toEqual([
      ['a', 'b', 'c'],
      ['e', 'f'],
    ]);
    const graph = buildReuseGraph(
      [
        { id: 'a', name: 'A "quoted"', team: 't' },
        { id: 'b', name: 'B', team: null },
      ],
      [{ from: 'a', to: 'b', packages: [{ ecosystem: 'npm', name: 'b' }], crossTeam: true }],
    );
    expect(graph.cycles).toEqual([]);
    expect(toDot(graph)).toContain('"a" -> "b" [label="b", style=bold];');
    expect(toMermaid(graph)).toContain('r0 ==>|"b"| r1');
  });

  it('handles a long chain without recursion limits', () => {
    const n = 20_000;
    const edges = Array.from({ length: n }, (_, i) => ({ from: `r${i}`, to: `r${(i + 1) % n}` }));
    const cycles = findCycles([], edges);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n);
  });
});
