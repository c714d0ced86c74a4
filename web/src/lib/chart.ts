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
export function themeColours(): { text: string; grid: string; series: string[] } {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text-muted', '#555'),
    grid: v('--border', '#ddd'),
    series: [
      v('--series-1', '#2f5bd3'),
      v('--series-2', '#d9822b'),
      v('--series-3', '#2e8b57'),
      v('--series-4', '#a23b72'),
    ],
  };
}

export type { ChartConfiguration };
