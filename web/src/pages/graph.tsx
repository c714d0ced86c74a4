// Re-use graph: which projects consume packages that others publish, laid out with d3-force (loaded on
// demand) and drawn as SVG. Nodes are links: focusable, named, and they light up their neighbours.

import type { SimulationLinkDatum, SimulationNodeDatum } from 'd3-force';
import { useEffect, useId, useMemo, useState } from 'react';
import { LoadState } from '../components/status.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { href, Link, navigate, projectPath, useLocation } from '../lib/router.tsx';
import type { GraphEdge, GraphNode, GraphResponse, TeamsResponse } from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';

interface LaidNode extends SimulationNodeDatum, GraphNode {
  x: number;
  y: number;
}

interface Layout {
  nodes: LaidNode[];
  width: number;
  height: number;
}

const WIDTH = 900;
const HEIGHT = 600;
const PALETTE = 8;

export function GraphPage() {
  useTitle('Re-use graph');
  const { path, query } = useLocation();
  const team = query.get('team') ?? '';
  const result = useApi<GraphResponse>(apiPath('/graph', { team }));
  const teams = useApi<TeamsResponse>(apiPath('/teams'));
  const [layout, setLayout] = useState<Layout | null>(null);
  const [focus, setFocus] = useState<string | null>(null);
  const teamId = useId();
  const g = result.state === 'ok' ? result.data : undefined;

  // Team → colour slot, stable for a given set of teams.
  const teamSlot = useMemo(() => {
    const names = [...new Set((g?.nodes ?? []).map((n) => n.team ?? ''))].sort();
    return new Map(names.map((t, i) => [t, i % PALETTE]));
  }, [g]);

  useEffect(() => {
    if (!g) return;
    let cancelled = false;
    layoutGraph(g).then((l) => {
      if (!cancelled) setLayout(l);
    });
    return () => {
      cancelled = true;
    };
  }, [g]);

  const byId = useMemo(() => new Map((layout?.nodes ?? []).map((n) => [n.id, n])), [layout]);
  const neighbours = useMemo(() => {
    const set = new Set<string>();
    if (!focus || !g) return set;
    for (const e of g.edges) {
      if (e.from === focus) set.add(e.to);
      if (e.to === focus) set.add(e.from);
    }
    return set;
  }, [focus, g]);
  const focused = focus ? byId.get(focus) : undefined;

  return (
    <section className="page" aria-labelledby="graph-title">
      <div className="page-head">
        <h1 id="graph-title">Re-use graph</h1>
        <p className="lede">
          An arrow from A to B means A uses a package that B publishes. Arrows across teams are InnerSource
          re-use.
        </p>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={teamId}>Team</label>
          <select
            id={teamId}
            value={team}
            onChange={(e) => navigate(href(path, { team: e.target.value }), { replace: true })}
          >
            <option value="">All teams</option>
            {(teams.data?.items ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      <LoadState result={result} what="the graph" />
      {g && g.nodes.length === 0 && <p className="muted">No re-use between projects found yet.</p>}
      {g && g.nodes.length > 0 && g.edges.length === 0 && (
        <p className="muted">
          These projects neither use nor publish packages that others in the organisation use.
        </p>
      )}
      {g && g.nodes.length > 0 && layout && (
        <div className="graph-layout">
          <div className="graph-box">
            {/* biome-ignore lint/a11y/useSemanticElements: an SVG drawing; its links are the focusable parts. */}
            <svg
              className="graph"
              viewBox={`0 0 ${layout.width} ${layout.height}`}
              role="group"
              aria-label={`Re-use graph: ${g.nodes.length} projects, ${g.edges.length} links`}
              data-testid="graph"
            >
              <defs>
                <marker
                  id="arrow"
                  viewBox="0 0 10 10"
                  refX="19"
                  refY="5"
                  markerWidth="6"
                  markerHeight="6"
                  orient="auto"
                >
                  <path d="M0,0 L10,5 L0,10 z" className="arrow-head" />
                </marker>
              </defs>
              <g className="edges">
                {g.edges.map((e) => (
                  <Edge key={`${e.from}>${e.to}`} edge={e} byId={byId} focus={focus} />
                ))}
              </g>
              <g className="nodes">
                {layout.nodes.map((n) => {
                  const dim = focus !== null && focus !== n.id && !neighbours.has(n.id);
                  return (
                    <a
                      key={n.id}
                      href={projectPath(n.id)}
                      className={`node team-${teamSlot.get(n.team ?? '') ?? 0}${dim ? ' dim' : ''}`}
                      aria-label={`${n.name}${n.team ? `, team ${n.team}` : ''}: ${describe(n.id, g.edges, byId)}`}
                      onFocus={() => setFocus(n.id)}
                      onBlur={() => setFocus(null)}
                      onMouseEnter={() => setFocus(n.id)}
                      onMouseLeave={() => setFocus(null)}
                      onClick={(ev) => {
                        if (ev.button !== 0 || ev.metaKey || ev.ctrlKey) return;
                        ev.preventDefault();
                        navigate(projectPath(n.id));
                      }}
                    >
                      <circle cx={n.x} cy={n.y} r="9" />
                      <text x={n.x + 12} y={n.y + 4}>
                        {n.name}
                      </text>
                    </a>
                  );
                })}
              </g>
            </svg>
          </div>
          <aside className="panel graph-side" aria-label="Details">
            <h2>Teams</h2>
            <ul className="legend">
              {[...teamSlot.entries()].map(([t, slot]) => (
                <li key={t}>
                  <svg width="12" height="12" aria-hidden="true" className={`node team-${slot}`}>
                    <circle cx="6" cy="6" r="5" />
                  </svg>{' '}
                  {t || 'No team'}
                </li>
              ))}
            </ul>
            <div aria-live="polite">
              {focused ? (
                <>
                  <h2>{focused.name}</h2>
                  <p>{describe(focused.id, g.edges, byId)}</p>
                  <p>
                    <Link to={projectPath(focused.id)}>Open the project</Link>
                  </p>
                </>
              ) : (
                <p className="muted">Hover or tab to a project to see its links.</p>
              )}
            </div>
          </aside>
        </div>
      )}
    </section>
  );
}

function Edge({ edge, byId, focus }: { edge: GraphEdge; byId: Map<string, LaidNode>; focus: string | null }) {
  const a = byId.get(edge.from);
  const b = byId.get(edge.to);
  if (!a || !b) return null;
  const lit = focus !== null && (edge.from === focus || edge.to === focus);
  const dim = focus !== null && !lit;
  return (
    <line
      x1={a.x}
      y1={a.y}
      x2={b.x}
      y2={b.y}
      markerEnd="url(#arrow)"
      className={`edge${edge.crossTeam ? ' cross' : ''}${lit ? ' lit' : ''}${dim ? ' dim' : ''}`}
    >
      <title>{`${a.name} uses ${edge.packages.join(', ')} from ${b.name}`}</title>
    </line>
  );
}

function describe(id: string, edges: GraphEdge[], byId: Map<string, LaidNode>): string {
  const uses = edges.filter((e) => e.from === id).map((e) => byId.get(e.to)?.name ?? e.to);
  const usedBy = edges.filter((e) => e.to === id).map((e) => byId.get(e.from)?.name ?? e.from);
  const parts = [];
  parts.push(uses.length ? `uses ${uses.join(', ')}` : 'uses no other project');
  parts.push(usedBy.length ? `used by ${usedBy.join(', ')}` : 'used by no other project');
  return parts.join('; ');
}

/** Lays the graph out once (a fixed number of ticks, so it is deterministic and does not jiggle). */
async function layoutGraph(g: GraphResponse): Promise<Layout> {
  const d3 = await import('d3-force');
  const nodes: LaidNode[] = g.nodes.map((n, i) => {
    // A deterministic start on a spiral, so the same data gives the same picture.
    const angle = i * 2.399963;
    const r = 10 * Math.sqrt(i + 1);
    return { ...n, x: WIDTH / 2 + r * Math.cos(angle), y: HEIGHT / 2 + r * Math.sin(angle) };
  });
  const ids = new Set(nodes.map((n) => n.id));
  const links: SimulationLinkDatum<LaidNode>[] = g.edges
    .filter((e) => ids.has(e.from) && ids.has(e.to))
    .map((e) => ({ source: e.from, target: e.to }));
  const sim = d3
    .forceSimulation(nodes)
    .force(
      'link',
      d3
        .forceLink<LaidNode, SimulationLinkDatum<LaidNode>>(links)
        .id((n) => n.id)
        .distance(90),
    )
    .force('charge', d3.forceManyBody().strength(-260))
    .force('center', d3.forceCenter(WIDTH / 2, HEIGHT / 2))
    .force('collide', d3.forceCollide(28))
    .force('x', d3.forceX(WIDTH / 2).strength(0.04))
    .force('y', d3.forceY(HEIGHT / 2).strength(0.06))
    .stop();
  sim.tick(300);
  // Fit the drawing to the view box, leaving room for labels on the right.
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // A small graph stays at its natural size in the middle of a minimum canvas instead of being magnified.
  const pad = 30;
  const labelRoom = 140;
  const width = Math.max(560, maxX - minX + pad * 2 + labelRoom);
  const height = Math.max(340, maxY - minY + pad * 2);
  const dx = (width - labelRoom - (maxX - minX)) / 2 - minX;
  const dy = (height - (maxY - minY)) / 2 - minY;
  for (const n of nodes) {
    n.x += dx;
    n.y += dy;
  }
  return { nodes, width, height };
}
