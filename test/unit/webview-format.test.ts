// Number formatting of the results webview: six significant digits, exponent form at the extremes, "—" for null.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dataValue, formatInteger, formatLevel, formatNumber, formatP, MISSING } from '../../client/webview/format.ts';

test('formatNumber keeps about six significant digits and drops trailing zeros', () => {
  assert.equal(formatNumber(-1.2345678901234), '-1.23457');
  assert.equal(formatNumber(143.9), '143.9');
  assert.equal(formatNumber(123456.7), '123457');
  assert.equal(formatNumber(0.000123456789), '0.000123457');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(2), '2');
});

test('formatNumber switches to exponent form for tiny and huge magnitudes', () => {
  assert.equal(formatNumber(1.234e-10), '1.234e-10');
  assert.equal(formatNumber(1e-10), '1e-10');
  assert.equal(formatNumber(-2.5e-5), '-2.5e-5');
  assert.equal(formatNumber(12345678), '1.23457e7');
  assert.equal(formatNumber(12.345, 3), '12.3');
});

test('missing and non-finite values', () => {
  assert.equal(formatNumber(null), MISSING);
  assert.equal(formatNumber(undefined), MISSING);
  assert.equal(MISSING, '—');
  assert.equal(formatNumber(Infinity), '∞');
  assert.equal(formatNumber(-Infinity), '−∞');
  assert.equal(formatNumber(NaN), 'NaN');
  assert.equal(formatInteger(null), MISSING);
  assert.equal(formatInteger(248), '248');
});

test("p-values use four digits and R's machine-epsilon floor", () => {
  assert.equal(formatP(0.0020912345), '0.002091');
  assert.equal(formatP(2.46e-8), '2.46e-8');
  assert.equal(formatP(0), '< 2.2e-16');
  assert.equal(formatP(1e-300), '< 2.2e-16');
  assert.equal(formatP(null), MISSING);
});

test('data-value is the exact JavaScript number text, or "null"', () => {
  assert.equal(dataValue(-1.2345678901234567), '-1.2345678901234567');
  assert.equal(Number(dataValue(0.1 + 0.2)), 0.1 + 0.2);
  assert.equal(dataValue(null), 'null');
});

test('formatLevel', () => {
  assert.equal(formatLevel(0.95), '95');
  assert.equal(formatLevel(0.9), '90');
  assert.equal(formatLevel(0.975), '97.5');
});
