// `mle simulate`: seeded reproducibility, the CSV's shape against the data, --params in both forms, --out, errors.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, showRun, type Run } from './run-cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mle-sim-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const MODEL = 'test/fixtures/compare/wb-wool-tension.mle';
const DATA = readFileSync('test/fixtures/compare/warpbreaks.csv', 'utf8').trim().split(/\r?\n/);
const unquote = (line: string): string[] => line.split(',').map((c) => c.replace(/^"|"$/g, ''));

function ok(r: Run): string {
  assert.equal(r.code, 0, showRun(r));
  return r.stdout;
}

describe('mle simulate', () => {
  test('the same seed gives the same CSV, another seed another; header, rows and other columns as the data', async () => {
    const a = ok(await runCli(['simulate', MODEL, '--seed', '7']));
    const again = ok(await runCli(['simulate', MODEL, '--seed', '7']));
    const other = ok(await runCli(['simulate', MODEL, '--seed', '8']));
    assert.equal(again, a);
    assert.notEqual(other, a);
    const lines = a.trim().split('\n');
    assert.equal(lines.length, DATA.length, 'one line per data row plus the header');
    assert.deepEqual(unquote(lines[0]), unquote(DATA[0]));
    let changed = 0;
    for (let i = 1; i < DATA.length; i++) {
      const got = unquote(lines[i]);
      const want = unquote(DATA[i]);
      assert.deepEqual(got.slice(1), want.slice(1), `row ${i}: only the outcome (breaks) changes`);
      assert.ok(Number.isInteger(Number(got[0])) && Number(got[0]) >= 0, `row ${i}: a count, got ${got[0]}`);
      if (got[0] !== want[0]) changed++;
    }
    assert.ok(changed > DATA.length / 2, `outcomes simulated: ${changed} of ${DATA.length - 1} changed`);
  });

  test('--params as {name: value} and as fit JSON; --out writes the file', async () => {
    // Rates e^10 ≈ 22026 in every row: a draw far from any observed count, so the parameters were used.
    const flat = join(tmp, 'flat.json');
    writeFileSync(flat, JSON.stringify({ a: 10, b_woolB: 0, b_tensionM: 0, b_tensionH: 0 }));
    const out = join(tmp, 'sim.csv');
    const r = await runCli(['simulate', MODEL, '--seed', '1', '--params', flat, '--out', out]);
    assert.equal(r.code, 0, showRun(r));
    assert.equal(r.stdout, '');
    const ys = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[0]));
    const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
    // Mean of 54 Poisson(e^10) draws: SD √(e^10/54) ≈ 20; 4.5 SDs.
    assert.ok(Math.abs(mean - Math.exp(10)) < 4.5 * Math.sqrt(Math.exp(10) / 54), `mean ${mean}`);
    const fitJson = join(tmp, 'fit.json');
    writeFileSync(
      fitJson,
      JSON.stringify({
        parameters: ['a', 'b_woolB', 'b_tensionM', 'b_tensionH'].map((name) => ({
          name,
          estimate: name === 'a' ? 10 : 0,
        })),
      }),
    );
    const viaFit = ok(await runCli(['simulate', MODEL, '--seed', '1', '--params', fitJson]));
    assert.equal(viaFit, readFileSync(out, 'utf8'), 'both forms of --params give the same draws');
  });

  test('errors: missing --seed (usage), a parameter missing from --params (input), as JSON under --json', async () => {
    const noSeed = await runCli(['simulate', MODEL, '--json']);
    assert.equal(noSeed.code, 2, showRun(noSeed));
    assert.equal(JSON.parse(noSeed.stdout).kind, 'usage');
    const partial = join(tmp, 'partial.json');
    writeFileSync(partial, JSON.stringify({ a: 1 }));
    const r = await runCli(['simulate', MODEL, '--seed', '1', '--params', partial, '--json']);
    assert.equal(r.code, 2, showRun(r));
    const e = JSON.parse(r.stdout);
    assert.equal(e.kind, 'input');
    assert.match(e.error, /no numeric value for b_woolB, b_tensionM, b_tensionH/);
  });
});
