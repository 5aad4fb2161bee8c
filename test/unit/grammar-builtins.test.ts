// Keeps the TextMate grammar's word lists equal to the language's own catalogue, so colouring never drifts from the lexer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DISTRIBUTIONS, FUNCTIONS, KEYWORDS, CONSTANTS, FIT_OPTIONS } from '../../server/src/language/builtins.ts';

interface Rule {
  match?: string;
  patterns?: Rule[];
}
const grammar = JSON.parse(readFileSync(new URL('../../syntaxes/mle.tmLanguage.json', import.meta.url), 'utf8')) as {
  repository: Record<string, Rule>;
};

/** The words of the single `(a|b|c)` alternation in a rule's match. */
function words(match: string | undefined): string[] {
  const m = /\(((?:[A-Za-z_][A-Za-z0-9_]*\|)*[A-Za-z_][A-Za-z0-9_]*)\)/.exec(match ?? '');
  assert.ok(m, `no word list in ${match}`);
  return m[1].split('|');
}
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

test('keywords match KEYWORDS', () => {
  assert.deepEqual(sorted(words(grammar.repository.keywords.match)), sorted(KEYWORDS));
});

test('distributions match DISTRIBUTIONS', () => {
  assert.deepEqual(sorted(words(grammar.repository.distributions.match)), sorted(DISTRIBUTIONS.map((d) => d.name)));
});

test('functions match FUNCTIONS', () => {
  assert.deepEqual(sorted(words(grammar.repository.functions.match)), sorted(FUNCTIONS.map((f) => f.name)));
});

test('constants match CONSTANTS', () => {
  assert.deepEqual(sorted(words(grammar.repository.constants.match)), sorted(Object.keys(CONSTANTS)));
});

test('fit option names and word values match FIT_OPTIONS', () => {
  const [names, values] = grammar.repository['fit-statement'].patterns!;
  assert.deepEqual(sorted(words(names.match)), sorted(FIT_OPTIONS.map((o) => o.name)));
  assert.deepEqual(sorted(words(values.match)), sorted(new Set(FIT_OPTIONS.flatMap((o) => o.values ?? []))));
});
