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
  /** The numbers' range, sum, count and integrality, tallied by the scan. */
  stats?: ColumnStats;
}

/**
 * What column-summary.ts's first loop computes, tallied row by row as the scan writes each row (the values are in
 * registers then, not read back from 8 MB per column): over the numbers (NaN skipped), in row order, so the sum is the
 * same double.
 */
/** A helper thread's stats of its rows, per column (its sum is not used: sums must run in row order). */
export interface PartStats {
  readonly min: ArrayLike<number>;
  readonly max: ArrayLike<number>;
  readonly fraction: ArrayLike<number>;
}

export interface ColumnStats {
  min: number;
  max: number;
  sum: number;
  count: number;
  integer: boolean;
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const TWO53 = 2 ** 53;
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
  /** The columns' arrays, as the hot loop writes them. */
  private readonly out: readonly Float64Array[];
  /** Per column, over the rows read so far: ColumnStats in flat arrays (fraction[c] = 1 once a value is not whole). */
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly sum: Float64Array;
  readonly fraction: Uint8Array;
  /** Each column's sum before the current line's value: a line the fast reading gives up on is taken back out. */
  private readonly before: Float64Array;
  row = 0;
  /** Told every 4,096 lines how many rows are whole (a helper thread's reader sums them while it waits). */
  onRows?: (rows: number) => void;

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
    this.out = values;
    this.min = new Float64Array(ncol).fill(Infinity);
    this.max = new Float64Array(ncol).fill(-Infinity);
    this.sum = new Float64Array(ncol);
    this.before = new Float64Array(ncol);
    this.fraction = new Uint8Array(ncol);
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
      if ((line & 4095) === 0 && this.onRows) this.onRows(this.row);
      const next = lineStart < n ? this.fastLine(lineStart) : -2;
      if (next >= 0) {
        this.row++;
        lineStart = next;
      } else {
        // The sums of the columns it had added (−2 − next of them) go back to what they were: the reference reading
        // adds the line once. Range and integrality need no undoing (the re-reading gives the same numbers again).
        for (let c = 0; c < -2 - next; c++) this.sum[c] = this.before[c];
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
   * where the next line starts, or −1 when any field needs the reference reading. The integer and fraction digits
   * accumulate in int32 (≤ 9 digits each cannot overflow; longer runs are re-read in doubles), then m = int·10^f + frac.
   * Every step is exact while m < 2^53 and rounding is monotone, so m ≥ 2^53 flags any inexact m; below it, m and
   * 10^|e| (|e| ≤ 22) are exact doubles and one division or multiplication rounds correctly (Clinger's fast path):
   * the value Number() gives for the text.
   */
  private fastLine(at: number): number {
    const { buf, delim, dot, ncol, out, row, min, max, sum, before, fraction } = this;
    const n = buf.length;
    let p = at;
    for (let c = 0; c < ncol; c++) {
      let ch = buf[p];
      let neg = false;
      if (ch === 45) {
        neg = true;
        ch = buf[++p];
      } else if (ch === 43) ch = buf[++p];
      const i0 = p;
      let ip = 0;
      while (ch >= 48 && ch <= 57) {
        ip = (ip * 10 + (ch - 48)) | 0;
        ch = buf[++p];
      }
      const il = p - i0;
      let m = ip;
      let scale = 0;
      if (ch === dot) {
        const f0 = ++p;
        ch = buf[p];
        let fp = 0;
        while (ch >= 48 && ch <= 57) {
          fp = (fp * 10 + (ch - 48)) | 0;
          ch = buf[++p];
        }
        scale = f0 - p;
        if (il === 0 && scale === 0) return -2 - c;
        m = il > 9 || scale < -9 ? digitsValue(buf, i0, p) : ip * POW10[-scale] + fp;
      } else if (il === 0) return -2 - c;
      else if (il > 9) m = digitsValue(buf, i0, p);
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
        if (!ed) return -2 - c;
        scale += eneg ? -e : e;
      }
      if (m >= TWO53 || scale < -22 || scale > 22) return -2 - c;
      const v = scale < 0 ? m / POW10[-scale] : m * POW10[scale];
      const x = neg ? -v : v;
      out[c][row] = x;
      // Stats as summarize would compute them, while x is in a register (see ColumnStats).
      const s = sum[c];
      before[c] = s;
      sum[c] = s + x;
      if (x < min[c]) min[c] = x;
      if (x > max[c]) max[c] = x;
      if (fraction[c] === 0 && x !== Math.trunc(x)) fraction[c] = 1;
      if (c < ncol - 1) {
        // Another field must follow.
        if (ch !== delim) return -3 - c;
        p++;
      } else if (p >= n) return n + 1;
      else if (ch === 10) return p + 1;
      else if (ch === 13 && (p + 1 >= n || buf[p + 1] === 10)) return p + 2;
      else return -3 - c;
    }
    return -2;
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
    for (let c = 0; c < ncol; c++) this.tally(c, columns[c].values[row]);
    this.row++;
  }

  /** Adds a number of column c to its stats (NaN, a missing or text cell, is not one). */
  private tally(c: number, v: number): void {
    if (v !== v) return;
    if (v < this.min[c]) this.min[c] = v;
    if (v > this.max[c]) this.max[c] = v;
    this.sum[c] += v;
    if (v !== Math.trunc(v)) this.fraction[c] = 1;
  }

  /** Rows [a, b) that another thread read, without its stats: tallied here as if this scan had read them. */
  tallyRows(a: number, b: number): void {
    for (let r = a; r < b; r++) for (let c = 0; c < this.ncol; c++) this.tally(c, this.out[c][r]);
  }

  /** Adds rows [a, b) to `sums` (one per column), in row order: how the sum goes on over another thread's rows. */
  sumRows(sums: Float64Array, a: number, b: number): void {
    for (let c = 0; c < this.ncol; c++) {
      const v = this.out[c];
      let s = sums[c];
      for (let r = a; r < b; r++) {
        const x = v[r];
        if (x === x) s += x;
      }
      sums[c] = s;
    }
  }

  /**
   * Takes in the stats of rows another thread read after this scan's: min, max and integrality merge in any order (a
   * tie keeps this scan's, the earlier row's, as one sweep would); `sums` went on over its rows in row order (sumRows).
   */
  merge(other: PartStats, sums: Float64Array): void {
    const { min, max, fraction, ncol } = this;
    for (let c = 0; c < ncol; c++) {
      if (other.min[c] < min[c]) min[c] = other.min[c];
      if (other.max[c] > max[c]) max[c] = other.max[c];
      if (other.fraction[c]) fraction[c] = 1;
    }
    this.sum.set(sums);
  }

  /** Column c's stats so far, given its count of numbers (rows less missing and text cells: the cells read as NaN). */
  stats(c: number, count: number): ColumnStats {
    return { min: this.min[c], max: this.max[c], sum: this.sum[c], count, integer: this.fraction[c] === 0 };
  }
}

/**
 * The digits in [a, b) (a decimal mark among them skipped) as one integer, accumulated in doubles: exact below 2^53,
 * and ≥ 2^53 whenever the exact value is (so the caller's 2^53 test still refuses every inexact one).
 */
function digitsValue(buf: Uint8Array, a: number, b: number): number {
  let m = 0;
  for (let i = a; i < b; i++) {
    const d = buf[i] - 48;
    if (d >= 0 && d <= 9) m = m * 10 + d;
  }
  return m;
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
