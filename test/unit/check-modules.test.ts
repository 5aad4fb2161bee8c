// One focused spec per syntactic check module (fit-options, constraints, model-structure): each fails when its
// module is taken out of checks/index.ts, since no other check reports these codes.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';

const HEAD = 'data "d.csv"\nparam a, b\nparam s > 0\n';
const LIK = 'y ~ Normal(a + b * x, s)\n';

/** The diagnostics of one code for a model with no data loaded (these checks need only the text). */
function of(code: string, model: string): { message: string; data?: Readonly<Record<string, unknown>> }[] {
  return analyze(model).diagnostics.filter((d) => d.code === code);
}

function expectOne(code: string, model: string, message: RegExp): void {
  const got = of(code, model);
  assert.equal(got.length, 1, `one ${code} for\n${model}\ngot ${JSON.stringify(analyze(model).diagnostics)}`);
  assert.match(got[0].message, message);
}

describe('fit-options (invalid-option)', () => {
  test('an unknown option is named, with the nearest known one', () => {
    expectOne(
      'invalid-option',
      `${HEAD}${LIK}fit metod = newton`,
      /Unknown fit option `metod`: did you mean `method`\?/,
    );
    assert.equal(of('invalid-option', `${HEAD}${LIK}fit metod = newton`)[0].data?.suggestion, 'method');
  });
  test('a word option takes one of its values', () =>
    expectOne(
      'invalid-option',
      `${HEAD}${LIK}fit method = newtn`,
      /`method` must be one of .*Did you mean `newton`\?/,
    ));
  test('level lies strictly between 0 and 1', () =>
    expectOne('invalid-option', `${HEAD}${LIK}fit level = 1.5`, /`level` must lie strictly between 0 and 1/));
  test('one fit statement only; an option given twice', () => {
    expectOne('invalid-option', `${HEAD}${LIK}fit level = 0.9\nfit tol = 1e-8`, /Only one `fit` statement/);
    expectOne('invalid-option', `${HEAD}${LIK}fit level = 0.9, level = 0.8`, /`level` is given twice/);
  });
  test('valid options give nothing', () =>
    assert.deepEqual(of('invalid-option', `${HEAD}${LIK}fit method = newton, level = 0.9, tol = 1e-8`), []));
});

describe('constraints (invalid-constraint)', () => {
  test('an empty interval', () =>
    expectOne(
      'invalid-constraint',
      `data "d.csv"\nparam a, b\nparam s in (2, 1)\n${LIK}`,
      /The interval \(2, 1\) is empty/,
    ));
  test('an init outside its constraint', () =>
    expectOne(
      'invalid-constraint',
      `data "d.csv"\nparam a, b\nparam s > 0 init -1\n${LIK}`,
      /init -1 lies outside the constraint > 0/,
    ));
  test('an init inside its constraint gives nothing', () =>
    assert.deepEqual(of('invalid-constraint', `data "d.csv"\nparam a, b\nparam s > 0 init 2\n${LIK}`), []));
});

describe('model-structure (missing-likelihood, invalid-argument, invalid-prior)', () => {
  test('a model without a likelihood', () =>
    expectOne('missing-likelihood', 'data "d.csv"\nparam a\n', /The model has no likelihood/));
  test('a Binomial size that depends on a parameter', () =>
    expectOne(
      'invalid-argument',
      'data "d.csv"\nparam n0, p in (0, 1)\ny ~ Binomial(n0, p)\n',
      /The `size` of Binomial is a number of trials/,
    ));
  test('a literal argument outside its domain', () =>
    expectOne(
      'invalid-argument',
      `${HEAD}y ~ Normal(a + b * x, 0)\n`,
      /The sigma of Normal must be positive; 0 gives/,
    ));
  test('a discrete prior, and two priors on one parameter', () => {
    expectOne('invalid-prior', `${HEAD}${LIK}prior a ~ Poisson(3)\n`, /A prior needs a continuous distribution/);
    expectOne(
      'invalid-prior',
      `${HEAD}${LIK}prior a ~ Normal(0, 1)\nprior a ~ Normal(0, 2)\n`,
      /`a` already has a prior/,
    );
  });
});
