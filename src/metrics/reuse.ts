// Re-use: an edge A → B when repo A consumes a package repo B publishes, matched by package name within an
// ecosystem (Maven and Gradle share coordinates). Cycles are allowed and reported, never followed forever.

import type { PackageRef, ReuseEdge, ReuseGraph, ReuseNode } from './types.ts';

export interface PackageRecord {
  repoId: string;
  ecosystem: string;
  name: string;
  role: string;
}

/** The namespace packages of an ecosystem are looked up in, and the name as that registry compares it. */
export function packageKey(ecosystem: string, name: string): string {
  const eco = ecosystem.toLowerCase();
  switch (eco) {
    case 'maven':
    case 'gradle':
      return `jvm:${name.trim().toLowerCase()}`;
    case 'pypi':
      // PEP 503 normalisation: case-insensitive, runs of -, _ and . are one dash.
      return `pypi:${name
        .trim()
        .toLowerCase()
        .replace(/[-_.]+/g, '-')}`;
    case 'cargo':
      return `cargo:${name.trim().toLowerCase().replace(/_/g, '-')}`;
    case 'go':
    case 'rubygems':
      return `${eco}:${name.trim()}`;
    default:
      return `${eco}:${name.trim().toLowerCase()}`;
  }
}

/** Builds re-use edges (self-edges dropped; one edge per repo pair listing every package behind it). */
export function reuseEdges(
  packages: readonly PackageRecord[],
  ownerOf: (repoId: string) => string | null,
): ReuseEdge[] {
  const publishers = new Map<string, Set<string>>();
  for (const p of packages) {
    if (p.role !== 'publishes') continue;
    const key = packageKey(p.ecosystem, p.name);
    const set = publishers.get(key) ?? new Set<string>();
    set.add(p.repoId);
    publishers.set(key, set);
  }
  const edges = new Map<string, { from: string; to: string; packages: Map<string, PackageRef> }>();
  for (const p of packages) {
    if (p.role !== 'consumes') continue;
    const key = packageKey(p.ecosystem, p.name);
    for (const to of publishers.get(key) ?? []) {
      if (to === p.repoId) continue;
      const id = `${p.repoId}\u0000${to}`;
      const edge = edges.get(id) ?? { from: p.repoId, to, packages: new Map<string, PackageRef>() };
      edge.packages.set(key, { ecosystem: p.ecosystem, name: p.name });
      edges.set(id, edge);
    }
  }
  return [...edges.values()]
    .map((e) => {
      const a = ownerOf(e.from);
      const b = ownerOf(e.to);
      return {
        from: e.from,
        to: e.to,
        packages: [...e.packages.values()].sort((x, y) => x.name.localeCompare(y.name)),
        crossTeam: a !== null && b !== null && a !== b,
      };
    })
    .sort((x, y) => x.from.localeCompare(y.from) || x.to.localeCompare(y.to));
}

/** Strongly connected components of more than one node (Tarjan, iterative so deep graphs cannot overflow). */
export function findCycles(
  nodes: readonly string[],
  edges: readonly { from: string; to: string }[],
): string[][] {
  const adj = new Map<string, string[]>();
  for (const n of nodes) adj.set(n, []);
  for (const e of edges) {
    if (!adj.has(e.from)) adj.set(e.from, []);
    if (!adj.has(e.to)) adj.set(e.to, []);
    adj.get(e.from)?.push(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of adj.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; i: number }[] = [{ node: root, i: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const succ = adj.get(frame.node) as string[];
      if (frame.i < succ.length) {
        const w = succ[frame.i++];
        if (!index.has(w)) {
          index.set(w, next);
          low.set(w, next++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, i: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(w) as number));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent) as number, low.get(frame.node) as number));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const comp: string[] = [];
        let w: string;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          comp.push(w);
        } while (w !== frame.node);
        if (comp.length > 1) out.push(comp.sort());
      }
    }
  }
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/** The re-use graph: nodes with dependency/dependent counts, edges, and cycles. */
export function buildReuseGraph(
  repos: readonly { id: string; name: string; team: string | null }[],
  edges: readonly ReuseEdge[],
): ReuseGraph {
  const deps = new Map<string, number>();
  const dependents = new Map<string, number>();
  for (const e of edges) {
    deps.set(e.from, (deps.get(e.from) ?? 0) + 1);
    dependents.set(e.to, (dependents.get(e.to) ?? 0) + 1);
  }
  const nodes: ReuseNode[] = repos.map((r) => ({
    id: r.id,
    name: r.name,
    team: r.team,
    dependencies: deps.get(r.id) ?? 0,
    dependents: dependents.get(r.id) ?? 0,
  }));
  return {
    nodes,
    edges: [...edges],
    cycles: findCycles(
      nodes.map((n) => n.id),
      edges,
    ),
  };
}

/** Renders the graph as Graphviz DOT; cross-team edges are bold. */
export function toDot(graph: ReuseGraph): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['digraph reuse {', '  rankdir=LR;', '  node [shape=box];'];
  for (const n of graph.nodes)
    lines.push(`  ${q(n.id)} [label=${q(n.team ? `${n.name}\n(${n.team})` : n.name)}];`);
  for (const e of graph.edges) {
    const label = e.packages.map((p) => p.name).join(', ');
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(label)}${e.crossTeam ? ', style=bold' : ''}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Renders the graph as a Mermaid flowchart; cross-team edges are thick (`==>`). */
export function toMermaid(graph: ReuseGraph): string {
  const ids = new Map<string, string>();
  for (const [i, n] of graph.nodes.entries()) ids.set(n.id, `r${i}`);
  const idOf = (id: string) => {
    if (!ids.has(id)) ids.set(id, `r${ids.size}`);
    return ids.get(id) as string;
  };
  const text = (s: string) => s.replace(/["<>]/g, '').replace(/\n/g, ' ');
  const lines = ['flowchart LR'];
  for (const n of graph.nodes)
    lines.push(`  ${idOf(n.id)}["${text(n.team ? `${n.name} (${n.team})` : n.name)}"]`);
  for (const e of graph.edges) {
    const label = text(e.packages.map((p) => p.name).join(', '));
    lines.push(`  ${idOf(e.from)} ${e.crossTeam ? '==>' : '-->'}|"${label}"| ${idOf(e.to)}`);
  }
  return `${lines.join('\n')}\n`;
}
