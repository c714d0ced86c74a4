// A CSV of the catalogue (RFC 4180: CRLF, fields quoted when they hold a comma, quote or line break), for
// spreadsheets. Text that a spreadsheet would run as a formula is prefixed with an apostrophe.

import type { Catalogue } from '../server/catalogue.ts';

const COLUMNS = [
  'id',
  'name',
  'full_name',
  'description',
  'team',
  'owner_provenance',
  'language',
  'languages',
  'topics',
  'score',
  'level',
  'last_commit_at',
  'outside_share_90',
  'outside_contributors_90',
  'has_contributing',
  'contribute_url',
  'web_url',
] as const;

/** The catalogue as CSV text with a header row. */
export function toCsv(cat: Catalogue): string {
  const lines = [COLUMNS.join(',')];
  const projects = [...cat.projects].sort((a, b) => a.summary.id.localeCompare(b.summary.id));
  for (const p of projects) {
    const s = p.summary;
    const row: (string | number | boolean | null)[] = [
      s.id,
      s.name,
      s.fullName,
      s.description,
      s.owner.team,
      s.owner.provenance,
      s.primaryLanguage,
      s.languages.join(';'),
      s.topics.join(';'),
      s.score,
      s.level,
      s.lastCommitAt,
      p.outsideShare90,
      s.outsideContributors90,
      s.hasContributing,
      s.contributeUrl,
      p.row.web_url,
    ];
    lines.push(row.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** One RFC 4180 field. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
