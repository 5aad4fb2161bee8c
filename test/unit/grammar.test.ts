// Tokenizes sample .mle lines (and a Markdown ```mle block) with VS Code's own TextMate engine and checks the scopes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vsctm from 'vscode-textmate';
import oniguruma from 'vscode-oniguruma';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url);
const readJson = (rel: string): string => readFileSync(new URL(rel, root), 'utf8');

const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
const onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
  createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
  createOnigString: (s: string) => new oniguruma.OnigString(s),
}));

// VS Code's Markdown grammar is not on npm; a stand-in that only knows paragraphs is enough to prove the injection applies.
const fakeMarkdown = JSON.stringify({
  scopeName: 'text.html.markdown',
  patterns: [{ match: '.+', name: 'meta.paragraph.markdown' }],
});
const files: Record<string, [string, string]> = {
  'source.mle': ['syntaxes/mle.tmLanguage.json', ''],
  'markdown.mle.codeblock': ['syntaxes/mle.markdown.tmLanguage.json', ''],
  'text.html.markdown': ['fake.json', fakeMarkdown],
};
const registry = new vsctm.Registry({
  onigLib,
  loadGrammar: async (scope) => {
    const f = files[scope];
    if (!f) return null;
    return vsctm.parseRawGrammar(f[1] || readJson(f[0]), f[0]);
  },
  getInjections: (scope) => (scope === 'text.html.markdown' ? ['markdown.mle.codeblock'] : undefined),
});

type Tok = { text: string; scopes: string[] };

/** Tokenizes lines, carrying the rule stack across lines as the editor does. */
async function tokenize(scope: string, text: string): Promise<Tok[]> {
  const grammar = await registry.loadGrammar(scope);
  assert.ok(grammar, `grammar ${scope} loads`);
  let stack = vsctm.INITIAL;
  const out: Tok[] = [];
  for (const line of text.split('\n')) {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) out.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    stack = r.ruleStack;
  }
  return out;
}

/** The innermost scope of the first token whose text is `text`. */
function scopeOf(toks: Tok[], text: string, nth = 0): string {
  const found = toks.filter((t) => t.text === text)[nth];
  assert.ok(found, `token ${JSON.stringify(text)} in ${JSON.stringify(toks.map((t) => t.text))}`);
  return found.scopes[found.scopes.length - 1];
}

test('comments, strings and escapes', async () => {
  const toks = await tokenize('source.mle', 'data "dir/a \\"b\\".csv" # the data');
  assert.equal(scopeOf(toks, 'data'), 'keyword.other.data.mle');
  assert.equal(scopeOf(toks, '"', 0), 'punctuation.definition.string.begin.mle');
  assert.equal(scopeOf(toks, '\\"'), 'constant.character.escape.mle');
  assert.equal(scopeOf(toks, ' the data'), 'comment.line.number-sign.mle');
});

test('`table` and `na` after the data path are keywords; a column called table is not', async () => {
  const toks = await tokenize('source.mle', 'data "db.duckdb" table "t" na "-"\ntable ~ Normal(mu, 1)');
  assert.equal(scopeOf(toks, 'table'), 'keyword.other.table.mle');
  assert.equal(scopeOf(toks, 'na'), 'keyword.other.na.mle');
  assert.notEqual(scopeOf(toks, 'table', 1), 'keyword.other.table.mle');
});

test('param declarations with constraints and init', async () => {
  const toks = await tokenize('source.mle', 'param p, q.2 in (0, 1) init .5\nparam sigma > 0; param b4 init -600');
  assert.equal(scopeOf(toks, 'p'), 'variable.parameter.declaration.mle');
  assert.equal(scopeOf(toks, 'q.2'), 'variable.parameter.declaration.mle');
  assert.equal(scopeOf(toks, 'in'), 'keyword.other.in.mle');
  assert.equal(scopeOf(toks, 'init'), 'keyword.other.init.mle');
  assert.equal(scopeOf(toks, '.5'), 'constant.numeric.mle');
  assert.equal(scopeOf(toks, 'sigma'), 'variable.parameter.declaration.mle');
  assert.equal(scopeOf(toks, '>'), 'keyword.operator.comparison.mle');
  assert.equal(scopeOf(toks, '600'), 'constant.numeric.mle');
  assert.equal(scopeOf(toks, '-'), 'keyword.operator.arithmetic.mle');
});

