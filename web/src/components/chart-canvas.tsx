// A Chart.js chart on a canvas, with an accessible name and the same numbers as a table for screen readers
// and for anyone who wants the figures.

import { useEffect, useRef, useState } from 'react';
import { type ChartConfiguration, loadChart, themeColours } from '../lib/chart.ts';

export interface Series {
  label: string;
  /** null: no figure for that period (drawn as a gap). */
  values: (number | null)[];
}

export interface ChartCanvasProps {
  kind: 'bar' | 'line';
  /** Accessible name of the chart, e.g. "Weekly commits over the last 12 months". */
  title: string;
  labels: string[];
  series: Series[];
  /** Format of the values in the table and tooltips. */
  format?: (n: number) => string;
  stacked?: boolean;
  yMax?: number;
  /** Whole numbers only on the axis (counts). */
  integer?: boolean;
  testId?: string;
}

export function ChartCanvas(props: ChartCanvasProps) {
  const { kind, title, labels, series, stacked, yMax, integer, testId } = props;
  const format = props.format ?? String;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  // Callers pass fresh arrays each render; redraw only when the figures themselves change.
  const key = JSON.stringify([kind, labels, series, stacked, yMax, integer]);
  const formatRef = useRef(format);
  formatRef.current = format;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the figures.
  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    loadChart().then(
      (Chart) => {
        if (cancelled || !canvas.current) return;
        const colours = themeColours();
        const config: ChartConfiguration = {
          type: kind,
          data: {
            labels,
            datasets: series.map((s, i) => ({
              label: s.label,
              data: s.values,
              backgroundColor: colours.series[i % colours.series.length],
              borderColor: colours.series[i % colours.series.length],
              borderWidth: kind === 'line' ? 2 : 0,
              pointRadius: kind === 'line' ? 2 : 0,
              // Monotone curves never overshoot below zero or above 100%.
              cubicInterpolationMode: 'monotone' as const,
              spanGaps: false,
            })),
          },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            plugins: {
              legend: { display: series.length > 1, labels: { color: colours.text } },
              tooltip: {
                callbacks: { label: (ctx) => `${ctx.dataset.label}: ${formatRef.current(Number(ctx.raw))}` },
              },
            },
            scales: {
              x: {
                stacked,
                ticks: { color: colours.text, maxRotation: 0, autoSkipPadding: 12 },
                grid: { display: false },
              },
              y: {
                stacked,
                beginAtZero: true,
                max: yMax,
                ticks: {
                  color: colours.text,
                  precision: integer ? 0 : undefined,
                  callback: (v) => formatRef.current(Number(v)),
                },
                grid: { color: colours.grid },
              },
            },
          },
        };
        chart = new Chart(canvas.current, config);
      },
      () => setFailed(true),
    );
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [key]);

  return (
    <figure className="chart" data-testid={testId}>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      {failed && <p className="muted">The chart could not be drawn; the figures are in the table below.</p>}
      <details className="chart-data">
        <summary>{title}: the figures</summary>
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Period</th>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {labels.map((l, i) => (
                <tr key={l}>
                  <th scope="row">{l}</th>
                  {series.map((s) => (
                    <td key={s.label}>
                      {s.values[i] === null || s.values[i] === undefined ? '–' : format(s.values[i]!)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
