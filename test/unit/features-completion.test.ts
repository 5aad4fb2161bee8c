// Completion contexts on inline models, `|` marking the cursor; runs on broken and unfinished text as much as on valid text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';
import { parseDelimited } from '../../server/src/data/table.ts';
import { DISTRIBUTIONS, FIT_OPTIONS } from '../../server/src/language/builtins.ts';
import { completion, type CompletionEntry } from '../../server/src/features/completion.ts';

const CSV = 'y,x,dose,Sepal Length\n1.5,2,0,5.1\n2.5,NA,1,4.9\n3.5,4,2,4.7\n';
const table = parseDelimited(CSV, ',');
if (!table.ok) throw new Error(table.error);
const DATA: DataLoad = { ok: true, path: 'd.csv', table: table.table };

/** Completion at the `|` in `model` (analysed with the inline CSV). */
function complete(model: string, files: readonly string[] = []): CompletionEntry[] {
  const offset = model.indexOf('|');
  assert.ok(offset >= 0, 'the model needs a | cursor marker');
  const text = model.slice(0, offset) + model.slice(offset + 1);
  return completion(analyze(text, DATA), offset, { listDataFiles: () => files });
}
const labels = (model: string, files?: readonly string[]): string[] => complete(model, files).map((e) => e.label);
const has = (got: string[], ...want: string[]): void => {
  for (const w of want) assert.ok(got.includes(w), `${w} in [${got.join(', ')}]`);
};
const lacks = (got: string[], ...not: string[]): void => {
  for (const w of not) assert.ok(!got.includes(w), `${w} not in [${got.join(', ')}]`);
};

const HEAD = 'data "d.csv"\nparam a, b\nparam s > 0\n';

test('statement start offers keywords and likelihood left sides, not a second data statement', () => {
  const got = labels(`${HEAD}|`);
  has(got, 'param', 'let', 'prior', 'derive', 'fit', 'y', 'x');
  lacks(got, 'data', 'Normal', 'exp');
  has(labels('|'), 'data');
});

test('after ~ at the end of the file: every distribution, as a snippet with its arguments', () => {
  const items = complete(`${HEAD}y ~ |`);
  assert.deepEqual(
    items.map((e) => e.label),
    DISTRIBUTIONS.map((d) => d.name),
  );
  const normal = items.find((e) => e.label === 'Normal');
  assert.equal(normal?.insertText, 'Normal(${1:mu}, ${2:sigma})');
  assert.equal(normal?.snippet, true);
  assert.equal(normal?.detail, 'Normal(mu, sigma)');
});

test('a partly typed distribution name is replaced as a whole word', () => {
  const text = `${HEAD}y ~ Nor|`;
  const item = complete(text).find((e) => e.label === 'Normal');
  const start = text.indexOf('Nor');
  assert.deepEqual(item?.replace, { start, end: start + 3 });
});

test('an existing argument list is not duplicated', () => {
  const item = complete(`${HEAD}y ~ Nor|(a, s)`).find((e) => e.label === 'Normal');
  assert.equal(item?.insertText, 'Normal');
  assert.equal(item?.snippet, false);
});

test('after an operator in an unfinished let: parameters, columns, functions and pi', () => {
  const items = complete(`${HEAD}let e = a + |`);
  const got = items.map((e) => e.label);
  has(got, 'a', 'b', 's', 'y', 'x', 'dose', 'exp', 'logistic', 'pi');
  lacks(got, 'Normal', 'param', 'e');
  assert.equal(items.find((e) => e.label === 'exp')?.insertText, 'exp(${1:x})');
  assert.equal(items.find((e) => e.label === 'x')?.detail, 'column · numeric · n=3, missing 1, range 2–4');
});

test('column names that are not identifiers are inserted between backticks', () => {
  const item = complete(`${HEAD}let e = a * |`).find((e) => e.label === 'Sepal Length');
  assert.equal(item?.insertText, '`Sepal Length`');
});

test('inside distribution arguments: lets defined before, not after', () => {
  const got = labels(`${HEAD}let m = a + b * x\ny ~ Normal(|, s)\nlet later = 1`);
  has(got, 'm', 'a', 'x');
  lacks(got, 'later');
});

test('Mixture components are distributions', () => {
  has(labels(`${HEAD}param w in (0, 1)\ny ~ Mixture(w, |`), 'Normal', 'Poisson');
  has(labels(`${HEAD}param w in (0, 1)\ny ~ Mixture(|`), 'w', 'exp');
});

