// Re-use graph: which projects consume packages that others publish, laid out with d3-force (loaded on
// demand) and drawn as SVG. Nodes are links: focusable, named, and they light up their neighbours.
// Interaction is plain pointer events (no d3-drag/d3-zoom): drag a node to move and pin it (the simulation
// reheats so its neighbours follow), drag the background to pan, wheel or pinch to zoom; buttons do the same
// from the keyboard, and arrow keys move the focused node. Everything is drawn with SVG attributes, never
// `style`, so the page works under a strict style-src CSP. A node's size grows with its number of dependents
// (projects using a package it publishes), and the most re-used projects are ranked in a table beside it.

import type { Simulation, SimulationLinkDatum, SimulationNodeDatum } from 'd3-force';
import {
  type KeyboardEvent as ReactKeyboardEvent,
  type PointerEvent as ReactPointerEvent,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { LoadState } from '../components/status.tsx';
import { TeamFilter } from '../components/team-filter.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { href, Link, navigate, projectPath, useLocation } from '../lib/router.tsx';
import type { GraphEdge, GraphNode, GraphResponse } from '../lib/types.ts';
import { useTitle } from '../lib/use-title.ts';

interface LaidNode extends SimulationNodeDatum, GraphNode {
  x: number;
  y: number;
}

interface Layout {
  /** The response this layout was made for (a stale layout is never drawn with newer data). */
  graph: GraphResponse;
  nodes: LaidNode[];
  /** Where each node was first laid out, for "Reset layout". */
  start: { x: number; y: number }[];
  /** The view box that fits the first layout. */
  box: { x: number; y: number; width: number; height: number };
  /** Stopped after the first layout; reheated while the user drags. */
  sim: Simulation<LaidNode, undefined>;
}

/** Pan and zoom, applied as `translate(x y) scale(k)` inside the view box. */
interface View {
  k: number;
  x: number;
  y: number;
}

interface Point {
  x: number;
  y: number;
}

interface Drag {
  id: string;
  pointerId: number;
  start: Point;
  /** From the pointer to the node's centre, in graph units, so the node does not jump under the pointer. */
  offset: Point;
  moved: boolean;
}

const WIDTH = 900;
const HEIGHT = 600;
const PALETTE = 8;
const IDENTITY: View = { k: 1, x: 0, y: 0 };
const MIN_ZOOM = 0.25;
const MAX_ZOOM = 4;
const ZOOM_STEP = 1.25;
/** Pixels a press must travel before it is a drag rather than a click. */
const DRAG_THRESHOLD = 4;
const KEY_STEP = 10;
/** Most re-used projects listed under the drawing. */
const TOP_REUSED = 10;

/** Radius of a node: area grows with its dependents, from 8 (none) to at most 26. */
export function nodeRadius(dependents: number): number {
  return Math.min(26, Math.round((8 + 4 * Math.sqrt(dependents)) * 10) / 10);
}

export function GraphPage() {
  useTitle('Re-use graph');
  const { path, query } = useLocation();
  const team = query.get('team') ?? '';
  const result = useApi<GraphResponse>(apiPath('/graph', { team }));
  const [layout, setLayout] = useState<Layout | null>(null);
  const [focus, setFocus] = useState<string | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [panning, setPanning] = useState(false);
  const [view, setView] = useState<View>(IDENTITY);
  const [running, setRunning] = useState(false);
  // Node positions live in the (mutable) simulation; bumping this redraws them.
  const [, setFrame] = useState(0);
  const redraw = useCallback(() => setFrame((f) => f + 1), []);
  const svg = useRef<SVGSVGElement | null>(null);
  const viewport = useRef<SVGGElement | null>(null);
  const drag = useRef<Drag | null>(null);
  const dragged = useRef<string | null>(null);
  const pointers = useRef(new Map<number, Point>());
  const hintId = useId();
  const g = result.state === 'ok' ? result.data : undefined;

  // Team → colour slot, stable for a given set of teams.
  const teamSlot = useMemo(() => {
    const names = [...new Set((g?.nodes ?? []).map((n) => n.team ?? ''))].sort();
    return new Map(names.map((t, i) => [t, i % PALETTE]));
  }, [g]);

  useEffect(() => {
    if (!g) return;
    let cancelled = false;
    let made: Layout | undefined;
    layoutGraph(g).then((l) => {
      if (cancelled) return;
      made = l;
      l.sim.on('tick', redraw).on('end', () => setRunning(false));
      setLayout(l);
      setView(IDENTITY);
      setRunning(false);
    });
    return () => {
      cancelled = true;
      made?.sim.stop().on('tick', null).on('end', null);
    };
  }, [g, redraw]);

  const current = layout && layout.graph === g ? layout : null;
  const byId = useMemo(() => new Map((current?.nodes ?? []).map((n) => [n.id, n])), [current]);
  const descriptions = useMemo(
    () =>
      new Map((current?.nodes ?? []).map((n) => [n.id, describe(n.id, current?.graph.edges ?? [], byId)])),
    [current, byId],
  );
  const active = dragging ?? focus;
  const neighbours = useMemo(() => {
    const set = new Set<string>();
    if (!active || !g) return set;
    for (const e of g.edges) {
      if (e.from === active) set.add(e.to);
      if (e.to === active) set.add(e.from);
    }
    return set;
  }, [active, g]);
  const focused = active ? byId.get(active) : undefined;
  const pinned = current ? current.nodes.filter((n) => n.fx != null).length : 0;

  // Wheel zoom needs a non-passive listener (React's is passive, so it could not keep the page from scrolling).
  const attachSvg = useCallback((el: SVGSVGElement | null) => {
    svg.current = el;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const p = toUserSpace(el, { x: e.clientX, y: e.clientY });
      if (!p) return;
      e.preventDefault();
      const amount = -e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002) * (e.ctrlKey ? 10 : 1);
      setView((v) => zoomAt(v, p, 2 ** amount));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      el.removeEventListener('wheel', onWheel);
      svg.current = null;
    };
  }, []);

  /** Reheats the simulation so the other nodes settle around a moved one. */
  const reheat = useCallback(
    (target: number) => {
      if (!current) return;
      current.sim.alpha(Math.max(current.sim.alpha(), 0.3)).alphaTarget(target).restart();
      setRunning(true);
    },
    [current],
  );

  const zoomBy = (factor: number) => {
    if (!current) return;
    const { box } = current;
    setView((v) => zoomAt(v, { x: box.x + box.width / 2, y: box.y + box.height / 2 }, factor));
  };

  const releasePins = () => {
    if (!current) return;
    for (const n of current.nodes) {
      n.fx = null;
      n.fy = null;
    }
    reheat(0);
    redraw();
  };

  const resetLayout = () => {
    if (!current) return;
    current.sim.stop().alpha(0).alphaTarget(0);
    current.nodes.forEach((n, i) => {
      n.x = current.start[i].x;
      n.y = current.start[i].y;
      n.vx = 0;
      n.vy = 0;
      n.fx = null;
      n.fy = null;
    });
    setRunning(false);
    redraw();
  };

  // Dragging a node: pointer capture keeps the events on the node wherever the pointer goes.
  const nodePointerDown = (e: ReactPointerEvent<Element>, n: LaidNode) => {
    dragged.current = null;
    if (e.button !== 0 || !e.isPrimary) return;
    e.stopPropagation();
    const p = viewport.current ? toUserSpace(viewport.current, { x: e.clientX, y: e.clientY }) : null;
    if (!p) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = {
      id: n.id,
      pointerId: e.pointerId,
      start: { x: e.clientX, y: e.clientY },
      offset: { x: n.x - p.x, y: n.y - p.y },
      moved: false,
    };
  };

  const nodePointerMove = (e: ReactPointerEvent<Element>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId || !current) return;
    if (!d.moved && Math.hypot(e.clientX - d.start.x, e.clientY - d.start.y) < DRAG_THRESHOLD) return;
    const n = byId.get(d.id);
    const p = viewport.current ? toUserSpace(viewport.current, { x: e.clientX, y: e.clientY }) : null;
    if (!n || !p) return;
    if (!d.moved) {
      d.moved = true;
      setDragging(d.id);
      reheat(0.3);
    }
    n.fx = n.x = p.x + d.offset.x;
    n.fy = n.y = p.y + d.offset.y;
    redraw();
  };

  const nodePointerUp = (e: ReactPointerEvent<Element>) => {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    if (!d.moved) return;
    // The node stays pinned where it was dropped; the rest cools down around it.
    dragged.current = d.id;
    setDragging(null);
    current?.sim.alphaTarget(0);
  };

  const nodeKeyDown = (e: ReactKeyboardEvent<Element>, n: LaidNode) => {
    const step = (e.shiftKey ? 4 : 1) * (KEY_STEP / view.k);
    const move: Record<string, Point> = {
      ArrowLeft: { x: -step, y: 0 },
      ArrowRight: { x: step, y: 0 },
      ArrowUp: { x: 0, y: -step },
      ArrowDown: { x: 0, y: step },
    };
    const m = move[e.key];
    if (!m || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    n.fx = n.x = n.x + m.x;
    n.fy = n.y = n.y + m.y;
    reheat(0);
    redraw();
  };

  // Panning (one pointer on the background) and pinch zoom (two).
  const backgroundPointerDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    setPanning(true);
  };

  const backgroundPointerMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    const all = pointers.current;
    const prev = all.get(e.pointerId);
    const el = svg.current;
    if (!prev || !el) return;
    const now = { x: e.clientX, y: e.clientY };
    all.set(e.pointerId, now);
    const other = [...all].find(([id]) => id !== e.pointerId)?.[1];
    const before = toUserSpace(el, other ? midpoint(prev, other) : prev);
    const after = toUserSpace(el, other ? midpoint(now, other) : now);
    if (!before || !after) return;
    const spread = other ? Math.hypot(prev.x - other.x, prev.y - other.y) : 0;
    const factor = other && spread > 0 ? Math.hypot(now.x - other.x, now.y - other.y) / spread : 1;
    setView((v) => {
      const z = zoomAt(v, before, factor);
      return { k: z.k, x: z.x + after.x - before.x, y: z.y + after.y - before.y };
    });
  };

  const backgroundPointerUp = (e: ReactPointerEvent<SVGSVGElement>) => {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size === 0) setPanning(false);
  };

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
        <TeamFilter value={team} onChange={(t) => navigate(href(path, { team: t }), { replace: true })} />
      </form>
      <LoadState result={result} what="the graph" />
      {g && g.nodes.length === 0 && <p className="muted">No re-use between projects found yet.</p>}
      {g && g.nodes.length > 0 && g.edges.length === 0 && (
        <p className="muted">
          These projects neither use nor publish packages that others in the organisation use.
        </p>
      )}
      {g && g.nodes.length > 0 && current && (
        <div className="graph-layout">
          <div className="graph-box">
            <div className="graph-tools">
              <button type="button" className="button" onClick={() => zoomBy(ZOOM_STEP)} aria-label="Zoom in">
                +
              </button>
              <button
                type="button"
                className="button"
                onClick={() => zoomBy(1 / ZOOM_STEP)}
                aria-label="Zoom out"
              >
                −
              </button>
              <button type="button" className="button" onClick={() => setView(IDENTITY)}>
                Reset view
              </button>
              <button type="button" className="button" onClick={releasePins}>
                Release pins{pinned > 0 ? ` (${pinned})` : ''}
              </button>
              <button type="button" className="button" onClick={resetLayout}>
                Reset layout
              </button>
              <span className="graph-zoom muted" data-testid="graph-zoom">
                {Math.round(view.k * 100)}%
              </span>
            </div>
            {/* biome-ignore lint/a11y/useSemanticElements: an SVG drawing; its links are the focusable parts. */}
            <svg
              ref={attachSvg}
              className={`graph${panning ? ' panning' : ''}`}
              viewBox={`${current.box.x} ${current.box.y} ${current.box.width} ${current.box.height}`}
              role="group"
              aria-label={`Re-use graph: ${g.nodes.length} projects, ${g.edges.length} links`}
              aria-describedby={hintId}
              data-testid="graph"
              data-settled={running || dragging ? 'false' : 'true'}
              onPointerDown={backgroundPointerDown}
              onPointerMove={backgroundPointerMove}
              onPointerUp={backgroundPointerUp}
              onPointerCancel={backgroundPointerUp}
            >
              <defs>
                <marker
                  id="arrow"
                  viewBox="0 0 10 10"
                  refX="10"
                  refY="5"
                  markerWidth="6"
                  markerHeight="6"
                  orient="auto"
                >
                  <path d="M0,0 L10,5 L0,10 z" className="arrow-head" />
                </marker>
              </defs>
              <g
                ref={viewport}
                className="viewport"
                data-testid="graph-viewport"
                transform={`translate(${round(view.x)} ${round(view.y)}) scale(${Math.round(view.k * 1e4) / 1e4})`}
              >
                <g className="edges">
                  {g.edges.map((e) => (
                    <Edge key={`${e.from}>${e.to}`} edge={e} byId={byId} focus={active} />
                  ))}
                </g>
                <g className="nodes">
                  {current.nodes.map((n) => {
                    const dim = active !== null && active !== n.id && !neighbours.has(n.id);
                    const isPinned = n.fx != null;
                    return (
                      <a
                        key={n.id}
                        href={projectPath(n.id)}
                        className={`node team-${teamSlot.get(n.team ?? '') ?? 0}${dim ? ' dim' : ''}${isPinned ? ' pinned' : ''}${dragging === n.id ? ' dragging' : ''}`}
                        aria-label={`${n.name}${n.team ? `, team ${n.team}` : ''}${isPinned ? ', pinned' : ''}: ${descriptions.get(n.id) ?? ''}`}
                        data-id={n.id}
                        onFocus={() => setFocus(n.id)}
                        onBlur={() => setFocus(null)}
                        onMouseEnter={() => setFocus(n.id)}
                        onMouseLeave={() => setFocus(null)}
                        onPointerDown={(ev) => nodePointerDown(ev, n)}
                        onPointerMove={nodePointerMove}
                        onPointerUp={nodePointerUp}
                        onPointerCancel={nodePointerUp}
                        onDragStart={(ev) => ev.preventDefault()}
                        onKeyDown={(ev) => nodeKeyDown(ev, n)}
                        onClick={(ev) => {
                          // The click that ends a drag is not a request to open the project.
                          if (dragged.current === n.id && ev.detail !== 0) {
                            dragged.current = null;
                            ev.preventDefault();
                            return;
                          }
                          if (ev.button !== 0 || ev.metaKey || ev.ctrlKey) return;
                          ev.preventDefault();
                          navigate(projectPath(n.id));
                        }}
                      >
                        <circle cx={round(n.x)} cy={round(n.y)} r={nodeRadius(n.dependents)} />
                        <text x={round(n.x + nodeRadius(n.dependents) + 3)} y={round(n.y + 4)}>
                          {n.name}
                        </text>
                      </a>
                    );
                  })}
                </g>
              </g>
            </svg>
            <p className="graph-hint muted" id={hintId}>
              Drag a project to move and pin it, the background to pan; scroll or pinch to zoom. Arrow keys
              move the focused project, Enter opens it.
            </p>
          </div>
          <aside className="panel graph-side" aria-label="Details">
            <h2>Size</h2>
            <p className="small muted">A larger circle: more projects use a package it publishes.</p>
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
                  <p>{descriptions.get(focused.id)}</p>
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
      {g && <MostReused nodes={g.nodes} />}
    </section>
  );
}

