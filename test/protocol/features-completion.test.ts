// Context-aware completion over real LSP on the examples: distributions after `~`, argument names, names, fit, files, templates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionItem } from 'vscode-languageserver-protocol';
import { DISTRIBUTIONS } from '../../server/src/language/builtins.ts';
import { EXAMPLES, startSession, type Session } from './features-client.ts';

let s: Session;
before(async () => {
  s = await startSession();
});
after(() => s.close());

const HEAD = 'data "cars.csv"\nparam a, b\nparam sigma > 0\nlet m = a + b * speed\n';
const complete = async (name: string, text: string, marker: string): Promise<CompletionItem[]> =>
  s.at<CompletionItem[]>('textDocument/completion', await s.open(join(EXAMPLES, name), text.replace('|', '')), marker);

test('after `~`: only distributions, as snippets with their arguments', async () => {
  const items = await complete('c-tilde.mle', `${HEAD}dist ~ |\n`, 'dist ~ |');
  assert.deepEqual(
    items.map((i) => i.label),
    DISTRIBUTIONS.map((d) => d.name),
  );
  assert.ok(items.every((i) => i.insertTextFormat === 2 && i.kind === 7));
});

test('inside a call: the argument names first, then parameters, lets, columns and functions', async () => {
  const items = await complete('c-args.mle', `${HEAD}dist ~ Normal(|)\n`, 'Normal(|');
  const labels = items.map((i) => i.label);
  for (const l of ['mu =', 'sigma =', 'a', 'sigma', 'm', 'speed', 'dist', 'exp'])
    assert.ok(labels.includes(l), `${l} in ${labels.join(', ')}`);
  const mu = items.find((i) => i.label === 'mu =')!;
  assert.equal(mu.textEdit?.newText, 'mu = ');
  assert.ok(mu.sortText! < items.find((i) => i.label === 'speed')!.sortText!);
  assert.equal(items.find((i) => i.label === 'speed')?.detail, 'column · numeric · n=50, missing 0, range 4–25');
  const named = await complete('c-named.mle', `${HEAD}dist ~ Normal(sigma = sigma, |)\n`, 'sigma, |');
  assert.deepEqual(
    named.map((i) => i.label).filter((l) => l.endsWith(' =')),
    ['mu ='],
  );
});

test('in fit: option names, then their values', async () => {
  const names = await complete('c-fit.mle', `${HEAD}dist ~ Normal(m, sigma)\nfit ci = profile, |\n`, 'profile, |');
  assert.ok(names.some((i) => i.label === 'method') && !names.some((i) => i.label === 'ci'));
  const values = await complete('c-fit-value.mle', `${HEAD}dist ~ Normal(m, sigma)\nfit se = |\n`, 'se = |');
  assert.deepEqual(
    values.map((i) => i.label),
    ['observed', 'expected', 'sandwich'],
  );
});

test('in `data "…"`: the data files (CSV, TSV, Parquet, DuckDB) beside the model', async () => {
  const items = await complete('c-data.mle', 'data "|"\n', 'data "|');
  assert.deepEqual(
    items.map((i) => i.label),
    readdirSync(EXAMPLES)
      .filter((f) => /\.(csv|tsv|parquet|duckdb|ddb)$/i.test(f))
      .sort(),
  );
});

test('on an empty line of an empty file: the model templates, with the data files as a choice', async () => {
  const items = await complete('c-empty.mle', '|', '|');
  const labels = items.map((i) => i.label);
  for (const l of [
    'model-linear',
    'model-logistic',
    'model-poisson',
    'model-negbin',
    'model-distribution',
    'model-mixture',
  ])
    assert.ok(labels.includes(l), l);
  const mix = items.find((i) => i.label === 'model-mixture')!;
  assert.equal(mix.kind, 15);
  assert.equal(mix.insertTextFormat, 2);
  assert.match(mix.textEdit!.newText, /^data "\$\{1\|airquality\.csv,cars\.csv,/);
  assert.match(mix.textEdit!.newText, /Mixture\(w, Normal\(mu1, sigma1\), Normal\(mu2, sigma2\)\)/);
});
