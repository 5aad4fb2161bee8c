// Reads CSV/TSV bytes into numeric Float64Array columns: recognises the format, refuses what it cannot read faithfully.

import Papa from 'papaparse';
import { DEFAULT_NA, DEFAULT_READER, cellReader, parseCell, type CellReader } from './cell.ts';
import { columnFromCells } from './text-column.ts';
import { summarize } from './column-summary.ts';
import { scanNumericBody, type FeedCounter, type ScanHelper } from './fast-numeric.ts';
import { headerProblem } from './header.ts';
import { RaggedRows, raggedMessage } from './ragged.ts';
import {
  binaryKind,
  decodeText,
  detectDelimiter,
  firstLine,
  normalizeLineEndings,
  type Delimiter,
  type LineEnding,
} from './sniff.ts';

export { parseCell, DEFAULT_NA };

export interface Column {
  readonly name: string;
  /** One value per data row; NaN where the cell is missing or not a number. */
  readonly values: Float64Array;
  readonly missing: number;
  readonly nonNumeric: number;
  /** 1-based data row (header excluded) of the first non-numeric cell, and its text. */
  readonly firstNonNumeric?: { readonly row: number; readonly text: string };
  readonly integer: boolean;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Distinct values when there are few (≤ 12), sorted; for hover and support checks. */
  readonly distinct?: readonly number[];
  /** Distinct text values of a non-numeric column (first few), for hover. */
  readonly levels?: readonly string[];
  /** Every cell's trimmed text, kept only for a column with a non-numeric cell (a factor: see factors.ts). */
  readonly cells?: readonly string[];
}

/** How the file was read, so the data summary can say so when it is not plain comma-separated with decimal points. */
export interface DataFormat {
  readonly delimiter: Delimiter;
  readonly decimalComma: boolean;
  readonly lineEnding: LineEnding;
  /** The missing-value spellings in force (besides the empty cell). */
  readonly na: readonly string[];
}

export interface DataTable {
  readonly columns: readonly Column[];
  readonly byName: ReadonlyMap<string, Column>;
  readonly rows: number;
  readonly format?: DataFormat;
  /** Columns of the file that were not read (a columnar source reads only the names the model mentions). */
  readonly unread?: readonly string[];
}

export type DataParse =
  { readonly ok: true; readonly table: DataTable } | { readonly ok: false; readonly error: string };

/** What the model says about reading its data: `data "x.csv" na "-", "n/a"`. */
export interface ReadOptions {
  readonly na?: readonly string[];
}

