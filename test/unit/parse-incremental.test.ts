// The incremental parse equals the full parse exactly (spans included) across random edits of a model, typos too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/language/parse.ts';
import { parseIncremental, ParseCache } from '../../server/src/language/parse-incremental.ts';
import { rng } from '../../server/src/engine/solvers/multistart.ts';

const MODEL = `# a model with most statement kinds
data "d.csv" na "NA", "."
param a, b init 0.5
param s > 0
param r in (-1, 1)
param c[g] ref "p"
param w[1:3] simplex
let eta = a + b * log(x + 1) # a comment inside
let mu = ifelse(x > 0, eta, -eta)
  + c[g]
y ~ Normal(mu, s) censored right when cens == 1
z ~ Mixture(w[1], w[2], Normal(a, s), Normal(b, s), Normal(r, s))
prior b ~ Laplace(0, 1)
derive ratio = a / b
fit method = bfgs, restarts = 2
`;

/** Edits a parse may meet while typing: insert or delete characters, the language's own fragments too. */
const FRAGMENTS = [
  'a',
  ' ',
  '\n',
  '(',
  ')',
  '+',
  '*',
  'let q = 1\n',
  '~',
  ',',
  'param',
  '#',
  '"',
  '0.5',
  'Normal(',
  ']',
  '\n  table "t"',
  '\nna "-"',
];

test('random edits: parseIncremental with a warm cache equals parse, spans, diagnostics and names included', () => {
  const u = rng(11);
  const cache = new ParseCache();
  let text = MODEL;
  let incrementalHits = 0;
  let brokenTexts = 0;
  for (let i = 0; i < 400; i++) {
    const at = Math.floor(u() * (text.length + 1));
    if (u() < 0.5 && text.length > 20) {
      const len = 1 + Math.floor(u() * 6);
      text = text.slice(0, at) + text.slice(at + len);
    } else text = text.slice(0, at) + FRAGMENTS[Math.floor(u() * FRAGMENTS.length)] + text.slice(at);
    // Every few edits, back to a clean model moved around: the cache then serves most chunks.
    if (i % 5 === 4)
      text = (u() < 0.5 ? '\n\n' : '') + MODEL.replace('0.5', String(i)) + (u() < 0.5 ? 'derive k = a\n' : '');
    const full = parse(text);
    const inc = parseIncremental(text, cache);
    if (full.diagnostics.length === 0) incrementalHits++;
    else if (!full.diagnostics.some((d) => d.code === 'too-complex')) brokenTexts++;
    const show = `edit ${i}, text:\n${text}`;
    assert.deepStrictEqual(inc.file, full.file, show);
    assert.deepStrictEqual(inc.diagnostics, full.diagnostics, show);
    assert.deepStrictEqual([...inc.brokenNames].sort(), [...full.brokenNames].sort(), show);
    assert.equal(inc.tokens.length, full.tokens.length, show);
  }
  assert.ok(incrementalHits > 50, `only ${incrementalHits} clean texts: the cache path was barely exercised`);
  assert.ok(brokenTexts > 50, `only ${brokenTexts} texts with errors: the chunk recovery was barely exercised`);
});

test('the cache serves unchanged chunks: after a one-line edit, the statements before it are the same objects', () => {
  const cache = new ParseCache();
  const first = parseIncremental(MODEL, cache).file.statements;
  const second = parseIncremental(MODEL.replace('derive ratio = a / b', 'derive ratio = a / (b + 1)'), cache).file
    .statements;
  const kept = second.filter((s, i) => s === first[i]).length;
  assert.equal(
    kept,
    second.findIndex((s) => s.kind === 'derive'),
  );
});

test('a typo re-parses only its statement: the others are the cached objects, the error the full parse reports', () => {
  const cache = new ParseCache();
  const first = parseIncremental(MODEL, cache).file.statements;
  const typo = MODEL.replace('derive ratio = a / b', 'derive ratio = a / * b');
  const inc = parseIncremental(typo, cache);
  const full = parse(typo);
  assert.deepStrictEqual(inc.diagnostics, full.diagnostics);
  assert.equal(inc.diagnostics.length, 1, JSON.stringify(inc.diagnostics));
  assert.deepStrictEqual(inc.file, full.file);
  const kept = inc.file.statements.filter((s, i) => s === first[i]).length;
  assert.equal(
    kept,
    first.findIndex((s) => s.kind === 'derive'),
    'every statement before the typo came from the cache',
  );
});
