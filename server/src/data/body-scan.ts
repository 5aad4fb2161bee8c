// One sweep over a range of a CSV body's lines into Float64Array columns: the fused fast reading and the reference one.

import { parseCell, type CellReader } from './cell.ts';
import { RaggedRows } from './ragged.ts';
import { TextInterner } from './intern.ts';

/** Per-column raw results of the scan; summaries are computed afterwards by the caller. */
export interface ScannedColumn {
  values: Float64Array;
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
 * One pass over the body. Each line is first read by `fastLine`, which parses every field in the same sweep that
 * finds its end (plain decimal numbers only); a line it cannot take whole (blank, ragged, a missing value, text,
 * spaces, a long mantissa) is read again by `slowLine`, the reference reading, so both give the same columns.
 */
export class BodyScan {
  readonly columns: ScannedColumn[];
  readonly ragged = new RaggedRows();
  // Cell texts repeat (factor levels): each distinct one is decoded and classified once per column.
  readonly interner = new TextInterner();
  private readonly readAs: Map<string, number | undefined>[];
  private readonly dot: number;
  row = 0;

  /** `values`: one array per column, written from row `row` on (a helper thread's share starts mid-column). */
  constructor(
    private readonly buf: Uint8Array,
    private readonly ncol: number,
    private readonly delim: number,
    private readonly reader: CellReader,
    values: readonly Float64Array[],
    row = 0,
  ) {
    this.dot = reader.decimalComma ? 44 : 46;
    this.row = row;
    this.columns = values.map((v) => ({ values: v, missing: 0, nonNumeric: 0, levels: new Set<string>() }));
    this.readAs = this.columns.map(() => new Map<string, number | undefined>());
  }

  /**
   * Reads the lines that start in [start, end] (`end` = the buffer's length for the last range), numbered from `line`
   * (the file's line of the first one); returns the line number after the last.
   */
  run(start: number, end: number, line: number): number {
    const buf = this.buf;
    const n = buf.length;
    let lineStart = start;
    while (lineStart <= end && lineStart <= n) {
      const next = lineStart < n ? this.fastLine(lineStart) : -1;
      if (next >= 0) {
        this.row++;
        lineStart = next;
      } else {
        let i = buf.indexOf(10, lineStart);
        if (i < 0) i = n;
        let e = i;
        if (e > lineStart && buf[e - 1] === 13) e--;
        if (!blank(buf, lineStart, e, this.delim)) this.slowLine(lineStart, e, line);
        lineStart = i + 1;
      }
      line++;
    }
    return line;
  }

  /**
   * Reads a line of plain numbers (sign, digits, decimal mark, exponent; no spaces) into row `this.row` and returns
   * where the next line starts, or −1 when any field needs the reference reading. Numbers are exact by Clinger's fast
   * path (≤ 15 significant digits, |exponent| ≤ 22: one correctly rounded division or multiplication).
   */
  private fastLine(at: number): number {
    const { buf, delim, dot, ncol, columns, row } = this;
    const n = buf.length;
    let p = at;
    for (let c = 0; c < ncol; c++) {
      let ch = buf[p];
      let neg = false;
      if (ch === 45) {
        neg = true;
        ch = buf[++p];
      } else if (ch === 43) ch = buf[++p];
      let m = 0;
      let digits = 0;
      let scale = 0;
      let any = false;
      while (ch >= 48 && ch <= 57) {
        m = m * 10 + (ch - 48);
        if (m > 0) digits++;
        any = true;
        ch = buf[++p];
      }
      if (ch === dot) {
        ch = buf[++p];
        while (ch >= 48 && ch <= 57) {
          m = m * 10 + (ch - 48);
          if (m > 0) digits++;
          scale--;
          any = true;
          ch = buf[++p];
        }
      }
      if (!any) return -1;
      if (ch === 101 || ch === 69) {
        ch = buf[++p];
        let eneg = false;
        if (ch === 45) {
          eneg = true;
          ch = buf[++p];
        } else if (ch === 43) ch = buf[++p];
        let e = 0;
        let ed = false;
        while (ch >= 48 && ch <= 57) {
          e = e * 10 + (ch - 48);
          ed = true;
          ch = buf[++p];
        }
        if (!ed) return -1;
        scale += eneg ? -e : e;
      }
      if (digits > 15 || scale < -22 || scale > 22) return -1;
      const v = scale < 0 ? m / POW10[-scale] : m * POW10[scale];
      columns[c].values[row] = neg ? -v : v;
      if (c < ncol - 1) {
        // Another field must follow.
        if (ch !== delim) return -1;
        p++;
      } else if (p >= n) return n + 1;
      else if (ch === 10) return p + 1;
      else if (ch === 13 && (p + 1 >= n || buf[p + 1] === 10)) return p + 2;
      else return -1;
    }
    return -1;
  }

  /** The reference reading of one non-blank line [a, e): trims, reads text cells, counts missing, notes raggedness. */
  private slowLine(lineStart: number, e: number, line: number): void {
    const { buf, delim, dot, ncol, columns, row, reader } = this;
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
        const text = this.interner.text(buf, s, t);
        const memo = this.readAs[c];
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
    if (wrong) noteRagged(this.ragged, line, buf, lineStart, e, delim);
    this.row++;
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
export function blank(buf: Uint8Array, a: number, b: number, delim: number): boolean {
  for (let i = a; i < b; i++) if (buf[i] !== 32 && buf[i] !== 9 && buf[i] !== 13 && buf[i] !== delim) return false;
  return true;
}
