// The formatter on inline models: line breaks and comments inside statements, signs, `;`, CRLF, and a seeded fuzz.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { analyze } from '../../server/src/language/analyze.ts';
import { formatDocument, formatRange, formatText, sameMeaning } from '../../server/src/features/format.ts';
import { mleLexer } from '../../server/src/language/tokens.ts';

const fmt = (text: string): string | undefined => formatText(analyze(text))?.text;

const cases: [string, string, string][] = [
  [
    'spacing, one statement per line, blank lines collapsed, trailing comment kept',
    'data "d.csv";param a,b>0 init -1;let e=a+b*x   # why\n\n\n\n# own\ny~Normal( e ,b )\n',
    'data "d.csv"\nparam a, b > 0 init -1\nlet e = a + b * x # why\n\n# own\ny ~ Normal(e, b)\n',
  ],
  [
    'a line break inside a let is kept and aligned after `let NAME = `; a comment inside stays there',
    'let e = a +   # intercept\n   b * x +\n c\n',
    'let e = a + # intercept\n        b * x +\n        c\n',
  ],
  [
    'breaks inside parentheses align after the `(`; a lone `)` goes back to its line',
    'y ~ Normal(mu = a +\n b * x,\n sigma = s\n)\n',
    'y ~ Normal(mu = a +\n           b * x,\n           sigma = s\n)\n',
  ],
  [
    'signs take no space, `^` none, binary minus spaces',
    'derive d = - a ^ - 2 - b*-1\nparam r in ( - 1 , + 1 ) init -0.5\n',
    'derive d = -a^-2 - b * -1\nparam r in (-1, +1) init -0.5\n',
  ],
  [
    'a `;` stays where the next statement would otherwise continue this one',
    'let z = a;\n(y) ~ Normal(z, 1);\n-w ~ Normal(z, 1)\n',
    'let z = a;\n(y) ~ Normal(z, 1);\n-w ~ Normal(z, 1)\n',
  ],
  ['CRLF files stay CRLF', 'param p\r\nlet e = p*2 # c\r\n', 'param p\r\nlet e = p * 2 # c\r\n'],
  ['leading and trailing blank lines go', '\n\n# top\n\n\nparam a\n\n\n', '# top\n\nparam a\n'],
  [
    'backtick names and fit options',
    'y~Normal(mu=`a b`*k,sigma=s)\nfit ci=profile,level=.9,tol=1e-8',
    'y ~ Normal(mu = `a b` * k, sigma = s)\nfit ci = profile, level = .9, tol = 1e-8\n',
  ],
];

for (const [name, input, want] of cases) {
  test(name, () => {
    assert.equal(fmt(input), want);
    assert.equal(fmt(want), want, 'idempotent');
  });
}

test('a syntax error means no edits; an empty document stays empty', () => {
  assert.equal(fmt('param a,\nlet = 3\n'), undefined);
  assert.deepEqual(formatDocument(analyze('y ~ Normal(')), []);
  assert.deepEqual(formatDocument(analyze('')), []);
});

test('the document edit is minimal: only the changed stretch is replaced', () => {
  const text = 'param a\nparam b>0\nparam c\n';
  const edits = formatDocument(analyze(text));
  assert.deepEqual(edits, [{ span: { start: 15, end: 16 }, newText: ' > ' }]);
  assert.deepEqual(formatDocument(analyze('param a\n')), []);
});

test('range formatting leaves other statements alone, even badly spaced ones', () => {
  const text = 'param a,b\nlet e=a+b\nparam s>0\n';
  const edits = formatRange(analyze(text), { start: 12, end: 12 });
  assert.equal(edits.length, 1);
  const out = text.slice(0, edits[0].span.start) + edits[0].newText + text.slice(edits[0].span.end);
  assert.equal(out, 'param a,b\nlet e = a + b\nparam s>0\n');
});

test('sameMeaning tells a changed model from a re-spaced one', () => {
  assert.ok(sameMeaning('y~Normal(a+b,s)', 'y ~ Normal(a + b, s)\n'));
  assert.ok(!sameMeaning('y ~ Normal(a + b, s)', 'y ~ Normal(a - b, s)'));
  assert.ok(!sameMeaning('# one\nparam a', 'param a'), 'a lost comment is a change');
});

/** Seeded fuzz: random line breaks, comments and blanks between the tokens of real models. */
test('fuzz: formatting keeps meaning and comments and is idempotent', () => {
  const dirs = ['examples', 'test/fixtures/models/good'];
  const models = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.mle'))
      .map((f) => readFileSync(`${d}/${f}`, 'utf8')),
  );
  let seed = 7;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 0; round < 60; round++) {
    const text = models[round % models.length];
    const lexed = mleLexer.tokenize(text);
    let out = '';
    let at = 0;
    for (const t of lexed.tokens) {
      out += text.slice(at, t.startOffset);
      const r = rand(12);
      if (r === 0) out += '\n';
      else if (r === 1) out += ` # note ${round}\n`;
      else if (r === 2) out += '\n\n\n   ';
      else if (r === 3) out += ' ';
      out += t.image;
      at = (t.endOffset ?? t.startOffset) + 1;
    }
    out += text.slice(at);
    const once = fmt(out);
    assert.ok(once !== undefined, `refused:\n${out}`);
    assert.ok(sameMeaning(out, once), `meaning changed:\n${out}\n---\n${once}`);
    assert.equal(fmt(once), once, `not idempotent:\n${out}\n---\n${once}`);
  }
});
