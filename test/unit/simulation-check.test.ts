// Check by simulation against closed forms: the exponential rate MLE's bias λ/(n−1) and SD, Wald and profile coverage near
// the nominal 95% (exponential rate, Normal mean), within stated multiples of the Monte-Carlo error.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { checkBySimulation } from '../../server/src/fit/check-simulation.ts';
import { rng } from '../../server/src/engine/distributions/random.ts';
import type { SimulationCheckJson } from '../../server/src/protocol.ts';

/** Tolerance: a Monte-Carlo estimate must lie within Z Monte-Carlo standard errors of its closed form. */
const Z = 3.5;
const R = 400;

function check(model: string, column: string, values: number[], replicates = R, seed = 11): SimulationCheckJson {
  const t = parseDataFile('d.csv', [column, ...values.map((v) => v.toFixed(9))].join('\n'));
  assert.ok(t.ok);
  const r = checkBySimulation(analyze(model, { ok: true, path: 'd.csv', table: t.table }), 'm.mle', replicates, seed);
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(r.result.error, undefined, JSON.stringify(r.result));
  return r.result;
}

const near = (what: string, mc: { value: number | null; mcse: number | null }, want: number, inputs: unknown): void =>
  assert.ok(
    mc.value !== null && mc.mcse !== null && Math.abs(mc.value - want) <= Z * mc.mcse,
    `${what}: simulated ${mc.value} ± ${mc.mcse}, closed form ${want} (tolerance ${Z} MC errors); ${JSON.stringify(inputs)}`,
  );

const expData = (n: number, rate: number, seed: number): number[] => {
  const rand = rng(seed);
  return Array.from({ length: n }, () => -Math.log(1 - rand()) / rate);
};
const EXP = 'data "d.csv"\nparam rate > 0\nt ~ Exponential(rate)\n';

describe('check by simulation', () => {
  test('exponential rate, n = 10: bias = λ/(n − 1), SD = nλ/((n − 1)√(n − 2)), profile coverage ≈ 95%', () => {
    const n = 10;
    const res = check(EXP + 'fit ci = profile\n', 't', expData(n, 2, 5));
    const p = res.parameters[0];
    const lambda = p.truth;
    assert.equal(res.replicates, R);
    assert.equal(res.failed, 0);
    near('bias', p.bias, lambda / (n - 1), { lambda, n });
    near('SD', p.sd, (n * lambda) / ((n - 1) * Math.sqrt(n - 2)), { lambda, n });
    near('profile coverage', p.profileCoverage!, 0.95, { lambda, n });
    // The bias is visible: more than the tolerance away from 0.
    assert.ok(p.bias.value! > Z * p.bias.mcse!, `bias ${p.bias.value} ± ${p.bias.mcse} should differ from 0`);
  });

  test('exponential rate, n = 100: Wald coverage ≈ 95%, mean SE ≈ SD', () => {
    const res = check(EXP, 't', expData(100, 0.5, 9));
    const p = res.parameters[0];
    near('Wald coverage', p.waldCoverage, 0.95, { truth: p.truth });
    assert.equal(p.profileCoverage, undefined);
    // Mean SE against the SD: both have MC errors; compare their difference with the combined error.
    const d = { value: p.meanSe.value! - p.sd.value!, mcse: Math.hypot(p.meanSe.mcse!, p.sd.mcse!) };
    near('mean SE − SD', d, 0, { meanSe: p.meanSe, sd: p.sd });
  });

  test('Normal mean, n = 50: no bias, Wald coverage ≈ 95%', () => {
    const rand = rng(3);
    const ys = Array.from(
      { length: 50 },
      () => 10 + 2 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()),
    );
    const res = check('data "d.csv"\nparam mu\nparam sigma > 0\ny ~ Normal(mu, sigma)\n', 'y', ys);
    const mu = res.parameters.find((x) => x.name === 'mu')!;
    near('bias of mu', mu.bias, 0, { truth: mu.truth });
    near('Wald coverage of mu', mu.waldCoverage, 0.95, { truth: mu.truth });
  });

  test('the same seed gives the same result', () => {
    const ys = expData(20, 1, 4);
    const a = check(EXP, 't', ys, 20, 3);
    const b = check(EXP, 't', ys, 20, 3);
    assert.deepEqual(a.parameters, b.parameters);
  });
});
