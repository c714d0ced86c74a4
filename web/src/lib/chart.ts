// Chart.js, loaded on demand with only the parts the portal draws (bars and lines), so it stays out of
// the first-load bundle and tree-shaking drops the rest.

import type { ChartConfiguration, Chart as ChartType } from 'chart.js';

let loading: Promise<typeof ChartType> | null = null;

/** Loads and registers Chart.js once. */
export function loadChart(): Promise<typeof ChartType> {
  loading ??= import('chart.js').then((m) => {
    m.Chart.register(
      m.BarController,
      m.BarElement,
      m.LineController,
      m.LineElement,
      m.PointElement,
      m.CategoryScale,
      m.LinearScale,
      m.Tooltip,
      m.Legend,
      m.Filler,
    );
    return m.Chart;
  });
  return loading;
}

/** The theme's colours, read from the CSS custom properties so charts follow light and dark mode. */
export function themeColours(): { text: string; grid: string; surface: string; series: string[] } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text-muted', '#555'),
    grid: v('--border', '#ddd'),
    surface: v('--surface', '#fff'),
    series: [
      v('--series-1', '#2f5bd3'),
      v('--series-2', '#d9822b'),
      v('--series-3', '#2e8b57'),
      v('--series-4', '#a23b72'),
    ],
  };
}

const hatches = new Map<string, CanvasPattern | string>();

/** Diagonal stripes of `colour` on transparent: the fill of a bar whose period is not over yet. */
export function hatch(colour: string): CanvasPattern | string {
  let pattern = hatches.get(colour);
  if (pattern) return pattern;
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const ctx = tile.getContext('2d');
  if (!ctx) return colour;
  ctx.strokeStyle = colour;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(-2, 10);
  ctx.lineTo(10, -2);
  ctx.moveTo(-2, 2);
  ctx.lineTo(2, -2);
  ctx.moveTo(6, 10);
  ctx.lineTo(10, 6);
  ctx.stroke();
  pattern = ctx.createPattern(tile, 'repeat') ?? colour;
  hatches.set(colour, pattern);
  return pattern;
}

export type { ChartConfiguration };
