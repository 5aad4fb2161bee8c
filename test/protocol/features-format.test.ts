// Document and range formatting over real LSP on every example and good fixture: canonical, idempotent, meaning and comments kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { parse } from '../../server/src/language/parse.ts';
import { mleLexer } from '../../server/src/language/tokens.ts';
import { EXAMPLES, ROOT, applyEdits, startSession, type Session } from './features-client.ts';

let s: Session;
before(async () => {
  s = await startSession();
});
after(() => s.close());

const GOOD = join(ROOT, 'test/fixtures/models/good');
const models = [
  ...readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.mle'))
    .map((f) => join(EXAMPLES, f)),
  ...readdirSync(GOOD)
    .filter((f) => f.endsWith('.mle'))
    .map((f) => join(GOOD, f)),
];
const OPTIONS = { tabSize: 2, insertSpaces: true };

async function format(path: string, text: string): Promise<string> {
  const uri = await s.open(path, text);
  const edits = await s.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: OPTIONS });
  return applyEdits(text, edits);
}

const SPANS = new Set(['span', 'argsSpan', 'pathSpan']);
const tree = (text: string): string =>
  JSON.stringify(parse(text).file, (k, v: unknown) => (SPANS.has(k) ? undefined : v));

/** Re-spaces `text`: every run of blanks between tokens on one line becomes 0-3 spaces (1-3 where words would merge). */
function messUp(text: string, seed: number): string {
  let x = seed;
  const rand = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const lexed = mleLexer.tokenize(text);
  const items = [...lexed.tokens, ...(lexed.groups.comments ?? [])].sort((a, b) => a.startOffset - b.startOffset);
  let out = '';
  let at = 0;
  for (const t of items) {
    const gap = text.slice(at, t.startOffset);
    const word = /[\w.`"]$/.test(out) && /^[\w.`"]/.test(t.image);
    out += gap.includes('\n')
      ? gap.replace(/[ \t]*\n[ \t]*/g, () => `${' '.repeat(rand(2))}\n${' '.repeat(rand(4))}`)
      : ' '.repeat(rand(3) + (word || t.image.startsWith('#') ? 1 : 0));
    out += t.image;
    at = (t.endOffset ?? t.startOffset) + 1;
  }
  return out + text.slice(at);
}

test('the server announces document and range formatting', () => {
  assert.equal(s.capabilities.documentFormattingProvider, true);
  assert.equal(s.capabilities.documentRangeFormattingProvider, true);
});

test('every example and good fixture: same meaning, same comments, idempotent', async () => {
  for (const path of models) {
    const text = readFileSync(path, 'utf8');
    const once = await format(path, text);
    assert.equal(tree(once), tree(text), `${path}: the formatted model means something else`);
    assert.equal(parse(once).diagnostics.length, 0, path);
    assert.deepEqual(
      parse(once).file.comments.map((c) => c.text),
      parse(text).file.comments.map((c) => c.text.trimEnd()),
      path,
    );
    assert.equal(await format(path, once), once, `${path}: formatting twice changes it again`);
    assert.doesNotMatch(once, /\n\n\n|[ \t]\n/, `${path}: blank lines collapse to one, no trailing blanks`);
  }
});

test('the examples are already in the canonical layout', async () => {
  for (const path of models.filter((p) => p.startsWith(EXAMPLES))) {
    const text = readFileSync(path, 'utf8');
    assert.equal(await format(path, text), text, path);
  }
});

test('badly spaced copies of every model format to the canonical text', async () => {
  for (const [i, path] of models.entries()) {
    const canonical = await format(path, readFileSync(path, 'utf8'));
    const messy = messUp(canonical, i + 1);
    assert.equal(await format(path, messy), canonical, `${path} from:\n${messy}`);
  }
});

test('the canonical layout, rule by rule', async () => {
  const text =
    'data "d.csv";param a,b>0 init -1;param s in(0,1)\nlet e=a+b*x^2   # why\n\n\n\n# own line\ny~Normal( mu=e ,sigma=b )\nfit ci=profile,level=.9\n';
  assert.equal(
    await format(join(EXAMPLES, 'rules.mle'), text),
    [
      'data "d.csv"',
      'param a, b > 0 init -1',
      'param s in (0, 1)',
      'let e = a + b * x^2 # why',
      '',
      '# own line',
      'y ~ Normal(mu = e, sigma = b)',
      'fit ci = profile, level = .9',
      '',
    ].join('\n'),
  );
});

test('a model with a syntax error is not formatted', async () => {
  const uri = await s.open(
    join(EXAMPLES, 'broken-format.mle'),
    'data "cars.csv"\nparam a,b\ndist ~ Normal(a+b*speed,\nfit ci=wald\n',
  );
  assert.deepEqual(await s.request('textDocument/formatting', { textDocument: { uri }, options: OPTIONS }), []);
});

test('range formatting reformats the statements the range touches, whole, and nothing else', async () => {
  const text = 'data "cars.csv"\nparam a,b\nparam sigma>0\ndist~Normal(a+b*speed,sigma)\nderive d=a+20*b\n';
  const uri = await s.open(join(EXAMPLES, 'range.mle'), text);
  // From inside `Normal(` to inside `speed`: the whole likelihood statement.
  const edits = await s.request<TextEdit[]>('textDocument/rangeFormatting', {
    textDocument: { uri },
    options: OPTIONS,
    range: { start: { line: 3, character: 8 }, end: { line: 3, character: 18 } },
  });
  assert.equal(
    applyEdits(text, edits),
    text.replace('dist~Normal(a+b*speed,sigma)', 'dist ~ Normal(a + b * speed, sigma)'),
  );
});
