// No recursion on user input: deep nesting, huge sums and long let chains give a `too-complex` error with its line
// (never a stack overflow), and models just inside the limits are analysed, formatted and fitted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { formatDocument } from '../../server/src/features/format.ts';
import { semanticTokens } from '../../server/src/features/semantic-tokens.ts';
import { MAX_DEPTH, MAX_NESTING } from '../../server/src/language/complexity.ts';

const CSV = 'y,x\n' + Array.from({ length: 20 }, (_, i) => `${(1 + i * 0.37) % 5},${i % 7}`).join('\n') + '\n';
const table = (() => {
  const t = parseDataFile('d.csv', CSV);
  assert.ok(t.ok);
  return t.table;
})();
const HEAD = 'data "d.csv"\nparam a\nparam s > 0\n';
const analyse = (text: string) => analyze(text, { ok: true, path: 'd.csv', table });

/** The too-complex diagnostics with their 1-based lines. */
function tooComplex(text: string): { line: number; message: string }[] {
  const an = analyse(text);
  return an.diagnostics
    .filter((d) => d.code === 'too-complex')
    .map((d) => ({ line: text.slice(0, d.span.start).split('\n').length, message: d.message }));
}

test('100,000 nested parentheses: one too-complex error on line 4, nothing else', () => {
  const n = 100_000;
  const text = `${HEAD}let z = ${'('.repeat(n)}x${')'.repeat(n)}\ny ~ Normal(a + z, s)\n`;
  const d = tooComplex(text);
  assert.equal(d.length, 1, JSON.stringify(d));
  assert.equal(d[0].line, 4);
  assert.match(d[0].message, /nested more than 100 levels/);
  // The statements that use it are not called unknown: the only errors are the one above.
  const errors = analyse(text).diagnostics.filter((x) => x.severity === 'error');
  assert.deepEqual(
    errors.map((x) => x.code),
    ['too-complex'],
  );
});

test('100,000 unary minus signs and a 100,000-long chain of ^: too-complex, not a crash', () => {
  assert.equal(tooComplex(`${HEAD}let z = ${'- '.repeat(100_000)}x\ny ~ Normal(a + z, s)\n`).length, 1);
  assert.equal(tooComplex(`${HEAD}let z = x${' ^ 1'.repeat(100_000)}\ny ~ Normal(a + z, s)\n`).length, 1);
});

test('a sum of 1,000,000 terms: too-complex on its line (rejected before parsing)', () => {
  const text = `${HEAD}let z = ${Array(1_000_000).fill('x').join(' + ')}\ny ~ Normal(a + z * 0, s)\n`;
  const d = tooComplex(text);
  assert.equal(d.length, 1, JSON.stringify(d));
  assert.equal(d[0].line, 4);
  assert.match(d[0].message, /tokens, more than/);
});

test('a sum deeper than the limit but short enough to parse: too-complex after parsing, by depth', () => {
  const text = `${HEAD}let z = ${Array(MAX_DEPTH + 50)
    .fill('x')
    .join(' + ')}\ny ~ Normal(a + z * 0, s)\n`;
  const d = tooComplex(text);
  assert.equal(d.length, 2, JSON.stringify(d)); // the let, and the likelihood that uses it
  assert.deepEqual(
    d.map((x) => x.line),
    [4, 5],
  );
  assert.match(d[0].message, /more than 1500 operations deep/);
});

test('100,000 chained lets: the chain is cut where it gets too deep, with a bounded number of diagnostics', () => {
  const lines = [HEAD.trimEnd(), 'let v0 = x'];
  for (let i = 1; i <= 100_000; i++) lines.push(`let v${i} = v${i - 1} + 1`);
  lines.push('y ~ Normal(a + v100000 * 0, s)');
  const d = tooComplex(lines.join('\n') + '\n');
  assert.equal(d.length, 11, `${d.length} diagnostics`); // 10, then one summary
  assert.match(d[10].message, /more statements too complex/);
});

test('just inside the limits: nesting 99 and depth ~1,450 are analysed, formatted and fitted', () => {
  const nest = `${HEAD}let z = ${'('.repeat(MAX_NESTING - 1)}x${')'.repeat(MAX_NESTING - 1)}\ny ~ Normal(a + z, s)\n`;
  const deep = `${HEAD}let z = ${Array(MAX_DEPTH - 50)
    .fill('0.001 * a')
    .join(' + ')}\ny ~ Gamma(s, exp(-z))\n`;
  for (const text of [nest, deep]) {
    const an = analyse(text);
    assert.deepEqual(
      an.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    formatDocument(an);
    semanticTokens(an);
    const r = runFit(an, 'm.mle');
    assert.ok(r.ok && r.result.converged, r.ok ? JSON.stringify(r.result.diagnostics) : r.message);
  }
});