test('derive and prior expressions offer parameters but no columns', () => {
  const derive = labels(`${HEAD}y ~ Normal(a, s)\nderive r = exp(|`);
  has(derive, 'a', 'exp');
  lacks(derive, 'y', 'x');
  has(labels(`${HEAD}prior |`), 'a', 'b', 's');
});

test('fit: option names not yet used, then the allowed values', () => {
  const opts = labels(`${HEAD}fit ci = profile, |`);
  has(opts, ...FIT_OPTIONS.map((o) => o.name).filter((n) => n !== 'ci'));
  lacks(opts, 'ci');
  assert.deepEqual(labels(`${HEAD}fit method = |`), ['auto', 'newton', 'bfgs', 'lbfgs', 'irls', 'em', 'nelder_mead']);
  assert.deepEqual(labels(`${HEAD}fit ci = |`), ['wald', 'profile']);
});

test('data file names inside the quotes (even unterminated) and after `data`', () => {
  const files = ['a.csv', 'b.tsv'];
  assert.deepEqual(labels('data "|', files), files);
  assert.deepEqual(labels('data "a|"\nparam m', files), files);
  const bare = complete('data |', files);
  assert.equal(bare[0]?.insertText, '"a.csv"');
});

test('param statements: no suggestion for a new name; `in`/`init` after one', () => {
  assert.deepEqual(labels('param |'), []);
  assert.deepEqual(labels('param a, |'), []);
  has(labels('param a |'), 'in', 'init', 'let');
  const bounded = labels('param s > 0 |');
  has(bounded, 'init');
  lacks(bounded, 'in');
});

test('an open backtick offers columns quoted, replacing from the backtick', () => {
  const text = `${HEAD}let e = \`Sep|`;
  const item = complete(text).find((e) => e.label === 'Sepal Length');
  assert.equal(item?.insertText, '`Sepal Length`');
  assert.equal(item?.replace.start, text.indexOf('`'));
});

test('nothing in comments, after a number, or where a new name is declared', () => {
  assert.deepEqual(labels(`${HEAD}# y ~ |`), []);
  assert.deepEqual(labels(`${HEAD}let e = 1|`), []);
  assert.deepEqual(labels(`${HEAD}let |`), []);
});

test('without data there are no column items but everything else still works', () => {
  const offset = 'y ~ Normal('.length;
  const got = completion(analyze('y ~ Normal()\nparam m'), offset).map((e) => e.label);
  has(got, 'm', 'exp');
  lacks(got, 'y');
});

test('at the start of a distribution argument: the argument names not given yet, as `name = `', () => {
  const items = complete(`${HEAD}y ~ Normal(|`);
  const mu = items.find((e) => e.label === 'mu =');
  assert.equal(mu?.insertText, 'mu = ');
  assert.equal(mu?.kind, 'argument');
  has(
    items.map((e) => e.label),
    'mu =',
    'sigma =',
    'a',
    'x',
    'exp',
  );
  // One given by position, one by name: neither is offered again.
  assert.deepEqual(
    labels(`${HEAD}y ~ StudentT(4, |`).filter((l) => l.endsWith(' =')),
    ['mu =', 'sigma ='],
  );
  assert.deepEqual(
    labels(`${HEAD}y ~ Normal(sigma = s, |`).filter((l) => l.endsWith(' =')),
    ['mu ='],
  );
  // Not after an operator, and not for functions (their arguments are positional).
  lacks(labels(`${HEAD}y ~ Normal(a + |`), 'mu =');
  lacks(labels(`${HEAD}let e = exp(|`), 'x =');
  has(labels(`${HEAD}y ~ Mixture(w, Normal(|`), 'mu =');
});

test('on an empty line: the model templates as snippets, first in an empty file, last elsewhere', () => {
  const empty = complete('|', ['cars.csv']);
  const linear = empty.find((e) => e.label === 'model-linear');
  assert.equal(linear?.snippet, true);
  assert.equal(linear?.kind, 'snippet');
  assert.equal(linear?.sortGroup, 0);
  assert.match(linear?.insertText ?? '', /^data "\$\{1\|cars\.csv\|\}"\n\nparam a, b\n/);
  has(
    empty.map((e) => e.label),
    'model-logistic',
    'model-poisson',
    'model-negbin',
    'model-distribution',
    'model-mixture',
  );
  assert.equal(complete(`${HEAD}|`).find((e) => e.label === 'model-linear')?.sortGroup, 9);
  // Not in the middle of a line.
  lacks(labels('param a |'), 'model-linear');
});
