// Fast path for large unquoted CSV/TSV bodies: scans bytes into Float64Array columns without building strings.

import { parseCell, type CellReader } from './cell.ts';
import { RaggedRows, type Ragged } from './ragged.ts';
import { TextInterner } from './intern.ts';

/** Per-column raw results of the scan; summaries are computed afterwards by the caller. */
export interface ScannedColumn {
  readonly values: Float64Array;
  missing: number;
  nonNumeric: number;
  firstNonNumeric?: { row: number; text: string };
  levels: Set<string>;
  /** Every cell's trimmed text, for a column with a non-numeric cell (a factor), as the general parser keeps it. */
  cells?: string[];
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const decoder = new TextDecoder();

/**
 * Parses the bytes of a number in [a, b) with decimal mark `dot`. Exact for up to 15 significant digits and |exponent|
 * ≤ 22 (Clinger's fast path: m and 10^e are exact doubles, so one division or multiplication rounds correctly);
 * otherwise NaN, and the caller reads the text with parseCell, so the result always equals the general parser's.
 */
function parseNumber(buf: Uint8Array, a: number, b: number, dot: number): number {
  let i = a;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
  } else if (buf[i] === 43) i++;
  let m = 0;
  let digits = 0;
  let scale = 0;
  let any = false;
  while (i < b && buf[i] >= 48 && buf[i] <= 57) {
    m = m * 10 + (buf[i] - 48);
    if (m > 0) digits++;
    any = true;
    i++;
  }
  if (i < b && buf[i] === dot) {
    i++;
    while (i < b && buf[i] >= 48 && buf[i] <= 57) {
      m = m * 10 + (buf[i] - 48);
      if (m > 0) digits++;
      scale--;
      any = true;
      i++;
    }
  }
  if (!any) return NaN;
  if (i < b && (buf[i] === 101 || buf[i] === 69)) {
    i++;
    let eneg = false;
    if (buf[i] === 45) {
      eneg = true;
      i++;
    } else if (buf[i] === 43) i++;
    let e = 0;
    let ed = false;
    while (i < b && buf[i] >= 48 && buf[i] <= 57) {
      e = e * 10 + (buf[i] - 48);
      ed = true;
      i++;
    }
    if (!ed) return NaN;
    scale += eneg ? -e : e;
  }
  if (i !== b) return NaN;
  if (digits <= 15 && scale >= -22 && scale <= 22) {
    const v = scale < 0 ? m / POW10[-scale] : m * POW10[scale];
    return neg ? -v : v;
  }
  // Long mantissas: NaN here sends the text to parseCell, which reads it exactly (either decimal mark).
  return NaN;
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
): { columns: ScannedColumn[]; rows: number } | { ragged: Ragged } | undefined {
  if (buf.indexOf(34, start) >= 0) return undefined;
  // Count rows first so every column is one exact-size Float64Array (no growth, no per-row objects).
  let rows = 0;
  for (let i = start, lineStart = start; i <= buf.length; i++) {
    if (i === buf.length || buf[i] === 10) {
      let e = i;
      if (e > lineStart && buf[e - 1] === 13) e--;
      if (!blank(buf, lineStart, e, delim)) rows++;
      lineStart = i + 1;
    }
  }
  // Field counts are checked while scanning (a line ends before its last field, or goes on after it): no extra pass.
  const ragged = new RaggedRows();
  let line = 2;
  const dot = reader.decimalComma ? 44 : 46;
  const columns: ScannedColumn[] = Array.from({ length: ncol }, () => ({
    values: new Float64Array(rows),
    missing: 0,
    nonNumeric: 0,
    levels: new Set<string>(),
  }));
  let row = 0;
  let lineStart = start;
  // Cell texts repeat (factor levels): each distinct one is decoded and classified once per column.
  const interner = new TextInterner();
  const readAs = columns.map(() => new Map<string, number | undefined>());
  for (let i = start; i <= buf.length; i++) {
    if (i !== buf.length && buf[i] !== 10) continue;
    let e = i;
    if (e > lineStart && buf[e - 1] === 13) e--;
    if (!blank(buf, lineStart, e, delim)) {
      let a = lineStart;
      let wrong = false;
      for (let c = 0; c < ncol; c++) {
        let b = a;
        while (b < e && buf[b] !== delim) b++;
        const col = columns[c];
        let s = a;
        let t = b;
        while (s < t && (buf[s] === 32 || buf[s] === 9) && buf[s] !== delim) s++;
        while (t > s && (buf[t - 1] === 32 || buf[t - 1] === 9) && buf[t - 1] !== delim) t--;
        let v = s < t ? parseNumber(buf, s, t, dot) : NaN;
        if (Number.isNaN(v) && s < t) {
          const text = interner.text(buf, s, t);
          const memo = readAs[c];
          let sp = memo.get(text);
          if (sp === undefined && !memo.has(text)) {
            sp = parseCell(text, reader);
            memo.set(text, sp);
          }
          if (sp === undefined) {
            col.nonNumeric++;
            col.firstNonNumeric ??= { row: row + 1, text };
            if (col.levels.size < 20) col.levels.add(text);
          }
          v = sp ?? NaN;
        }
        if (Number.isNaN(v)) col.missing++;
        col.values[row] = v;
        if ((b === e) !== (c === ncol - 1)) wrong = true;
        a = b < e ? b + 1 : e;
      }
      if (wrong) noteRagged(ragged, line, buf, lineStart, e, delim);
      row++;
    }
    lineStart = i + 1;
    line++;
  }
  const bad = ragged.result();
  if (bad) return { ragged: bad };
  // Non-numeric cells were counted as missing too; keep the two apart as the general path does.
  for (const col of columns) col.missing -= col.nonNumeric;
  if (columns.some((c) => c.nonNumeric > 0)) keepTexts(buf, start, columns, rows, delim, interner);
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

/** Out of the hot loop: a closure there would make V8 allocate the loop's variables on the heap for every line. */
function noteRagged(ragged: RaggedRows, line: number, buf: Uint8Array, a: number, b: number, delim: number): void {
  ragged.note(line, () => {
    const raw = decoder.decode(buf.subarray(a, b));
    return { raw, fields: raw.split(String.fromCharCode(delim)) };
  });
}

/** A line of only whitespace and delimiters has no content; papaparse's 'greedy' mode skips it, and so do we. */
function blank(buf: Uint8Array, a: number, b: number, delim: number): boolean {
  for (let i = a; i < b; i++) if (buf[i] !== 32 && buf[i] !== 9 && buf[i] !== 13 && buf[i] !== delim) return false;
  return true;
}
