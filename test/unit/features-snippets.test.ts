// The model templates: snippets/mle.json matches the completion's copy, and every template fills in to a clean, canonical model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../server/src/language/analyze.ts';
import { formatText } from '../../server/src/features/format.ts';
import { MODEL_SNIPPETS, dataChoice, snippetText } from '../../server/src/features/model-snippets.ts';

const root = new URL('../../', import.meta.url);
const json = JSON.parse(readFileSync(new URL('snippets/mle.json', root), 'utf8')) as Record<
  string,
  { prefix: string; description: string; body: string[] }
>;
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  contributes: { snippets?: { language: string; path: string }[] };
};

/** The text a user gets by accepting every placeholder's default (a choice's first option). */
const filled = (snippet: string): string =>
  snippet
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\d+/g, '');

test('snippets/mle.json is contributed for the mle language and holds exactly the completion templates', () => {
  assert.deepEqual(pkg.contributes.snippets, [{ language: 'mle', path: './snippets/mle.json' }]);
  assert.deepEqual(
    json,
    Object.fromEntries(
      MODEL_SNIPPETS.map((s) => [s.name, { prefix: s.prefix, description: s.description, body: [...s.body] }]),
    ),
  );
});

test('the six templates: linear, logistic, Poisson, negative binomial, a distribution fit, a mixture', () => {
  const dists = MODEL_SNIPPETS.map((s) => /~ (\w+)\(/.exec(s.body.join('\n'))?.[1]);
  assert.deepEqual(dists, ['Normal', 'Bernoulli', 'Poisson', 'NegBinomial', 'Gamma', 'Mixture']);
});

test('every template, filled with its defaults, parses without errors and is already formatted', () => {
  for (const s of MODEL_SNIPPETS) {
    const text = filled(s.body.join('\n'));
    const a = analyze(text);
    assert.deepEqual(
      a.diagnostics.filter((d) => d.severity === 'error'),
      [],
      `${s.name}:\n${text}`,
    );
    assert.equal(formatText(a)?.text, text.replace(/\n+$/, '\n'), s.name);
  }
});

test('the data file becomes a choice of the files beside the model, escaped as snippet syntax requires', () => {
  assert.equal(dataChoice([]), '${1:data.csv}');
  assert.equal(dataChoice(['cars.csv', 'a,b|c.tsv']), '${1|cars.csv,a\\,b\\|c.tsv|}');
  assert.match(snippetText(MODEL_SNIPPETS[0], ['cars.csv']), /^data "\$\{1\|cars\.csv\|\}"\n/);
});
