// Document symbols, folding ranges and semantic tokens over real LSP, on the models in examples/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSymbol, FoldingRange, SemanticTokens } from 'vscode-languageserver-protocol';
import { EXAMPLES, startSession, type Session } from './features-client.ts';

let s: Session;
before(async () => {
  s = await startSession();
});
after(() => s.close());

const doc = (uri: string): { textDocument: { uri: string } } => ({ textDocument: { uri } });
/** "name (kind)" with children indented, for readable deep-equal failures. */
const outline = (syms: DocumentSymbol[], depth = 0): string[] =>
  syms.flatMap((x) => [`${'  '.repeat(depth)}${x.name} (${x.kind})`, ...outline(x.children ?? [], depth + 1)]);

test('the outline of a mixture model: data, parameters, likelihood with nested components, fit', async () => {
  const uri = await s.open('faithful-mixture.mle');
  const syms = await s.request<DocumentSymbol[]>('textDocument/documentSymbol', doc(uri));
  assert.deepEqual(outline(syms), [
    'data "faithful.csv" (1)',
    'w (26)',
    'mu1 (26)',
    'mu2 (26)',
    'sigma1 (26)',
    'sigma2 (26)',
    'eruptions ~ Mixture (24)',
    '  w (8)',
    '  D1: Normal (5)',
    '    mu (8)',
    '    sigma (8)',
    '  D2: Normal (5)',
    '    mu (8)',
    '    sigma (8)',
    'fit (3)',
    '  restarts (7)',
  ]);
  const w = syms.find((x) => x.name === 'w')!;
  assert.equal(w.detail, 'param in (0, 1) init 0.4');
});

test('the outline of a regression: lets, named arguments, derived quantities and fit options with their values', async () => {
  const uri = await s.open('quine-negbin.mle');
  const syms = await s.request<DocumentSymbol[]>('textDocument/documentSymbol', doc(uri));
  const names = outline(syms);
  assert.ok(names.includes('eta (13)'), names.join('\n'));
  assert.ok(names.includes('Days ~ NegBinomial (24)'));
  assert.ok(names.includes('  mu (8)') && names.includes('  size (8)'));
  assert.ok(names.includes('rate_ratio_ethN (14)'));
  const fit = syms.find((x) => x.name === 'fit')!;
  assert.equal(fit.children![0].detail, 'profile');
  // The multi-line let covers both its lines; its selection is the name only.
  const eta = syms.find((x) => x.name === 'eta')!;
  assert.deepEqual([eta.range.start.line, eta.range.end.line], [10, 11]);
  assert.deepEqual(eta.selectionRange, { start: { line: 10, character: 4 }, end: { line: 10, character: 7 } });
});

test('every example has an outline whose selections lie inside their ranges', async () => {
  const inside = (a: DocumentSymbol): boolean => {
    const le = (p: { line: number; character: number }, q: { line: number; character: number }): boolean =>
      p.line < q.line || (p.line === q.line && p.character <= q.character);
    return (
      le(a.range.start, a.selectionRange.start) &&
      le(a.selectionRange.end, a.range.end) &&
      (a.children ?? []).every(inside)
    );
  };
  for (const f of readdirSync(EXAMPLES).filter((x) => x.endsWith('.mle'))) {
    const syms = await s.request<DocumentSymbol[]>('textDocument/documentSymbol', doc(await s.open(f)));
    assert.ok(syms.length >= 4, f);
    assert.ok(syms.every(inside), f);
  }
});

test('folding: comment blocks and multi-line statements', async () => {
  const uri = await s.open('esoph-binomial.mle');
  const ranges = await s.request<FoldingRange[]>('textDocument/foldingRange', doc(uri));
  assert.deepEqual(
    ranges.map((r) => `${r.startLine}-${r.endLine} ${r.kind}`),
    ['0-5 comment', '12-13 region'],
  );
  const single = await s.request<FoldingRange[]>('textDocument/foldingRange', doc(await s.open('cars-normal.mle')));
  // A one-line comment folds nothing; the two-line header does.
  assert.deepEqual(
    single.map((r) => `${r.startLine}-${r.endLine} ${r.kind}`),
    ['0-1 comment'],
  );
});

/** Decodes LSP's relative encoding into "text:type[.modifiers]" per token. */
function decode(
  tokens: SemanticTokens,
  text: string,
  legend: { tokenTypes: string[]; tokenModifiers: string[] },
): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [dl, dc, len, type, mods] = tokens.data.slice(i, i + 5);
    line += dl;
    char = dl ? dc : char + dc;
    const names = legend.tokenModifiers.filter((_, b) => mods & (1 << b));
    out.push(`${lines[line].slice(char, char + len)}:${[legend.tokenTypes[type], ...names].join('.')}`);
  }
  return out;
}

test('semantic tokens tell parameters, lets, columns, functions and distributions apart', async () => {
  const legend = (
    s.capabilities.semanticTokensProvider as { legend: { tokenTypes: string[]; tokenModifiers: string[] } }
  ).legend;
  for (const t of ['parameter', 'variable', 'property', 'function', 'class', 'keyword', 'number', 'string', 'comment'])
    assert.ok(legend.tokenTypes.includes(t), t);
  const uri = await s.open('infert.mle');
  const text = readFileSync(join(EXAMPLES, 'infert.mle'), 'utf8');
  const toks = decode(await s.request<SemanticTokens>('textDocument/semanticTokens/full', doc(uri)), text, legend);
  for (const want of [
    '# Logistic regression: does the number of prior abortions predict infertility?:comment',
    'data:keyword',
    '"infert.csv":string',
    'a:parameter.declaration',
    'b_spont:parameter',
    'eta:variable.declaration',
    'spontaneous:property',
    'case:property',
    'Bernoulli:class.defaultLibrary',
    'logistic:function.defaultLibrary',
    'eta:variable',
    'odds_ratio_spont:variable.declaration.readonly',
    'exp:function.defaultLibrary',
    'ci:enum',
    'profile:enumMember',
  ])
    assert.ok(toks.includes(want), `${want} in ${toks.join(', ')}`);
});

test('semantic tokens on every example: in order, one line each, none overlapping', async () => {
  for (const f of readdirSync(EXAMPLES).filter((x) => x.endsWith('.mle'))) {
    const r = await s.request<SemanticTokens>('textDocument/semanticTokens/full', doc(await s.open(f)));
    assert.ok(r.data.length > 0 && r.data.length % 5 === 0, f);
    for (let i = 5; i < r.data.length; i += 5) {
      // Same line: the next token must start after the previous one ends.
      if (r.data[i] === 0) assert.ok(r.data[i + 1] >= r.data[i - 3], `${f}: overlapping tokens at ${i / 5}`);
    }
  }
});
