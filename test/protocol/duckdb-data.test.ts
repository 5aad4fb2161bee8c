// Parquet and DuckDB data over real LSP: the data worker reads them (DuckDB, asynchronously), the diagnostics are the
// CSV model's, a fit equals the CSV fit, the data viewer shows the columns read, and a missing table is a diagnostic.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataRowsResponse, FitResponse } from '../../server/src/protocol.ts';
import { EXAMPLES, ROOT, startSession, type Session } from './features-client.ts';

let s: Session;
let dir: string;
before(async () => {
  s = await startSession();
  dir = mkdtempSync(join(tmpdir(), 'mle-duckdb-'));
  copyFileSync(join(ROOT, 'test/fixtures/duckdb/examples.duckdb'), join(dir, 'examples.duckdb'));
});
after(() => s.close());

interface Diag {
  readonly code: string;
  readonly message: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

test('the Parquet example: no diagnostics, and its fit equals the CSV fit', async () => {
  const parquet = await s.open(join(EXAMPLES, 'infert-parquet.mle'));
  const csv = await s.open(join(EXAMPLES, 'infert.mle'));
  assert.deepEqual(await s.diagnostics(parquet), []);
  const p = await s.request<FitResponse>('mle/fit', { uri: parquet });
  const c = await s.request<FitResponse>('mle/fit', { uri: csv });
  assert.ok(p.ok && c.ok, JSON.stringify(p.ok ? c : p));
  assert.deepEqual(
    p.result.parameters.map((x) => [x.name, x.estimate, x.se]),
    c.result.parameters.map((x) => [x.name, x.estimate, x.se]),
  );
});

test('the data viewer shows the columns the model names', async () => {
  const uri = await s.open(join(EXAMPLES, 'infert-parquet.mle'));
  const w = await s.request<DataRowsResponse>('mle/dataRows', { uri, start: 0, count: 3 });
  assert.equal(w.total, 248);
  assert.deepEqual([...w.columns.map((c) => c.name)].sort(), ['age', 'case', 'induced', 'spontaneous']);
});

test('a column named in an edit is read then (the worker reads the file again for it)', async () => {
  const path = join(dir, 'p.mle');
  copyFileSync(join(EXAMPLES, 'infert.parquet'), join(dir, 'infert.parquet'));
  const text = readFileSync(join(EXAMPLES, 'infert-parquet.mle'), 'utf8');
  const uri = await s.open(path, text);
  await s.diagnostics(uri);
  const before = await s.request<DataRowsResponse>('mle/dataRows', { uri, start: 0, count: 1 });
  assert.ok(!before.columns.some((c) => c.name === 'parity'));
  await s.change(uri, `${text}let z = b_age * parity\n`);
  await s.diagnostics(uri, 3);
  const after = await s.request<DataRowsResponse>('mle/dataRows', { uri, start: 0, count: 1 });
  assert.ok(
    after.columns.some((c) => c.name === 'parity'),
    JSON.stringify(after.columns.map((c) => c.name)),
  );
});

test('a table the database does not have: a data-file error on the table clause', async () => {
  const text = readFileSync(join(EXAMPLES, 'infert.mle'), 'utf8').replace(
    'data "infert.csv"',
    'data "examples.duckdb" table "infert2"',
  );
  const uri = await s.open(join(dir, 'm.mle'), text);
  const diags = (await s.diagnostics(uri)) as Diag[];
  const d = diags.find((x) => x.code === 'data-file');
  assert.ok(d, JSON.stringify(diags));
  assert.match(d.message, /has no table `infert2` \(its tables: infert, warpbreaks\)/);
  const line = text.split('\n')[d.range.start.line];
  assert.equal(line.slice(d.range.start.character, d.range.end.character), 'table "infert2"');
  await s.change(uri, text.replace('infert2', 'infert'));
  assert.deepEqual(await s.diagnostics(uri, 3), []);
});
