// A start that sends a parameter to ±∞ (a plateau) is compared with the engine's own starts: the higher interior
// maximum is reported with a `start-at-edge` note; an edge that is the maximum stays, with no note.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regressionCases } from '../property/regression-cases.ts';
import { dataLoad, refit } from '../property/refit.ts';
import { rng } from '../../server/src/engine/solvers/multistart.ts';

const nb = regressionCases().find((c) => c.name === 'NegBinomial log-link')!;
const data = dataLoad(nb.simulate(rng(nb.seed)));
const text = (init: string) =>
  `data "sim.csv"\nparam a${init ? ' init 64' : ''}\nparam b1${init ? ' init 96' : ''}\nparam size > 0 init 2.5\ny ~ NegBinomial(exp(a + b1 * x1), size)\nfit method = bfgs\n`;

test('NegBinomial from a far start: size ran off to +∞ (the Poisson limit); the interior maximum is reported', () => {
  const from = refit(text('far'), data);
  const own = refit(text(''), data);
  assert.ok(from.ok && own.ok);
  const size = from.result.parameters.find((p) => p.name === 'size')!;
  assert.ok(Number.isFinite(size.estimate) && size.estimate! < 100, `size ${size.estimate}`);
  assert.ok(Math.abs(from.result.logLik! - own.result.logLik!) < 1e-6, `${from.result.logLik} vs ${own.result.logLik}`);
  const note = from.result.diagnostics.find((d) => d.code === 'start-at-edge');
  assert.ok(note, JSON.stringify(from.result.diagnostics.map((d) => d.code)));
  assert.match(note.message, /`size` ran off to \+∞ .*higher by/);
  assert.equal(own.result.diagnostics.filter((d) => d.code === 'start-at-edge').length, 0);
});
