// Parses CSV/TSV text into numeric Float64Array columns (papaparse does the parsing) with per-column summaries.

import Papa from 'papaparse';
import { scanNumericBody } from './fast-numeric.ts';

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

export interface DataTable {
  readonly columns: readonly Column[];
  readonly byName: ReadonlyMap<string, Column>;
  readonly rows: number;
}

export type DataParse =
  { readonly ok: true; readonly table: DataTable } | { readonly ok: false; readonly error: string };

const MISSING = new Set(['', 'NA', 'NaN', '.']);

/** Parses one cell: NaN for missing, undefined for non-numeric text. */
export function parseCell(raw: string): number | undefined {
  const s = raw.trim();
  if (MISSING.has(s)) return NaN;
  const lower = s.toLowerCase();
  if (lower === 'true') return 1;
  if (lower === 'false') return 0;
  const v = Number(s);
  if (Number.isNaN(v) || s === '') return undefined;
  return v;
}

export function parseDelimited(text: string, delimiter: ',' | '\t'): DataParse {
  const result = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy', header: false });
  const rowsRaw = result.data;
  if (rowsRaw.length === 0 || rowsRaw[0].every((h) => h.trim() === ''))
    return { ok: false, error: 'the file is empty or has no header row' };
  const header = rowsRaw[0].map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
  const n = rowsRaw.length - 1;
  const columns: Column[] = header.map((name, j) => buildColumn(name, rowsRaw, j, n));
  const byName = new Map(columns.map((c) => [c.name, c]));
  return { ok: true, table: { columns, byName, rows: n } };
}

function buildColumn(name: string, rowsRaw: string[][], j: number, n: number): Column {
  const values = new Float64Array(n);
  let missing = 0;
  let nonNumeric = 0;
  let firstNonNumeric: Column['firstNonNumeric'];
  const levels = new Set<string>();
  for (let i = 0; i < n; i++) {
    const raw = rowsRaw[i + 1][j] ?? '';
    const v = parseCell(raw);
    if (v === undefined) {
      nonNumeric++;
      values[i] = NaN;
      if (!firstNonNumeric) firstNonNumeric = { row: i + 1, text: raw.trim() };
      if (levels.size < 20) levels.add(raw.trim());
      continue;
    }
    values[i] = v;
    if (Number.isNaN(v)) missing++;
  }
  const column = summarize(name, values, missing, nonNumeric, firstNonNumeric, levels);
  return nonNumeric ? { ...column, cells: rowsRaw.slice(1).map((r) => (r[j] ?? '').trim()) } : column;
}

/** Column summaries (range, mean, integrality, small sets of distinct values) from its values. */
function summarize(
  name: string,
  values: Float64Array,
  missing: number,
  nonNumeric: number,
  firstNonNumeric: Column['firstNonNumeric'],
  levels: Set<string>,
): Column {
  const n = values.length;
  let integer = true;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== v) continue;
    if (integer && v !== Math.trunc(v)) integer = false;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    count++;
  }
  let distinct: number[] | undefined;
  if (integer && count > 0 && max - min <= 1e6) {
    const set = new Set<number>();
    for (let i = 0; i < n && set.size <= 12; i++) if (values[i] === values[i]) set.add(values[i]);
    if (set.size <= 12) distinct = [...set].sort((a, b) => a - b);
  }
  return {
    name,
    values,
    missing,
    nonNumeric,
    firstNonNumeric,
    integer: integer && count > 0,
    min: count ? min : NaN,
    max: count ? max : NaN,
    mean: count ? sum / count : NaN,
    distinct,
    levels: nonNumeric ? [...levels] : undefined,
  };
}

/** Above this size a string is worth re-encoding to bytes for the fast numeric scan. */
const FAST_PATH_BYTES = 1 << 20;

/**
 * Reads a data file's content. The delimiter comes from the extension (.tsv is tab, anything else comma). Bytes
 * (or a large string) whose body has no quotes take the byte-level numeric scan; anything else goes to papaparse.
 */
export function parseDataFile(path: string, content: string | Uint8Array): DataParse {
  const delimiter = path.toLowerCase().endsWith('.tsv') ? '\t' : ',';
  const bytes =
    typeof content === 'string'
      ? content.length > FAST_PATH_BYTES
        ? new TextEncoder().encode(content)
        : undefined
      : content;
  if (bytes) {
    const fast = parseFast(bytes, delimiter);
    if (fast) return fast;
  }
  return parseDelimited(typeof content === 'string' ? content : new TextDecoder().decode(content), delimiter);
}

function parseFast(bytes: Uint8Array, delimiter: ',' | '\t'): DataParse | undefined {
  const nl = bytes.indexOf(10);
  const headerEnd = nl < 0 ? bytes.length : nl;
  const headerText = new TextDecoder()
    .decode(bytes.subarray(0, headerEnd))
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '');
  const header = (Papa.parse<string[]>(headerText, { delimiter, header: false }).data[0] ?? []).map((h) => h.trim());
  if (header.length === 0 || header.every((h) => h === ''))
    return { ok: false, error: 'the file is empty or has no header row' };
  const scanned = scanNumericBody(bytes, nl < 0 ? bytes.length : nl + 1, header.length, delimiter.charCodeAt(0));
  // Text columns (factors) need every cell's text, which only the general parser keeps.
  if (!scanned || scanned.columns.some((c) => c.nonNumeric > 0)) return undefined;
  const columns = header.map((name, j) => {
    const c = scanned.columns[j];
    return summarize(name, c.values, c.missing, c.nonNumeric, c.firstNonNumeric, c.levels);
  });
  return { ok: true, table: { columns, byName: new Map(columns.map((c) => [c.name, c])), rows: scanned.rows } };
}
