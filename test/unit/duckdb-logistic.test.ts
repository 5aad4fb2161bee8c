// Logistic regression as SQL aggregates inside DuckDB (node/duckdb-logistic.ts, issue 11 point 4 groundwork): on
// 1,000,000 generated rows (some with a missing covariate) its estimates equal the in-memory engine's fit of the same
// file to 1e-10, its SEs to 1e-8 relative; the engine's fit is the reference (it is checked against R elsewhere).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { analyze } from '../../server/src/language/analyze.ts';
import { loadDataFile } from '../../server/src/node/data-engine.ts';
import { fitLogisticInDuckDB, passSql } from '../../server/src/node/duckdb-logistic.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';

const ROWS = 1_000_000;
const EST_TOL = 1e-10;
const SE_REL_TOL = 1e-8;
const MODEL = 'data "d.parquet"\nparam b0, b1, b2, b3\ny ~ Bernoulli(logistic(b0 + b1 * x1 + b2 * x2 + b3 * x3))\n';

let dir: string;
let file: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mle-sql-logit-'));
  file = join(dir, 'd.parquet');
  // Deterministic pseudo-random data from hashes of the row number: x uniform on (−2, 2), x3 missing on every
  // 1000th row, y drawn with η = 0.5 + x1 − 0.7 x2 + 0.3 x3.
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const u = (k: number): string => `((hash(i, ${k}) % 1000003) + 0.5) / 1000003`;
  await con.run(`COPY (
    SELECT CASE WHEN ${u(4)} < 1 / (1 + exp(-(0.5 + x1 - 0.7 * x2 + 0.3 * coalesce(x3, 0)))) THEN 1 ELSE 0 END AS y,
      x1, x2, x3
    FROM (SELECT i, 4 * ${u(1)} - 2 AS x1, 4 * ${u(2)} - 2 AS x2,
            CASE WHEN i % 1000 = 7 THEN NULL ELSE 4 * ${u(3)} - 2 END AS x3 FROM range(${ROWS}) t(i))
  ) TO '${file}' (FORMAT parquet)`);
  con.closeSync();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the SQL pass names every score and information term once', () => {
  const sql = passSql('t', 'y', ['a', 'b'], new Float64Array(3));
  // 1 log-likelihood + 3 score + 6 information sums (lower triangle of 3×3).
  assert.equal(sql.match(/fsum\(/g)?.length, 4, sql);
  assert.equal(sql.match(/ sum\(/g)?.length, 6, sql);
});

test(`1,000,000 rows: the SQL IRLS equals the in-memory fit (estimates ${EST_TOL}, SEs ${SE_REL_TOL} relative)`, async () => {
  const sql = await fitLogisticInDuckDB({ kind: 'parquet', abs: file }, 'y', ['x1', 'x2', 'x3']);
  assert.ok(sql.ok, sql.ok ? '' : sql.error);
  const data = await loadDataFile(file, 'd.parquet');
  const mem = runFit(analyze(MODEL, data), 'm.mle');
  assert.ok(mem.ok, mem.ok ? '' : mem.message);
  const show = `SQL ${[...sql.estimates]} (SE ${[...sql.se]}), n ${sql.n}\nmemory ${mem.result.parameters.map((p) => `${p.estimate} (SE ${p.se})`)}, n ${mem.result.n}`;
  assert.equal(sql.n, mem.result.n, show);
  assert.equal(sql.n, ROWS - ROWS / 1000, show);
  mem.result.parameters.forEach((p, j) => {
    assert.ok(Math.abs(sql.estimates[j] - p.estimate!) <= EST_TOL, `${p.name}\n${show}`);
    assert.ok(Math.abs(sql.se[j] - p.se!) <= SE_REL_TOL * p.se!, `${p.name} SE\n${show}`);
  });
  assert.ok(Math.abs(sql.logLik - mem.result.logLik!) <= 1e-12 * Math.abs(sql.logLik) + 1e-6, show);
  // The warm start (a Bernoulli sample's fit) saves full passes and, with the same stopping rule, changes nothing.
  const warm = await fitLogisticInDuckDB({ kind: 'parquet', abs: file }, 'y', ['x1', 'x2', 'x3'], { rows: ROWS });
  assert.ok(warm.ok, warm.ok ? '' : warm.error);
  const showWarm = `${show}\nwarm ${[...warm.estimates]} (SE ${[...warm.se]}): ${warm.warmPasses} + ${warm.iterations} passes against ${sql.iterations}`;
  assert.ok(warm.warmPasses > 0 && warm.iterations < sql.iterations, showWarm);
  mem.result.parameters.forEach((p, j) => {
    assert.ok(Math.abs(warm.estimates[j] - p.estimate!) <= EST_TOL, `${p.name} (warm start)\n${showWarm}`);
    assert.ok(Math.abs(warm.se[j] - p.se!) <= SE_REL_TOL * p.se!, `${p.name} SE (warm start)\n${showWarm}`);
  });
});

test('a start worse than β = 0 is dropped: the fit restarts from 0 and ends where it would', async () => {
  const xs = ['x1', 'x2', 'x3'];
  const from0 = await fitLogisticInDuckDB({ kind: 'parquet', abs: file }, 'y', xs);
  // Far out, where p(1 − p) underflows for most rows: plain Newton from here does not come back.
  const bad = await fitLogisticInDuckDB({ kind: 'parquet', abs: file }, 'y', xs, {
    start: Float64Array.of(30, -30, 30, -30),
  });
  assert.ok(from0.ok && bad.ok, `${from0.ok ? '' : from0.error} ${bad.ok ? '' : bad.error}`);
  assert.equal(bad.iterations, from0.iterations + 1, 'one wasted pass at the bad start');
  from0.estimates.forEach((b, j) => assert.equal(bad.estimates[j], b, `coefficient ${j}`));
});

test('a column that does not exist: an error, not an exception', async () => {
  const r = await fitLogisticInDuckDB({ kind: 'parquet', abs: file }, 'y', ['nope']);
  assert.ok(!r.ok);
  assert.match(r.error, /nope/);
});