test('likelihood, let, derive and prior statements', async () => {
  const text = [
    'let eta = a + b * Sepal.Length - `Petal Width` / 2.5E+4 ^ x1',
    'case ~ Bernoulli(logistic(eta))',
    'prior b ~ Normal(mu = 0, sigma = pi)',
    'derive or.b = exp(b)',
    'y ~ Mixture(w, Normal(m1, s), Gamma(k, r))',
  ].join('\n');
  const toks = await tokenize('source.mle', text);
  assert.equal(scopeOf(toks, 'let'), 'keyword.other.let.mle');
  assert.equal(scopeOf(toks, 'eta'), 'entity.name.variable.mle');
  assert.equal(scopeOf(toks, 'Sepal.Length'), 'variable.other.mle');
  assert.equal(scopeOf(toks, 'Petal Width'), 'variable.other.quoted.mle');
  assert.equal(scopeOf(toks, '`'), 'punctuation.definition.variable.begin.mle');
  assert.equal(scopeOf(toks, '2.5E+4'), 'constant.numeric.mle');
  assert.equal(scopeOf(toks, '^'), 'keyword.operator.arithmetic.power.mle');
  assert.equal(scopeOf(toks, 'x1'), 'variable.other.mle');
  assert.equal(scopeOf(toks, '~'), 'keyword.operator.distributed.mle');
  assert.equal(scopeOf(toks, 'Bernoulli'), 'support.class.distribution.mle');
  assert.equal(scopeOf(toks, 'logistic'), 'support.function.mle');
  assert.equal(scopeOf(toks, 'prior'), 'keyword.other.prior.mle');
  assert.equal(scopeOf(toks, 'b', 1), 'variable.parameter.mle');
  assert.equal(scopeOf(toks, 'pi'), 'constant.language.pi.mle');
  assert.equal(scopeOf(toks, '='), 'keyword.operator.assignment.mle');
  assert.equal(scopeOf(toks, 'or.b'), 'entity.name.variable.mle');
  assert.equal(scopeOf(toks, 'exp'), 'support.function.mle');
  assert.equal(scopeOf(toks, 'Gamma'), 'support.class.distribution.mle');
  assert.equal(scopeOf(toks, '('), 'punctuation.section.parens.begin.mle');
});

test('dotted identifiers are not split into keywords, and names are only functions when called', async () => {
  const toks = await tokenize('source.mle', 'let z = x.data + data.in + log + Gamma + init2');
  for (const name of ['x.data', 'data.in', 'log', 'Gamma', 'init2'])
    assert.equal(scopeOf(toks, name), 'variable.other.mle', name);
});

test('fit options and values', async () => {
  const toks = await tokenize('source.mle', 'fit method = newton, ci = profile, level = 0.9 # done');
  assert.equal(scopeOf(toks, 'fit'), 'keyword.other.fit.mle');
  assert.equal(scopeOf(toks, 'method'), 'variable.parameter.option.mle');
  assert.equal(scopeOf(toks, 'newton'), 'constant.language.option-value.mle');
  assert.equal(scopeOf(toks, 'profile'), 'constant.language.option-value.mle');
  assert.equal(scopeOf(toks, '0.9'), 'constant.numeric.mle');
  assert.equal(scopeOf(toks, ' done'), 'comment.line.number-sign.mle');
});

test('```mle fenced blocks in Markdown are coloured as source.mle', async () => {
  const toks = await tokenize(
    'text.html.markdown',
    'Some text\n```mle\nparam sigma > 0\ny ~ Normal(0, sigma)\n```\nafter',
  );
  const normal = toks.find((t) => t.text === 'Normal');
  assert.ok(normal);
  assert.ok(normal.scopes.includes('meta.embedded.block.mle'), normal.scopes.join(' '));
  assert.equal(normal.scopes.at(-1), 'support.class.distribution.mle');
  assert.equal(scopeOf(toks, 'mle'), 'fenced_code.block.language.markdown');
  assert.equal(scopeOf(toks, 'after'), 'meta.paragraph.markdown');
});
