// Number formatting for the results view: pure functions, so they can be unit-tested without a DOM.

/** What a missing value (null in the fit JSON) shows as. */
export const MISSING = '—';

/** Significant digits of a number when the caller asks for none: the `mle.results.digits` setting (default 6). */
let displayDigits = 6;

/** Sets the default significant digits (1 to 17; anything else is ignored). */
export function setDisplayDigits(digits: number | undefined): void {
  if (typeof digits === 'number' && Number.isInteger(digits) && digits >= 1 && digits <= 17) displayDigits = digits;
}

/**
 * About six significant digits (the `mle.results.digits` setting), trailing zeros dropped; exponent form for very large or small magnitudes
 * (so an SE of 1e-12 does not read as 0). The full-precision number goes in the cell's `data-value`.
 */
export function formatNumber(x: number | null | undefined, digits = displayDigits): string {
  if (x === null || x === undefined) return MISSING;
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-4) return tidyExponent(x.toExponential(digits - 1));
  return String(Number(x.toPrecision(digits)));
}

/** "1.50000e-7" → "1.5e-7": zeros before the exponent carry no information. */
function tidyExponent(s: string): string {
  return s.replace(/\.?0+e/, 'e').replace('e+', 'e');
}

/** p-values as R prints them: below machine epsilon only the bound is meaningful. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined) return MISSING;
  if (p < 2.2e-16) return '< 2.2e-16';
  return formatNumber(p, 4);
}

/** Counts and iteration numbers. */
export function formatInteger(x: number | null | undefined): string {
  return x === null || x === undefined ? MISSING : String(x);
}

/** The `data-value` attribute: the number exactly as JavaScript prints it, or "null". */
export function dataValue(x: number | null | undefined): string {
  return x === null || x === undefined ? 'null' : String(x);
}

/** 0.95 → "95", 0.9 → "90", 0.975 → "97.5". */
export function formatLevel(level: number): string {
  return String(Number((level * 100).toPrecision(6)));
}
