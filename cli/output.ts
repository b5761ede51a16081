/** Printing for the CLI: a readable two-column view or a table by default, JSON with --json. */
export interface OutputOptions {
  json?: boolean;
}

export function printRecord(record: object, options: OutputOptions): void {
  if (options.json) {
    console.log(JSON.stringify(record, null, 2));
    return;
  }
  const entries = Object.entries(record).filter(([, v]) => v !== undefined && typeof v !== 'object');
  const width = Math.max(...entries.map(([k]) => k.length));
  for (const [key, value] of entries) console.log(`${key.padEnd(width)}  ${String(value)}`);
  for (const [key, value] of Object.entries(record)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      console.log(`${key.padEnd(width)}  ${JSON.stringify(value)}`);
    }
  }
}

export function printTable(rows: Record<string, unknown>[], columns: string[], options: OutputOptions): void {
  if (options.json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  if (rows.length === 0) {
    console.log('(none)');
    return;
  }
  const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(columns.map((c) => cell(row[c]))));
}
