// Number, date and percentage formatting shared by the pages.

const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const compactFormat = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
const dateFormat = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', day: 'numeric' });

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return Math.abs(n) >= 10_000 ? compactFormat.format(n) : numberFormat.format(n);
}

/** A share in [0, 1] as a whole percentage. */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || Number.isNaN(share)) return '–';
  return `${Math.round(share * 100)}%`;
}

export function formatDate(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '–';
  const d = new Date(typeof iso === 'number' && iso < 1e12 ? iso * 1000 : iso);
  return Number.isNaN(d.getTime()) ? '–' : dateFormat.format(d);
}

/** "3 days ago", "5 months ago": how fresh a project is at a glance. */
export function formatAgo(iso: string | number | null | undefined, now = Date.now()): string {
  if (iso === null || iso === undefined || iso === '') return 'no commits';
  const t = new Date(typeof iso === 'number' && iso < 1e12 ? iso * 1000 : iso).getTime();
  if (Number.isNaN(t)) return '–';
  const days = Math.floor((now - t) / 86_400_000);
  if (days < 1) return 'today';
  if (days < 2) return 'yesterday';
  if (days < 60) return `${days} days ago`;
  const months = Math.floor(days / 30.4);
  if (months < 24) return `${months} months ago`;
  return `${Math.floor(months / 12)} years ago`;
}
