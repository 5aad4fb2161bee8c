// Fast path for large unquoted CSV/TSV bodies: scans bytes into Float64Array columns without building strings.

import type { CellReader } from './cell.ts';
import type { Ragged } from './ragged.ts';
import { BodyScan, blank, type PartStats, type ScannedColumn } from './body-scan.ts';
import type { TextInterner } from './intern.ts';
import { byteView, countFeeds } from './byte-search.ts';

export type { ScannedColumn };

/**
 * A second thread's share of a large body (node/scan-threads.ts): it reads the lines in [from, buf.length) into the
 * shared `values` from row `row` on, or declines (undefined: a small file is quicker on one thread). `wait()` gives its row count and missing counts per column, or undefined when its
 * lines need what only one sweep can give (text cells, ragged lines) or it did not start: the caller reads them then.
 */
export type ScanHelper = (
  buf: Uint8Array,
  from: number,
  ncol: number,
  delim: number,
  reader: CellReader,
  values: readonly Float64Array[],
  row: number,
) => { wait(onRows?: (upTo: number) => void): HelperPart | undefined } | undefined;

/**
 * The same thread's line-feed count of [from, buf.length), started while the caller counts the first part: `result()`
 * gives it, or undefined when the thread had not taken it up (the caller counts those lines itself then).
 */
export type FeedCounter = (buf: Uint8Array, from: number) => { result(): number | undefined } | undefined;

/** What the helper read: its row count, missing counts per column and (when it sends them) its rows' stats. */
export interface HelperPart {
  readonly rows: number;
  readonly missing: readonly number[];
  readonly stats?: PartStats;
}

/**
 * Scans the body (bytes after the header line, which is line 1) into `ncol` columns. Returns undefined when the body
 * contains a double quote, so quoted fields always go through the general parser, and the first ragged line (field
 * count other than `ncol`) instead of columns when there is one.
 */
export function scanNumericBody(
  buf: Uint8Array,
  start: number,
  ncol: number,
  delim: number,
  reader: CellReader,
  helper?: ScanHelper,
  newValues: (n: number) => Float64Array = (n) => new Float64Array(n),
  counter?: FeedCounter,
): { columns: ScannedColumn[]; rows: number } | { ragged: Ragged } | undefined {
  if (byteView(buf).indexOf(34, start) >= 0) return undefined;
  // Line feeds bound the row count (blank lines are skipped), so every column is one Float64Array, trimmed at the end
  // only when some line was blank.
  // Counted in two parts at the split point (the first part's feeds are the second part's first row): one sweep, the
  // second part on the helper's thread when it takes it up.
  const split = helper ? byteView(buf).indexOf(10, (start + buf.length) >> 1) + 1 : 0;
  const theirs = split > start ? counter?.(buf, split) : undefined;
  const first = split > start ? countLines(buf, start, split) - 1 : 0;
  const from = Math.max(start, split);
  const lines = first + 1 + (theirs?.result() ?? countFeeds(buf, from, buf.length));
  const values = Array.from({ length: ncol }, () => (helper ? newValues(lines) : new Float64Array(lines)));
  const scan = new BodyScan(buf, ncol, delim, reader, values);
  if (split > start) {
    // The second half of the lines goes to another thread, into rows from `first` on; this thread reads the first.
    const other = helper!(buf, split, ncol, delim, reader, values, first);
    const line = scan.run(start, split - 1, 2);
    // While the helper reads, the sums go on over the rows it has finished (rows from `first` on), in row order; kept
    // apart until it reports success (else this thread reads those lines itself and sums them then).
    const sums = Float64Array.from(scan.sum);
    let summed = first;
    const part = other?.wait((upTo) => {
      scan.sumRows(sums, summed, upTo);
      summed = upTo;
    });
    if (part) {
      scan.sumRows(sums, summed, first + part.rows);
      // Blank lines in the first half leave a gap between the halves' rows: close it.
      if (scan.row < first) for (const v of values) v.copyWithin(scan.row, first, first + part.rows);
      const a = scan.row;
      scan.row += part.rows;
      part.missing.forEach((m, c) => (scan.columns[c].missing += m));
      if (part.stats) scan.merge(part.stats, sums);
      else scan.tallyRows(a, scan.row);
    } else scan.run(split, buf.length, line);
  } else scan.run(start, buf.length, 2);
  const bad = scan.ragged.result();
  if (bad) return { ragged: bad };
  const { columns, row: rows } = scan;
  // Blank lines leave unused rows at the end: a view, not a copy (a copy would double a large column for a moment).
  if (rows < lines) for (const col of columns) col.values = col.values.subarray(0, rows);
  // Non-numeric cells were counted as missing too; keep the two apart as the general path does.
  for (const col of columns) col.missing -= col.nonNumeric;
  columns.forEach((col, c) => (col.stats = scan.stats(c, rows - col.missing - col.nonNumeric)));
  if (columns.some((c) => c.nonNumeric > 0)) keepTexts(buf, start, columns, rows, delim, scan.interner);
  return { columns, rows };
}

/** Second pass for the text columns only: every cell's trimmed text (interned), row by row as the scan counted them. */
function keepTexts(
  buf: Uint8Array,
  start: number,
  columns: ScannedColumn[],
  rows: number,
  delim: number,
  interner: TextInterner,
): void {
  const ncol = columns.length;
  const wanted = columns.map((c) => (c.nonNumeric > 0 ? (c.cells = new Array<string>(rows)) : undefined));
  let row = 0;
  let lineStart = start;
  for (let i = start; i <= buf.length; i++) {
    if (i !== buf.length && buf[i] !== 10) continue;
    let e = i;
    if (e > lineStart && buf[e - 1] === 13) e--;
    if (!blank(buf, lineStart, e, delim)) {
      let a = lineStart;
      for (let c = 0; c < ncol; c++) {
        let b = a;
        while (b < e && buf[b] !== delim) b++;
        const out = wanted[c];
        if (out) out[row] = interner.text(buf, a, b);
        a = b < e ? b + 1 : e;
      }
      row++;
    }
    lineStart = i + 1;
  }
}

/** Lines in [a, b): one more than the line feeds (memchr: ~35 ms per 100 MB of short lines). */
export function countLines(buf: Uint8Array, a: number, b: number): number {
  return 1 + countFeeds(buf, a, b);
}