const EMPTY = 'the file is empty or has no header row';
/** Text the byte scan would read as a number (either decimal mark). */
const NUMBER_LIKE = /^[+-]?(?:\d+[.,]?\d*|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads a data file's content. Binary and compressed files are named, not parsed; CR, LF and CRLF line ends all work;
 * the delimiter is detected from the header (`;` brings decimal commas: the European CSV). Unquoted bodies take the
 * byte-level numeric scan; anything else goes to papaparse. Both refuse ragged rows and bad headers.
 */
/** What the process may lend the scan: a second thread for large files, and the memory its columns live in. */
export interface ScanEdge {
  readonly helper?: ScanHelper;
  readonly newValues?: (n: number) => Float64Array;
  /** The helper's thread counting the second part's lines while this one counts the first. */
  readonly counter?: FeedCounter;
}

export function parseDataFile(
  path: string,
  content: string | Uint8Array,
  options: ReadOptions = {},
  edge: ScanEdge = {},
): DataParse {
  const raw = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const kind = binaryKind(raw);
  if (kind) return { ok: false, error: `it is ${kind}` };
  const { bytes, ending } = normalizeLineEndings(raw);
  const delimiter = detectDelimiter(firstLine(bytes), path);
  const decimalComma = delimiter === ';' && hasDecimalComma(bytes);
  const na = options.na ?? DEFAULT_NA;
  const reader = cellReader(na, decimalComma);
  const format: DataFormat = { delimiter, decimalComma, lineEnding: ending, na };
  // A missing-value spelling that reads as a number (-999) must be checked before the number: the general path does.
  if (!na.some((s) => NUMBER_LIKE.test(s.trim()))) {
    const fast = parseFast(bytes, delimiter, reader, format, edge);
    if (fast) return fast;
  }
  return parseDelimited(decodeText(bytes), delimiter, reader, format);
}

/** Any digit,digit in the body: with `;` between fields, the comma is then the decimal mark. */
export function hasDecimalComma(b: Uint8Array): boolean {
  for (let i = b.indexOf(44); i > 0 && i < b.length - 1; i = b.indexOf(44, i + 1))
    if (b[i - 1] >= 48 && b[i - 1] <= 57 && b[i + 1] >= 48 && b[i + 1] <= 57) return true;
  return false;
}

const isBlank = (fields: readonly string[]): boolean => fields.every((f) => f.trim() === '');

/** The general path (quotes, small strings): papaparse, row by row, keeping each row's line for messages. */
export function parseDelimited(
  text: string,
  delimiter: Delimiter,
  reader: CellReader = DEFAULT_READER,
  format?: DataFormat,
): DataParse {
  const rows: string[][] = [];
  let header: string[] | undefined;
  let ragged: RaggedRows | undefined;
  let unclosed: number | undefined;
  let line = 1;
  let cursor = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    step: (r) => {
      const start = line;
      const from = cursor;
      const to = r.meta.cursor;
      for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) line++;
      cursor = to;
      if (r.errors.some((e) => e.code === 'MissingQuotes')) unclosed ??= start;
      if (isBlank(r.data)) return;
      if (!header) {
        header = r.data.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
        ragged = new RaggedRows();
      } else {
        if (r.data.length !== header.length) ragged!.note(start, () => ({ fields: r.data, raw: text.slice(from, to) }));
        rows.push(r.data);
      }
    },
  });
  if (!header) return { ok: false, error: EMPTY };
  if (unclosed !== undefined) return { ok: false, error: `line ${unclosed} opens a quoted field that is never closed` };
  const bad = headerProblem(header);
  if (bad) return { ok: false, error: bad };
  const r = ragged!.result();
  if (r) return { ok: false, error: raggedMessage(r, header.length, delimiter) };
  const columns: Column[] = header.map((name, j) => buildColumn(name, rows, j, reader));
  return { ok: true, table: { columns, byName: new Map(columns.map((c) => [c.name, c])), rows: rows.length, format } };
}

/** Column j of the split rows (a short row's missing field reads as an empty cell). */
function buildColumn(name: string, rows: string[][], j: number, reader: CellReader): Column {
  return columnFromCells(
    name,
    rows.map((r) => r[j]),
    reader,
  );
}

function parseFast(
  bytes: Uint8Array,
  delimiter: Delimiter,
  reader: CellReader,
  format: DataFormat,
  edge: ScanEdge,
): DataParse | undefined {
  const nl = bytes.indexOf(10);
  const headerText = firstLine(bytes);
  if (headerText.includes('"')) return undefined;
  const header = headerText.split(delimiter).map((h) => h.trim());
  if (header.every((h) => h === '')) return undefined;
  const bad = headerProblem(header);
  if (bad) return { ok: false, error: bad };
  const start = nl < 0 ? bytes.length : nl + 1;
  const scanned = scanNumericBody(
    bytes,
    start,
    header.length,
    delimiter.charCodeAt(0),
    reader,
    edge.helper,
    edge.newValues,
    edge.counter,
  );
  if (!scanned) return undefined;
  if ('ragged' in scanned) return { ok: false, error: raggedMessage(scanned.ragged, header.length, delimiter) };
  // Text columns (factors) keep every cell's text, read by the scan's second pass.
  const columns = header.map((name, j): Column => {
    const c = scanned.columns[j];
    const column = summarize(name, c.values, c.missing, c.nonNumeric, c.firstNonNumeric, c.levels, c.stats);
    return c.cells ? { ...column, cells: c.cells } : column;
  });
  return {
    ok: true,
    table: { columns, byName: new Map(columns.map((c) => [c.name, c])), rows: scanned.rows, format },
  };
}
