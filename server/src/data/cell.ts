// How one CSV cell reads as a number: the missing-value spellings, TRUE/FALSE, and the decimal mark of the file.

/** The spellings v1 reads as missing when the model does not list its own (`data "x.csv" na "-"`). */
export const DEFAULT_NA: readonly string[] = ['NA', 'NaN', '.'];

export interface CellReader {
  /** Cell texts (trimmed) that mean "missing"; the empty cell is always missing. */
  readonly na: ReadonlySet<string>;
  /** True for the European convention: `1,5` is 1.5 and a `.` in a number makes it unreadable, never a guess. */
  readonly decimalComma: boolean;
}

export const cellReader = (na: readonly string[] = DEFAULT_NA, decimalComma = false): CellReader => ({
  na: new Set(['', ...na]),
  decimalComma,
});

export const DEFAULT_READER = cellReader();

/** A number written with a decimal comma: `1,5`, `-0,25`, `,5`, `3,0e-2`; no `.` (thousands separators are refused). */
const DECIMAL_COMMA = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;

/** Parses one cell: NaN for missing, undefined for non-numeric text. */
export function parseCell(raw: string, reader: CellReader = DEFAULT_READER): number | undefined {
  const s = raw.trim();
  if (reader.na.has(s)) return NaN;
  const lower = s.toLowerCase();
  if (lower === 'true') return 1;
  if (lower === 'false') return 0;
  if (reader.decimalComma) return DECIMAL_COMMA.test(s) ? Number(s.replace(',', '.')) : undefined;
  const v = Number(s);
  // Number() also reads "", "0x1F", "Infinity" and " "; only decimal notation is a number in a data file.
  if (Number.isNaN(v) || !/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return undefined;
  return v;
}
