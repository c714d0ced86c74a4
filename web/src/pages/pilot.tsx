// One pilot: before and after, pilot versus control, each measure with its sample sizes and effect size (a
// share on too few observations is shown as counts, never as a bare percentage), and a chart of both.

import { ChartCanvas } from '../components/chart-canvas.tsx';
import { LoadState } from '../components/status.tsx';
import { apiPath, useApi } from '../lib/api.ts';
import { useTitle } from '../lib/use-title.ts';

interface Comparison {
  measure: string;
  label: string;
  before: number | null;
  after: number | null;
  nBefore: number;
  nAfter: number;
  effectSize: number | null;
  effect: string | null;
  note: string | null;
}

interface Pilot {
  id: string;
  title: string;
  start: string;
  review: string | null;
  baseline: { start: string; end: string; frozen: boolean };
  after: { start: string; end: string; days: number };
  cohorts: { pilot: string[]; control: string[] | null };
  pilot: { measures: Comparison[] };
  control: { measures: Comparison[] } | null;
}

const SHARES = new Set(['outsideShare', 'standards', 'outsidePrs']);

function shown(m: Comparison, v: number | null, n: number): string {
  if (v === null) return '–';
  if (!SHARES.has(m.measure)) return String(v);
  if (m.note) return `${Math.round(v * n)} of ${n}`;
  return `${(v * 100).toFixed(1)}% (n=${n})`;
}

function Measures({ caption, measures }: { caption: string; measures: Comparison[] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Measure</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
          <th scope="col">Effect</th>
        </tr>
      </thead>
      <tbody>
        {measures.map((m) => (
          <tr key={m.measure}>
            <th scope="row">{m.label}</th>
            <td>{shown(m, m.before, m.nBefore)}</td>
            <td>{shown(m, m.after, m.nAfter)}</td>
            <td>{m.effectSize !== null ? `h = ${m.effectSize} (${m.effect})` : (m.note ?? '–')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PilotPage({ id }: { id: string }) {
  const result = useApi<Pilot>(apiPath(`/pilots/${encodeURIComponent(id)}`));
  const p = result.state === 'ok' ? result.data : undefined;
  useTitle(p ? p.title : 'Pilot');
  if (!p) {
    return (
      <section className="page">
        <h1>Pilot</h1>
        <LoadState result={result} what="the pilot" />
      </section>
    );
  }
  const counts = (ms: Comparison[] | undefined, key: 'nBefore' | 'nAfter') =>
    ['outsideShare', 'otherTeamContributors'].map((k) => ms?.find((m) => m.measure === k)?.[key] ?? null);
  const labels = ['Outside commits', 'People from other teams'];
  const outside = (ms: Comparison[] | undefined, when: 'before' | 'after') => {
    const m = ms?.find((x) => x.measure === 'outsideShare');
    const o = ms?.find((x) => x.measure === 'otherTeamContributors');
    const n = when === 'before' ? m?.nBefore : m?.nAfter;
    const v = when === 'before' ? m?.before : m?.after;
    return [
      v != null && n != null ? Math.round(v * n) : null,
      when === 'before' ? (o?.nBefore ?? null) : (o?.nAfter ?? null),
    ];
  };
  return (
    <section className="page" aria-labelledby="pilot-title">
      <h1 id="pilot-title">{p.title}</h1>
      <p data-testid="pilot-summary">
        Started {p.start}
        {p.review ? `, review ${p.review}` : ''}. Pilot: {p.cohorts.pilot.length} repos
        {p.cohorts.control ? `; control: ${p.cohorts.control.length} repos` : ''}. Baseline {p.baseline.start}{' '}
        – {p.baseline.end} ({p.baseline.frozen ? 'frozen' : 'provisional'}); after {p.after.start} –{' '}
        {p.after.end}.
      </p>
      <ChartCanvas
        kind="bar"
        title="Outside commits and people from other teams, before and after, pilot and control"
        labels={labels}
        series={[
          { label: 'Pilot before', values: outside(p.pilot.measures, 'before') },
          { label: 'Pilot after', values: outside(p.pilot.measures, 'after') },
          ...(p.control
            ? [
                { label: 'Control before', values: outside(p.control.measures, 'before') },
                { label: 'Control after', values: outside(p.control.measures, 'after') },
              ]
            : []),
        ]}
        integer
        testId="pilot-chart"
      />
      <p className="muted">
        Sample sizes: {counts(p.pilot.measures, 'nBefore')[0]} commits before,{' '}
        {counts(p.pilot.measures, 'nAfter')[0]} after.
      </p>
      <Measures caption="Pilot cohort" measures={p.pilot.measures} />
      {p.control && <Measures caption="Control cohort" measures={p.control.measures} />}
    </section>
  );
}
