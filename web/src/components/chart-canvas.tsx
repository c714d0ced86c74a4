// A Chart.js chart on a canvas, with an accessible name and the same numbers as a table for screen readers
// and for anyone who wants the figures. The caption and the legend are drawn in HTML from the same series
// labels, so they cannot describe different series; a period not over yet is drawn dashed (lines) or hatched
// (bars) and labelled "(so far)" on the axis, in the tooltip, the legend and the table.

import { useEffect, useRef, useState } from 'react';
import { type ChartConfiguration, hatch, loadChart, themeColours } from '../lib/chart.ts';

export interface Series {
  label: string;
  /** null: no figure for that period (drawn as a gap). */
  values: (number | null)[];
}

export interface ChartCanvasProps {
  kind: 'bar' | 'line';
  /**
   * Caption and accessible name of the chart, e.g. "Weekly commits over the last 12 months". It must name
   * every series the legend shows (the browser tests check that it does).
   */
  title: string;
  labels: string[];
  series: Series[];
  /** Per label: true for a period not over yet (its figures are so far). */
  partial?: readonly boolean[];
  /** Format of the values in the table and tooltips. */
  format?: (n: number) => string;
  stacked?: boolean;
  yMax?: number;
  /** Whole numbers only on the axis (counts). */
  integer?: boolean;
  testId?: string;
}

/** The label of a period, marked when the period is not over yet. */
export function periodLabel(label: string, partial: boolean): string {
  return partial ? `${label} (so far)` : label;
}

export function ChartCanvas(props: ChartCanvasProps) {
  const { kind, title, labels, series, stacked, yMax, integer, testId } = props;
  const partial = labels.map((_, i) => props.partial?.[i] === true);
  const shown = labels.map((l, i) => periodLabel(l, partial[i]));
  const partialLabels = labels.filter((_, i) => partial[i]);
  const format = props.format ?? String;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  // Callers pass fresh arrays each render; redraw only when the figures themselves change.
  const key = JSON.stringify([kind, labels, series, partial, stacked, yMax, integer]);
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
            labels: shown,
            datasets: series.map((s, i) => {
              const colour = colours.series[i % colours.series.length];
              return {
                label: s.label,
                data: s.values,
                // A partial period: hatched bar, hollow point at the end of a dashed segment.
                backgroundColor: kind === 'bar' ? partial.map((p) => (p ? hatch(colour) : colour)) : colour,
                borderColor: colour,
                borderWidth: kind === 'line' ? 2 : partial.map((p) => (p ? 1 : 0)),
                pointRadius: kind === 'line' ? partial.map((p) => (p ? 4 : 2)) : 0,
                pointBackgroundColor: partial.map((p) => (p ? colours.surface : colour)),
                segment: {
                  borderDash: (ctx: { p1DataIndex: number }) =>
                    partial[ctx.p1DataIndex] ? [6, 4] : undefined,
                },
                // Monotone curves never overshoot below zero or above 100%.
                cubicInterpolationMode: 'monotone' as const,
                spanGaps: false,
              };
            }),
          },
          options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            plugins: {
              // The legend is HTML below the chart, drawn from the same labels as the caption.
              legend: { display: false },
              tooltip: {
                callbacks: {
                  label: (ctx) => `${ctx.dataset.label}: ${formatRef.current(Number(ctx.raw))}`,
                  footer: (items) =>
                    items.some((it) => partial[it.dataIndex]) ? 'Not over yet: figures so far' : '',
                },
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
    <figure
      className="chart"
      data-testid={testId}
      data-partial={partialLabels.length > 0 ? partialLabels.join(' ') : undefined}
    >
      <figcaption className="chart-caption">{title}</figcaption>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={title} />
      </div>
      {failed && <p className="muted">The chart could not be drawn; the figures are in the table below.</p>}
      <ul className="chart-legend" aria-label="Legend">
        {series.map((s, i) => (
          <li key={s.label} data-series={s.label}>
            <span className={`swatch ${kind} series-${(i % 4) + 1}`} aria-hidden="true" />
            {s.label}
          </li>
        ))}
        {partialLabels.length > 0 && (
          <li data-partial-key="">
            <span className={`swatch ${kind} partial`} aria-hidden="true" />
            {kind === 'line' ? 'Dashed' : 'Hatched'}: {partialLabels.join(', ')} so far, not over yet
          </li>
        )}
      </ul>
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
                  <th scope="row">{shown[i]}</th>
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