/** The projects with the most dependents, ranked (ties by name), each a link to its page. */
function MostReused({ nodes }: { nodes: GraphNode[] }) {
  const ranked = nodes
    .filter((n) => n.dependents > 0)
    .sort((a, b) => b.dependents - a.dependents || a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .slice(0, TOP_REUSED);
  if (ranked.length === 0) return null;
  return (
    <section aria-labelledby="most-reused-title">
      <h2 id="most-reused-title">Most re-used projects</h2>
      <table className="compact" data-testid="most-reused">
        <thead>
          <tr>
            <th scope="col" className="num">
              Rank
            </th>
            <th scope="col">Project</th>
            <th scope="col">Team</th>
            <th scope="col" className="num">
              Used by (projects)
            </th>
          </tr>
        </thead>
        <tbody>
          {ranked.map((n, i) => (
            <tr key={n.id}>
              <td className="num">{i + 1}</td>
              <th scope="row">
                <Link to={projectPath(n.id)}>{n.name}</Link>
              </th>
              <td>{n.team ?? '–'}</td>
              <td className="num">{n.dependents}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Edge({ edge, byId, focus }: { edge: GraphEdge; byId: Map<string, LaidNode>; focus: string | null }) {
  const a = byId.get(edge.from);
  const b = byId.get(edge.to);
  if (!a || !b) return null;
  const lit = focus !== null && (edge.from === focus || edge.to === focus);
  const dim = focus !== null && !lit;
  // The arrow ends at the rim of the publishing node, whatever its size.
  const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const back = Math.min(length, nodeRadius(b.dependents) + 2) / length;
  return (
    <line
      x1={round(a.x)}
      y1={round(a.y)}
      x2={round(b.x - (b.x - a.x) * back)}
      y2={round(b.y - (b.y - a.y) * back)}
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

/** Two decimals are plenty for SVG coordinates and keep the DOM readable. */
function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** A screen point in the user space of an SVG element (its view box and transforms applied). */
function toUserSpace(el: SVGGraphicsElement, client: Point): Point | null {
  const m = el.getScreenCTM();
  if (!m) return null;
  const p = new DOMPoint(client.x, client.y).matrixTransform(m.inverse());
  return { x: p.x, y: p.y };
}

function midpoint(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

/** Zooms by `factor` keeping the view-box point `p` where it is on screen. */
function zoomAt(v: View, p: Point, factor: number): View {
  const k = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.k * factor));
  const r = k / v.k;
  return { k, x: p.x - (p.x - v.x) * r, y: p.y - (p.y - v.y) * r };
}

/**
 * Lays the graph out once (a fixed number of ticks, so it is deterministic and does not jiggle), then keeps
 * the simulation, stopped, for dragging.
 */
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
    .force(
      'collide',
      d3.forceCollide<LaidNode>((n) => nodeRadius(n.dependents) + 19),
    )
    .force('x', d3.forceX(WIDTH / 2).strength(0.04))
    .force('y', d3.forceY(HEIGHT / 2).strength(0.06))
    .stop();
  sim.tick(300);
  // While dragging, re-centring would shove every other node away from the dragged one; the x and y forces
  // alone keep the drawing in place. A quicker cool-down settles the drawing soon after a drop.
  sim.force('center', null).alpha(0).alphaDecay(0.04);
  // Fit the view box to the drawing, leaving room for labels on the right.
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  // A small graph stays at its natural size in the middle of a minimum canvas instead of being magnified.
  const pad = 30;
  const labelRoom = 140;
  const width = Math.max(560, maxX - minX + pad * 2 + labelRoom);
  const height = Math.max(340, maxY - minY + pad * 2);
  const x = minX - (width - labelRoom - (maxX - minX)) / 2;
  const y = minY - (height - (maxY - minY)) / 2;
  return {
    graph: g,
    nodes,
    start: nodes.map((n) => ({ x: n.x, y: n.y })),
    box: { x, y, width, height },
    sim,
  };
}
