// Editor features for factors and vector parameters: level completion, hover with level counts, semantic tokens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';
import { parseDelimited } from '../../server/src/data/table.ts';
import { completion } from '../../server/src/features/completion.ts';
import { hover } from '../../server/src/features/hover.ts';
import { semanticTokens } from '../../server/src/features/semantic-tokens.ts';
import { estimateHints } from '../../server/src/features/inlay-hints.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';

const parsed = parseDelimited('y,g,h,n\n1,B,x,4\n2,A,y,6\n3,B,x,8\n4,B,y,4\n', ',');
assert.ok(parsed.ok);
const DATA: DataLoad = { ok: true, path: 'd.csv', table: parsed.table };

/** Completion labels at the `|` of `text` (the marker removed). */
const labelsAt = (text: string): string[] => {
  const at = text.indexOf('|');
  const src = text.slice(0, at) + text.slice(at + 1);
  return completion(analyze(src, DATA), at).map((e) => e.label);
};

test('completion offers the levels inside b["…"], by index position, and inside ref "…"', () => {
  const head = 'data "d.csv"\nparam a\nparam b[g, h]\n';
  assert.deepEqual(labelsAt(`${head}derive d = b["|"]`), ['A', 'B']);
  assert.deepEqual(labelsAt(`${head}derive d = b["A", "|"]`), ['x', 'y']);
  assert.deepEqual(labelsAt('data "d.csv"\nparam c[g] ref "|"\n'), ['A', 'B']);
  assert.deepEqual(labelsAt('data "d.csv"\nparam c[factor(n)] ref "|"\n'), ['4', '6', '8']);
  const item = completion(analyze(`${head}derive d = b["A"]`, DATA), `${head}derive d = b["`.length)[0];
  assert.match(item.detail ?? '', /level of g · 1 rows/);
});

test('completion after a vector declaration offers ref and simplex', () => {
  const labels = labelsAt('data "d.csv"\nparam c[g] |');
  assert.ok(labels.includes('ref') && labels.includes('simplex'), labels.join(','));
  assert.ok(!labelsAt('data "d.csv"\nparam c |').includes('ref'));
});

test('hover on a factor column shows its levels with counts; on a vector, its elements', () => {
  const text = 'data "d.csv"\nparam b[g] ref\nparam s > 0\ny ~ Normal(b[g], s)\n';
  const an = analyze(text, DATA);
  const col = hover(an, text.indexOf('[g]') + 1)?.markdown ?? '';
  assert.match(col, /factor · 2 levels/);
  assert.match(col, /`A` \(1\), `B` \(3\)/);
  const vec = hover(an, text.indexOf('b[g]'))?.markdown ?? '';
  assert.match(vec, /2 elements: `b\[A\]`, `b\[B\]`/);
  assert.match(vec, /fixed at 0 by `ref`: `b\[A\]`/);
});

test('semantic tokens: ref and simplex are keywords, factor( is a function, index columns are columns', () => {
  const text =
    'data "d.csv"\nparam b[factor(n)] ref\nparam w[1:2] simplex\nparam s > 0\ny ~ Normal(b[factor(n)] + w[1], s)\n';
  const toks = semanticTokens(analyze(text, DATA));
  const typeAt = (s: string, from = 0): string | undefined =>
    toks.find((t) => t.span.start === text.indexOf(s, from))?.type;
  assert.equal(typeAt('ref'), 'keyword');
  assert.equal(typeAt('simplex'), 'keyword');
  assert.equal(typeAt('factor'), 'function');
  assert.equal(typeAt('n)]'), 'property');
  assert.equal(typeAt('factor', text.indexOf('~')), 'function');
  assert.equal(typeAt('b[factor', text.indexOf('~')), 'parameter');
});

test('after a fit, a vector declaration gets one inlay hint listing its free elements and hover gets a table', () => {
  const text = 'data "d.csv"\nparam a\nparam b[g] ref\nparam s > 0\ny ~ Normal(a + b[g], s)\n';
  const an = analyze(text, DATA);
  const r = runFit(an, 'm.mle');
  assert.ok(r.ok && r.result.converged);
  const bB = r.result.parameters.find((p) => p.name === 'b[B]')!;
  // Closed form: a = mean of level A (2), a + b[B] = mean of level B (8/3).
  assert.ok(Math.abs(bB.estimate! - (8 / 3 - 2)) < 1e-8, String(bB.estimate));
  const hints = estimateHints(an, r.result);
  const decl = text.indexOf('b[g] ref') + 1;
  const h = hints.find((x) => x.offset === decl);
  assert.ok(h, JSON.stringify(hints));
  assert.match(h.label, /^= \[B 0\.6667 ± [0-9.]+\] · A = 0 \(ref\)$/);
  assert.match(h.tooltip, /\| `b\[A\]` \| 0 \| fixed by `ref` \|/);
  const md = hover(an, text.indexOf('b[g]') + 1, r.result)?.markdown ?? '';
  assert.match(md, /\| `b\[B\]` \| 0\.6667 \|/);
});
