// `mle fit --memory-budget MB` end to end on a small Parquet file: under a tiny budget a logistic regression is fitted
// inside DuckDB (newton-sql) and equals the in-memory fit of the same file (estimates 1e-10, SEs 1e-8 relative; the
// in-memory fit is the reference, itself checked against R elsewhere); any other model is refused, in JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runCli, showRun, type Run } from './run-cli.ts';
import { editorOverBudgetFit } from '../../server/src/node/over-budget-fit.ts';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from '../../server/src/lsp/analyses.ts';
import { FitStopped } from '../../server/src/lsp/fit-runner.ts';
import { CANCELLED, fitLogisticInDuckDB } from '../../server/src/node/duckdb-logistic.ts';
import type { FitProgress } from '../../server/src/engine/optimize/progress.ts';

const ROWS = 5000;
const EST_REL_TOL = 1e-10;
const SE_REL_TOL = 1e-8;
/** 5,000 rows × 4 used columns ≈ 0.4 MB in memory: over 0.01 MB. */
const TINY = '0.01';

let dir: string;
const at = (f: string): string => join(dir, f);
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mle-budget-'));
  // Hash-based pseudo-random rows: x uniform on (−2, 2), x3 missing on every 100th row, an unused column.
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const u = (k: number): string => `((hash(i, ${k}) % 1000003) + 0.5) / 1000003`;
  await con.run(`COPY (
    SELECT CASE WHEN ${u(4)} < 1 / (1 + exp(-(0.5 + x1 - 0.7 * x2 + 0.3 * coalesce(x3, 0)))) THEN 1 ELSE 0 END AS y,
      x1, x2, x3, ${u(5)} AS unused
    FROM (SELECT i, 4 * ${u(1)} - 2 AS x1, 4 * ${u(2)} - 2 AS x2,
            CASE WHEN i % 100 = 7 THEN NULL ELSE 4 * ${u(3)} - 2 END AS x3 FROM range(${ROWS}) t(i))
  ) TO '${at('d.parquet')}' (FORMAT parquet)`);
  // The same rows as a CSV sorted by the outcome: its first rows (the sample the model is analysed on) are all 0.
  await con.run(`COPY (SELECT * FROM '${at('d.parquet')}' ORDER BY y) TO '${at('sorted.csv')}' (HEADER)`);
  con.closeSync();
  writeFileSync(at('sorted.mle'), 'data "sorted.csv"\nparam b0, b1\ny ~ Bernoulli(logistic(b0 + b1 * x1))\n');
  // Parameters out of the SQL's order (intercept first), so the mapping back is exercised.
  writeFileSync(
    at('logit.mle'),
    'data "d.parquet"\nparam b1, b0, b2, b3\ny ~ Bernoulli(logistic(x1 * b1 + b0 + b2 * x2 + b3 * x3))\n',
  );
  writeFileSync(at('poisson.mle'), 'data "d.parquet"\nparam a, b\ny ~ Poisson(exp(a + b * x1))\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

function json(r: Run): any {
  try {
    return JSON.parse(r.stdout);
  } catch (e) {
    assert.fail(`stdout is not JSON (${(e as Error).message})\n${showRun(r)}`);
  }
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

test('over a tiny budget a logistic regression runs inside DuckDB and equals the in-memory fit', async () => {
  const [sqlRun, memRun] = await Promise.all([
    runCli(['fit', at('logit.mle'), '--json', '--memory-budget', TINY]),
    runCli(['fit', at('logit.mle'), '--json']),
  ]);
  assert.equal(sqlRun.code, 0, showRun(sqlRun));
  assert.equal(memRun.code, 0, showRun(memRun));
  const sql = json(sqlRun);
  const mem = json(memRun);
  const show = `SQL ${JSON.stringify(sql.parameters)}\nmemory ${JSON.stringify(mem.parameters)}`;
  assert.equal(sql.method, 'newton-sql', show);
  assert.notEqual(mem.method, 'newton-sql', show);
  assert.equal(sql.converged, true);
  assert.deepEqual(sql.data, mem.data);
  assert.equal(sql.n, ROWS - ROWS / 100);
  assert.equal(sql.n, mem.n);
  assert.deepEqual(
    sql.parameters.map((p: any) => p.name),
    mem.parameters.map((p: any) => p.name),
  );
  mem.parameters.forEach((m: any, j: number) => {
    const s = sql.parameters[j];
    assert.ok(rel(s.estimate, m.estimate) <= EST_REL_TOL, `${m.name} estimate\n${show}`);
    assert.ok(rel(s.se, m.se) <= SE_REL_TOL, `${m.name} SE\n${show}`);
    assert.ok(rel(s.ci.wald[0], m.ci.wald[0]) <= SE_REL_TOL, `${m.name} CI\n${show}`);
    assert.ok(Math.abs(s.p - m.p) <= 1e-12 + SE_REL_TOL * m.p, `${m.name} p\n${show}`);
  });
  for (const k of ['logLik', 'aic', 'bic']) assert.ok(rel(sql[k], mem[k]) <= 1e-12, `${k}: ${sql[k]} vs ${mem[k]}`);
  const note = sql.diagnostics.find((d: any) => d.code === 'data-exceeds-memory-budget');
  assert.equal(note?.severity, 'info', JSON.stringify(sql.diagnostics));
  assert.match(note.message, /5,000 rows × 4 used columns/);
  assert.match(note.message, /profile intervals/);
  // Nothing faked: no fit-to-data plots, and a note saying why.
  assert.deepEqual(sql.residuals, []);
  assert.equal(sql.plotNotes.length, 1);
});

test('over a tiny budget a model the SQL backend does not fit is refused (JSON, stable code), not loaded', async () => {
  const r = await runCli(['fit', at('poisson.mle'), '--json', '--memory-budget', TINY]);
  assert.equal(r.code, 1, showRun(r));
  const out = json(r);
  assert.match(out.error, /exceed the memory budget \(0\.010 MB\)/, showRun(r));
  assert.match(out.error, /--memory-budget MB/);
  assert.equal(out.diagnostics[0].code, 'data-exceeds-memory-budget', showRun(r));
  assert.equal(out.diagnostics[0].severity, 'error');
  // Within the default budget the same model is fitted in memory.
  const ok = await runCli(['fit', at('poisson.mle'), '--json']);
  assert.equal(ok.code, 0, showRun(ok));
});

test('--memory-budget needs a number of megabytes', async () => {
  const r = await runCli(['fit', at('logit.mle'), '--json', '--memory-budget', 'lots']);
  assert.equal(r.code, 2, showRun(r));
  assert.match(json(r).error, /--memory-budget needs a number of megabytes/);
});

test('the editor: setting mle.data.memoryBudget (FitDefaults.memoryBudget) takes the same path', async () => {
  const text = 'data "d.parquet"\nparam b0, b1\ny ~ Bernoulli(logistic(b0 + b1 * x1))\n';
  const fit = (memoryBudget: number) =>
    editorOverBudgetFit(text, at('d.parquet'), 'd.parquet', 'm.mle', {}, { memoryBudget });
  const within = await fit(1e6);
  assert.equal(within, undefined, 'within the budget the editor loads the data as before');
  const over = await fit(Number(TINY));
  assert.ok(over?.ok, JSON.stringify(over));
  assert.equal(over.result.method, 'newton-sql');
  assert.equal(over.result.n, ROWS);
  // Through the server's fit (lsp/analyses.ts), the setting arriving in the fit request's defaults.
  const doc = TextDocument.create(pathToFileURL(at('editor.mle')).href, 'mle', 1, text);
  const viaServer = await new AnalysisCache().fit(doc, 'editor.mle', { defaults: { memoryBudget: Number(TINY) } });
  assert.ok(viaServer.ok, JSON.stringify(viaServer));
  assert.equal(viaServer.result.method, 'newton-sql');
  assert.deepEqual(
    viaServer.result.parameters.map((p) => p.estimate),
    over.result.parameters.map((p) => p.estimate),
  );
});

test("a CSV sorted by the outcome: the sample's verdicts (a constant outcome) are not reported for the whole data", async () => {
  const r = await runCli(['fit', at('sorted.mle'), '--json', '--memory-budget', '0.001']);
  assert.equal(r.code, 0, showRun(r));
  const out = json(r);
  assert.equal(out.method, 'newton-sql', showRun(r));
  assert.equal(out.n, ROWS);
  assert.deepEqual(
    out.diagnostics.map((d: any) => d.code),
    ['data-exceeds-memory-budget'],
    showRun(r),
  );
});

test('the editor: an over-budget fit reports each pass, and a cancel answers at once and interrupts DuckDB', async () => {
  const text = 'data "d.parquet"\nparam b0, b1\ny ~ Bernoulli(logistic(b0 + b1 * x1))\n';
  const doc = TextDocument.create(pathToFileURL(at('cancel.mle')).href, 'mle', 1, text);
  const reports: FitProgress[] = [];
  let cancel = (): void => undefined;
  const signal = {
    isCancellationRequested: false,
    onCancellationRequested(listener: () => void) {
      cancel = () => {
        signal.isCancellationRequested = true;
        listener();
      };
    },
  };
  const fit = new AnalysisCache().fit(doc, 'cancel.mle', {
    defaults: { memoryBudget: Number(TINY) },
    signal,
    onProgress: (p) => {
      reports.push(p);
      if (reports.length === 1) cancel();
    },
  });
  await assert.rejects(fit, (e: unknown) => e instanceof FitStopped && e.why === 'cancelled');
  assert.equal(reports[0].phase, 'optimising', JSON.stringify(reports));
  assert.equal(reports[0].iteration, 1);
  assert.ok(Number.isFinite(reports[0].objective), JSON.stringify(reports));
  // The fit itself stops at its next query: no further pass is reported.
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(reports.length, 1, `passes after the cancel: ${JSON.stringify(reports)}`);
});

test('fitLogisticInDuckDB: a rejected stop ends the fit with the cancelled error, not a result', async () => {
  let stop!: (e: Error) => void;
  const stopped = new Promise<never>((_, rej) => (stop = rej));
  stopped.catch(() => undefined);
  const r = await fitLogisticInDuckDB({ kind: 'parquet', abs: at('d.parquet') }, 'y', ['x1', 'x2'], {
    stop: stopped,
    onProgress: () => stop(new Error('stop')),
  });
  assert.deepEqual(r, { ok: false, error: CANCELLED });
});

test('mle check over the budget: checked on the first rows (data-sampled), their verdicts on those rows left out', async () => {
  // The first 1,000 rows of the CSV sorted by the outcome are all 0: a constant outcome there, not in the file.
  const r = await runCli(['check', at('sorted.mle'), '--json', '--memory-budget', '0.001']);
  assert.equal(r.code, 0, showRun(r));
  const codes = json(r).diagnostics.map((d: { code: string }) => d.code);
  const sampled = json(r).diagnostics.find((d: { code: string }) => d.code === 'data-sampled');
  assert.ok(sampled, showRun(r));
  assert.equal(sampled.severity, 'info');
  assert.match(sampled.message, /5,000 rows/);
  assert.match(sampled.message, /first 1,000/);
  assert.ok(!codes.includes('constant-outcome'), showRun(r));
  // Within the budget: the whole file, no sample note.
  const whole = await runCli(['check', at('sorted.mle'), '--json']);
  assert.deepEqual(
    json(whole).diagnostics.map((d: { code: string }) => d.code),
    [],
    showRun(whole),
  );
});

test("the editor's diagnostics over the budget (MLE_MEMORY_BUDGET_MB): the data worker reads the first rows only", async () => {
  const text = 'data "sorted.csv"\nparam b0, b1\ny ~ Bernoulli(logistic(b0 + b1 * x1))\n';
  const doc = TextDocument.create(pathToFileURL(at('sorted-editor.mle')).href, 'mle', 1, text);
  process.env.MLE_MEMORY_BUDGET_MB = '0.001';
  const cache = new AnalysisCache();
  try {
    const out = await cache.analyzeData(doc);
    assert.ok(out?.ok, JSON.stringify(out));
    const codes = out.result.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('data-sampled'), JSON.stringify(codes));
    assert.ok(!codes.includes('constant-outcome'), JSON.stringify(codes));
    // Hover over the outcome column says its figures are the first rows'.
    const editor = cache.editor(doc);
    assert.equal(editor.data?.ok && editor.data.sampledFrom, ROWS);
  } finally {
    delete process.env.MLE_MEMORY_BUDGET_MB;
    cache.dispose();
  }
});
