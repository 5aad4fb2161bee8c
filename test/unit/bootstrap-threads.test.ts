// Bootstrap replicates on helper threads: a helper rebuilds the model from text + shared data and writes exactly the replicates the fitting thread would.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/language/analyze.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { modelFor, runFit } from '../../server/src/fit/run-fit.ts';
import { fitModel } from '../../server/src/engine/fit.ts';
import { runReplicates } from '../../server/src/engine/inference/bootstrap.ts';
import { finishedCount, newBoard, replicateSeed } from '../../server/src/engine/inference/bootstrap-board.ts';
import { replicateThreads } from '../../server/src/node/bootstrap-threads.ts';
import { rng } from '../../server/src/engine/distributions/random.ts';

const rand = rng(99);
const rows = Array.from({ length: 300 }, () => {
  const x = rand() * 4 - 2;
  const y = rand() < 1 / (1 + Math.exp(-(0.3 + 0.8 * x))) ? 1 : 0;
  return `${x.toFixed(6)},${y}`;
});
const DATA = ['x,y', ...rows].join('\n');
const TEXT = 'data "d.csv"\nparam a\nparam b\ny ~ Bernoulli(logistic(a + b * x))\nfit seed = 5\n';

function analysis() {
  const t = parseDataFile('d.csv', DATA);
  assert.ok(t.ok);
  return analyze(TEXT, { ok: true, path: 'd.csv', table: t.table });
}

describe('bootstrap helper threads', () => {
  test('replicate seeds differ by replicate and by seed', () => {
    const seeds = new Set([0, 1, 2, 3].flatMap((b) => [replicateSeed(5, b), replicateSeed(6, b)]));
    assert.equal(seeds.size, 8);
  });

  test('a helper thread alone computes the same replicates as the fitting thread', async () => {
    const an = analysis();
    const fit = runFit(an, 'm.mle');
    assert.ok(fit.ok);
    const estimates = fit.result.parameters.map((p) => p.estimate!);
    const B = 40;
    const mine = newBoard(B, 2, 5, estimates);
    runReplicates(modelFor(an), mine, fitModel);
    const theirs = newBoard(B, 2, 5, estimates);
    const helpers = replicateThreads(1)({ text: TEXT, data: an.data!, modelPath: 'm.mle', overrides: {} })!(theirs);
    assert.ok(helpers, 'a helper was started');
    const deadline = Date.now() + 120_000;
    while (finishedCount(theirs) < B && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    helpers.close();
    assert.equal(finishedCount(theirs), B, 'the helper finished every replicate');
    assert.deepEqual(Array.from(theirs.status), Array.from(mine.status), 'same usable / failed replicates');
    assert.deepEqual(Array.from(theirs.draws), Array.from(mine.draws), `estimates ${estimates}`);
  });

  test('fit bootstrap with helpers reports exactly what one thread reports', () => {
    const an = analysis();
    const text = TEXT.replace('fit seed = 5', 'fit seed = 5, bootstrap = 400');
    const t = parseDataFile('d.csv', DATA);
    assert.ok(t.ok);
    const a2 = analyze(text, { ok: true, path: 'd.csv', table: t.table });
    const one = runFit(a2, 'm.mle');
    const many = runFit(a2, 'm.mle', {}, { spreadReplicates: replicateThreads(1) });
    assert.ok(one.ok && many.ok && an.data?.ok);
    assert.ok(one.result.bootstrap && many.result.bootstrap);
    assert.equal(one.result.bootstrap.failed, many.result.bootstrap.failed);
    assert.deepEqual(one.result.bootstrap.parameters, many.result.bootstrap.parameters);
  });
});
