// `mle/compare`, `mle/history` and `mle/checkSimulation` over real LSP: the same numbers as compareFits on the warpbreaks
// fixtures, a data mismatch as an error, the history of an edited model's fits, a check by simulation with progress.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CheckSimulationResponse,
  CompareResponse,
  FitProgressParams,
  FitResponse,
  HistoryResponse,
} from '../../server/src/protocol.ts';
import { analyseFile } from '../../server/src/cli/analyse-file.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { compareFits, outcomesOf, type CompareEntry } from '../../server/src/fit/compare.ts';
import { ROOT, startSession, type Session } from './features-client.ts';

const fx = (f: string): string => join(ROOT, 'test/fixtures/compare', f);
const uri = (f: string): string => pathToFileURL(fx(f)).href;
const WB = ['wb-null.mle', 'wb-wool.mle', 'wb-wool-tension.mle'];

let s: Session;
let dir: string;
const progress: FitProgressParams[] = [];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mle-compare-'));
  s = await startSession();
  s.conn.onNotification('mle/fitProgress', (p: FitProgressParams) => progress.push(p));
});
after(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** |a − b| ≤ 1e-9·max(1, |b|): the same code on the same data, in another thread. */
const close = (a: number | null, b: number | null, what: string): void =>
  assert.ok(
    a !== null && b !== null && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)),
    `${what}: server ${a}, compareFits ${b}`,
  );

describe('mle/compare', () => {
  test('three nested Poisson glms on warpbreaks: the numbers of compareFits on the CLI path', async () => {
    const r = await s.request<CompareResponse>('mle/compare', { uris: WB.map(uri), progressId: 'cmp' });
    assert.ok(r.ok, JSON.stringify(r));
    const entries: CompareEntry[] = [];
    for (const f of WB) {
      const { an } = await analyseFile(fx(f), false);
      const res = runFit(an, f);
      assert.ok(res.ok);
      entries.push({ model: basename(f), fit: res.result, outcomes: outcomesOf(an) });
    }
    const want = compareFits(entries);
    assert.deepEqual(
      r.result.models.map((m) => [m.model, m.k, m.n]),
      want.models.map((m) => [m.model, m.k, m.n]),
    );
    r.result.models.forEach((m, i) => {
      const w = want.models[i];
      close(m.logLik, w.logLik, `${m.model} logLik`);
      close(m.aic, w.aic, `${m.model} AIC`);
      close(m.bic, w.bic, `${m.model} BIC`);
      close(m.deltaAic, w.deltaAic, `${m.model} ΔAIC`);
      close(m.akaikeWeight, w.akaikeWeight, `${m.model} weight`);
    });
    assert.equal(r.result.tests.length, 3, JSON.stringify(r.result.tests));
    assert.deepEqual(
      r.result.tests.map((t) => [t.smaller, t.larger, t.df, t.reference]),
      want.tests.map((t) => [t.smaller, t.larger, t.df, t.reference]),
    );
    r.result.tests.forEach((t, i) => {
      close(t.statistic, want.tests[i].statistic, `${t.smaller} in ${t.larger} statistic`);
      close(t.p, want.tests[i].p, `${t.smaller} in ${t.larger} p`);
    });
    assert.deepEqual(r.result.excluded, want.excluded);
    // The path as the model writes it (the CLI shows it from the working directory); the same rows.
    assert.equal(r.result.data?.path, 'warpbreaks.csv');
    assert.equal(r.result.data?.rowsUsed, want.data?.rowsUsed);
    assert.ok(
      progress.some((p) => p.progressId === 'cmp'),
      'the fits report progress under the request id',
    );
  });

  test('models of different data files: an error naming both files; fewer than two models: an error', async () => {
    const r = await s.request<CompareResponse>('mle/compare', { uris: [uri('aq-ozone.mle'), uri('wb-null.mle')] });
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.match(!r.ok ? r.message : '', /different data files \(airquality\.csv and warpbreaks\.csv\)/);
    const one = await s.request<CompareResponse>('mle/compare', { uris: [uri('wb-null.mle')] });
    assert.equal(one.ok, false);
  });

  test('models using different rows of one file: the mismatch names the rows', async () => {
    const r = await s.request<CompareResponse>('mle/compare', {
      uris: [uri('aq-ozone.mle'), uri('aq-ozone-solar.mle')],
    });
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.match(!r.ok ? r.message : '', /use different rows of airquality\.csv/);
  });
});

describe('mle/history', () => {
  test('each successful fit is recorded in order, with estimate changes since the previous fit', async () => {
    writeFileSync(join(dir, 'd.csv'), 'y\n1\n2\n3\n4\n6\n');
    const u = await s.open(join(dir, 'h.mle'), 'data "d.csv"\nparam mu\nparam sigma > 0\ny ~ Normal(mu, sigma)\n');
    const empty = await s.request<HistoryResponse>('mle/history', { uri: u });
    assert.deepEqual(empty.fits, []);
    const f1 = await s.request<FitResponse>('mle/fit', { uri: u });
    assert.ok(f1.ok);
    await s.change(u, 'data "d.csv"\nparam mu\ny ~ Normal(mu, 2)\n');
    const f2 = await s.request<FitResponse>('mle/fit', { uri: u });
    assert.ok(f2.ok);
    const h = await s.request<HistoryResponse>('mle/history', { uri: u });
    assert.equal(h.fits.length, 2, JSON.stringify(h));
    assert.deepEqual(
      h.fits.map((f) => f.k),
      [2, 1],
    );
    assert.ok(h.fits[0].time <= h.fits[1].time);
    assert.deepEqual(h.fits[1].removed, ['sigma']);
    const mu = h.fits[1].estimates.find((e) => e.name === 'mu')!;
    assert.equal(mu.estimate, 3.2);
    // The mean does not depend on sigma: the same estimate, a change of 0.
    assert.ok(Math.abs(mu.change!) < 1e-9, JSON.stringify(mu));
    close(h.fits[0].logLik, f1.result.logLik, 'first logLik');
    close(h.fits[1].aic, f2.result.aic, 'second AIC');
  });
});

describe('mle/checkSimulation', () => {
  test('runs in a fit thread, reports simulation progress, answers per parameter', async () => {
    const r = await s.request<CheckSimulationResponse>('mle/checkSimulation', {
      uri: uri('wb-wool.mle'),
      replicates: 40,
      seed: 2,
      progressId: 'sim',
    });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.result.replicates, 40);
    assert.deepEqual(
      r.result.parameters.map((p) => p.name),
      ['a', 'b_woolB'],
    );
    assert.ok(r.result.parameters.every((p) => p.waldCoverage.value !== null));
    assert.ok(
      progress.some((p) => p.progressId === 'sim' && p.phase === 'simulation' && p.total === 40),
      JSON.stringify(progress.filter((p) => p.progressId === 'sim')),
    );
  });
});
