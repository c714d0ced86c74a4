// Printing for CLI commands: JSON when asked, aligned text tables otherwise, and progress only on a TTY.

/** Writes `data` as pretty JSON followed by a newline. */
export function printJson(data: unknown): void {
  process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
}

/** Formats rows as a left-aligned text table with a header row. */
/** A titled table, or the title and an indented `empty` line when there are no rows. */
export function titledTable(
  title: string,
  headers: string[],
  rows: (string | number | null | undefined)[][],
  empty = 'none',
): string {
  return `${title}\n${rows.length > 0 ? table(headers, rows) : `  ${empty}`}`;
}

export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
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
