// Printing for CLI commands: JSON when asked, aligned text tables otherwise, and progress only on a TTY.

/** Writes `data` as pretty JSON followed by a newline. */
export function printJson(data: unknown): void {
  process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
}

/** A cell of any column but the last is cut to this many characters ("…" marks the cut). */
export const MAX_CELL_CHARS = 60;

/**
 * A titled table, or the title and an indented `empty` line when there are no rows. With `max`, only the first
 * `max` rows are printed, then a line saying how many more there are and where to see them (`more`).
 */
export function titledTable(
  title: string,
  headers: string[],
  rows: (string | number | null | undefined)[][],
  empty = 'none',
  limit?: { max: number; more: string },
): string {
  if (rows.length === 0) return `${title}\n  ${empty}`;
  if (!limit || rows.length <= limit.max) return `${title}\n${table(headers, rows)}`;
  const rest = rows.length - limit.max;
  return `${title}\n${table(headers, rows.slice(0, limit.max))}\n  … and ${rest} more (${limit.more})`;
}

/** Formats rows as a left-aligned text table with a header row; long cells are cut (MAX_CELL_CHARS). */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const last = headers.length - 1;
  const cell = (c: string | number | null | undefined, i: number) => {
    const text = c === null || c === undefined ? '' : String(c);
    return i < last && text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}…` : text;
  };
  const cells = [headers, ...rows.map((r) => r.map(cell))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function println(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Diagnostics go to stderr so stdout stays machine-readable. */
export function eprintln(text: string): void {
  process.stderr.write(`${text}\n`);
}
