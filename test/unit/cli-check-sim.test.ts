// `mle check-sim`: the JSON shape (cli.md), reproducibility by seed, the table, and bad flags as usage errors.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, showRun } from './run-cli.ts';

const WOOL = 'test/fixtures/compare/wb-wool.mle';

describe('mle check-sim', () => {
  test('--json: one object per parameter with bias, sd, meanSe, waldCoverage as { value, mcse }', async () => {
    const r = await runCli(['check-sim', WOOL, '--replicates', '30', '--seed', '5', '--json']);
    assert.equal(r.code, 0, showRun(r));
    const j = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(j).sort(), [
      'elapsedMs',
      'failed',
      'level',
      'model',
      'parameters',
      'replicates',
      'seed',
    ]);
    assert.equal(j.replicates, 30);
    assert.equal(j.seed, 5);
    assert.equal(j.level, 0.95);
    assert.deepEqual(
      j.parameters.map((p: { name: string }) => p.name),
      ['a', 'b_woolB'],
    );
    for (const p of j.parameters) {
      assert.deepEqual(Object.keys(p).sort(), ['bias', 'meanSe', 'name', 'sd', 'truth', 'waldCoverage'], showRun(r));
      for (const k of ['bias', 'sd', 'meanSe', 'waldCoverage']) {
        assert.equal(typeof p[k].value, 'number', `${p.name}.${k}: ${JSON.stringify(p[k])}`);
        assert.ok(p[k].mcse >= 0, `${p.name}.${k}: ${JSON.stringify(p[k])}`);
      }
      assert.ok(p.waldCoverage.value >= 0 && p.waldCoverage.value <= 1);
    }
    const again = await runCli(['check-sim', WOOL, '--replicates', '30', '--seed', '5', '--json']);
    assert.deepEqual(JSON.parse(again.stdout).parameters, j.parameters, 'the same seed gives the same numbers');
  });

  test('the table names the columns; a bad --replicates is a usage error', async () => {
    const t = await runCli(['check-sim', WOOL, '--replicates', '10']);
    assert.equal(t.code, 0, showRun(t));
    assert.match(t.stdout, /parameter +truth +bias +SD of estimates +mean Wald SE +Wald coverage \(0\.95\)/);
    assert.match(t.stdout, /^b_woolB /m);
    const bad = await runCli(['check-sim', WOOL, '--replicates', 'many', '--json']);
    assert.equal(bad.code, 2, showRun(bad));
    assert.equal(JSON.parse(bad.stdout).kind, 'usage');
  });
});
