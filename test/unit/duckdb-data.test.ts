// The DuckDB data engine (node/data-engine.ts, duckdb-read.ts): fits on Parquet files and .duckdb tables equal the fit
// on the same data as CSV (the JS reader is the reference, 1e-12), only the named columns are read, text columns are
// factors, a missing table is a data-file diagnostic on the `table` clause, a platform without DuckDB gets a clear
// message, and DuckDB's CSV reading agrees with the JS reader cell for cell. Fixtures: scripts/make-duckdb-fixtures.mjs.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze, linkedData, namesIn } from '../../server/src/language/analyze.ts';
import { ParseCache } from '../../server/src/language/parse-incremental.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';
import type { Column } from '../../server/src/data/table.ts';
import { loadData } from '../../server/src/node/data-source.ts';
import { invalidateDataFile, loadDataFile, type LoadOptions } from '../../server/src/node/data-engine.ts';
import { setDuckLoader } from '../../server/src/node/duckdb-engine.ts';
import { runFit } from '../../server/src/fit/run-fit.ts';
import { analyseFile } from '../../server/src/cli/analyse-file.ts';
import { completion } from '../../server/src/features/completion.ts';
import { hover } from '../../server/src/features/hover.ts';
import type { FitJson } from '../../server/src/protocol.ts';

/** Same data, same model: the estimates, SEs and log-likelihood agree to this (they are in fact identical). */
const TOL = 1e-12;
const FX = 'test/fixtures/duckdb';

const INFERT = `data "m.parquet"
param a, b_spont, b_induced, b_age
case ~ Bernoulli(logistic(a + b_spont * spontaneous + b_induced * induced + b_age * age))
`;
const WARP = `data "m.parquet"
param a
param b_wool[wool] ref
param b_tension[tension] ref
breaks ~ Poisson(exp(a + b_wool[wool] + b_tension[tension]))
`;

/** What the CLI and the data worker do: the names in the model decide the columns read. */
const load = (path: string, text: string, o: LoadOptions = {}): Promise<DataLoad> =>
  loadDataFile(path, path, { columns: namesIn(text), ...o });

function fitOf(text: string, data: DataLoad): FitJson {
  const r = runFit(analyze(text, data), 'm.mle');
  assert.ok(r.ok, `fit failed:\n${text}\n${r.ok ? '' : r.message + JSON.stringify(r.diagnostics)}`);
  return r.result;
}

function assertSameFit(got: FitJson, want: FitJson, what: string): void {
  const show = `${what}\ngot  ${JSON.stringify(got.parameters)}\nwant ${JSON.stringify(want.parameters)}`;
  assert.equal(got.n, want.n, show);
  assert.ok(Math.abs(got.logLik! - want.logLik!) <= TOL * Math.abs(want.logLik!), show);
  assert.equal(got.parameters.length, want.parameters.length, show);
  want.parameters.forEach((w, i) => {
    const g = got.parameters[i];
    assert.equal(g.name, w.name, show);
    for (const k of ['estimate', 'se'] as const) {
      const gv = g[k] ?? NaN;
      const wv = w[k] ?? NaN;
      assert.ok(Number.isNaN(wv) ? Number.isNaN(gv) : Math.abs(gv - wv) <= TOL * Math.max(1, Math.abs(wv)), show);
    }
  });
}

after(() => setDuckLoader());

describe('fits on Parquet and DuckDB tables equal the CSV fit', () => {
  const cases: [string, string, string, LoadOptions][] = [
    ['infert.parquet', INFERT, 'infert.csv', {}],
    ['examples.duckdb table infert', INFERT, 'infert.csv', { table: 'infert' }],
    ['warpbreaks.parquet (text columns are factors)', WARP, 'warpbreaks.csv', {}],
    ['examples.duckdb table warpbreaks', WARP, 'warpbreaks.csv', { table: 'warpbreaks' }],
  ];
  for (const [name, model, csv, o] of cases)
    test(name, async () => {
      const file = o.table ? `${FX}/examples.duckdb` : `${FX}/${name.split(' ')[0]}`;
      const want = fitOf(model, loadData(`examples/${csv}`, csv));
      const data = await load(file, model, o);
      assert.ok(data.ok, data.ok ? '' : data.error);
      assertSameFit(fitOf(model, data), want, `${name} vs examples/${csv}`);
    });

  test('the factor levels of a Parquet text column are those of the CSV column', async () => {
    const data = await load(`${FX}/warpbreaks.parquet`, WARP);
    assert.ok(data.ok);
    const csv = loadData('examples/warpbreaks.csv');
    assert.ok(csv.ok);
    for (const name of ['wool', 'tension']) {
      const c: Column = data.table.byName.get(name)!;
      assert.ok(c.cells, `${name} is read as a factor (text cells kept)`);
      assert.deepEqual(c.cells, csv.table.byName.get(name)!.cells, name);
    }
  });

  test('the CLI path (analyseFile) reads the Parquet example', async () => {
    const { an } = await analyseFile('examples/infert-parquet.mle', false);
    assert.ok(an.data?.ok, JSON.stringify(an.diagnostics));
    assert.equal(an.data.table.rows, 248);
    assert.deepEqual(
      an.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });
});

describe('only the columns the model names are read', () => {
  test('`bad` (numbers mixed with text) and `blob` (binary) are neither read nor reported', async () => {
    for (const [file, o] of [
      [`${FX}/infert.parquet`, {}],
      [`${FX}/examples.duckdb`, { table: 'infert' }],
    ] as const) {
      const data = await load(file, INFERT, o);
      assert.ok(data.ok, data.ok ? '' : data.error);
      const read = data.table.columns.map((c) => c.name).sort();
      assert.deepEqual(read, ['age', 'case', 'induced', 'spontaneous'], file);
      assert.ok(data.table.unread?.includes('bad') && data.table.unread.includes('blob'), file);
      const an = analyze(INFERT, data);
      assert.deepEqual(an.diagnostics, [], `${file}: ${JSON.stringify(an.diagnostics)}`);
    }
  });

  test('a column the model names later is read then, with those read before', async () => {
    const file = `${FX}/infert.parquet`;
    invalidateDataFile(file);
    const first = await load(file, INFERT);
    assert.ok(first.ok && !first.table.byName.has('parity'));
    const more = await load(file, INFERT, { columns: new Set([...namesIn(INFERT), 'parity']) });
    assert.ok(more.ok && more.table.byName.has('parity') && more.table.byName.has('age'));
    assert.equal(more.table.byName.get('parity')!.values.length, 248);
  });

  test('completion offers the columns not read yet; hover on the path says how many were read', async () => {
    invalidateDataFile(`${FX}/infert.parquet`);
    const data = await load(`${FX}/infert.parquet`, INFERT);
    const text = `${INFERT}let z = b_age * pa`;
    const an = analyze(text, data);
    const got = completion(an, text.length);
    const parity = got.find((e) => e.label === 'parity');
    assert.ok(parity, JSON.stringify(got.map((e) => e.label)));
    assert.match(parity.detail ?? '', /not read yet/);
    assert.ok(got.some((e) => e.label === 'age' && /numeric/.test(e.detail ?? '')));
    const md = hover(an, text.indexOf('m.parquet') + 2)?.markdown ?? '';
    assert.match(md, /4 columns \(read: the 4 the model names, of 10\)/, md);
  });

  test('read in full, `bad` is a factor column and `blob` its text', async () => {
    const all = await loadDataFile(`${FX}/infert.parquet`);
    assert.ok(all.ok);
    assert.ok(all.table.byName.get('bad')!.nonNumeric > 0);
    assert.equal(all.table.unread, undefined);
  });
});

describe('tables of a DuckDB database', () => {
  const model = (table: string): string =>
    INFERT.replace('data "m.parquet"', `data "examples.duckdb" table "${table}"`);

  test('the grammar: `table "NAME"` before `na`, and a column may still be called table', () => {
    const text = 'data "d.duckdb" table "t" na "-"\nparam a\ntable ~ Normal(a, 1)\n';
    assert.deepEqual(linkedData(text), { path: 'd.duckdb', table: 't', na: ['-'] });
    const an = analyze(text);
    assert.deepEqual(
      an.diagnostics.filter((d) => d.code === 'syntax'),
      [],
    );
    assert.equal(an.dataStmt?.table?.value, 't');
    assert.equal(text.slice(an.dataStmt!.table!.span.start, an.dataStmt!.table!.span.end), 'table "t"');
    // On a line of its own, the clause still belongs to the data statement, in the incremental parse too.
    const split = 'data "d.duckdb"\n  table "t"\nparam a\ny ~ Normal(a, 1)\n';
    const inc = analyze(split, undefined, new ParseCache());
    assert.equal(inc.dataStmt?.table?.value, 't');
    assert.deepEqual(inc.dataStmt, analyze(split).dataStmt);
  });

  for (const [table, message] of [
    ['nope', /has no table `nope` \(its tables: infert, warpbreaks\)/],
    ['infert_view', /has no table `infert_view`/],
  ] as const)
    test(`table "${table}" is a data-file error on the table clause`, async () => {
      const text = model(table);
      const data = await load(`${FX}/examples.duckdb`, text, { table });
      assert.ok(!data.ok);
      const d = analyze(text, data).diagnostics.find((x) => x.code === 'data-file');
      assert.ok(d, JSON.stringify(data));
      assert.match(d.message, message);
      assert.equal(text.slice(d.span.start, d.span.end), `table "${table}"`);
    });

  test('no table clause on a database of two tables: name one', async () => {
    const data = await load(`${FX}/examples.duckdb`, INFERT);
    assert.ok(!data.ok);
    assert.match(data.error, /name the table to read/);
  });

  test('a table clause on a Parquet file is an error', async () => {
    const data = await load(`${FX}/infert.parquet`, INFERT, { table: 'infert' });
    assert.ok(!data.ok);
    assert.match(data.error, /names a table of a DuckDB database/);
  });

  test('a missing file is a load error, not an exception', async () => {
    const data = await load(`${FX}/none.parquet`, INFERT);
    assert.ok(!data.ok);
    assert.match(data.error, /file not found/);
  });
});

describe('DuckDB reads a CSV as the JS reader does', () => {
  // 70,000 rows: `z` is numeric until row 65,001, past DuckDB's type-sniffing sample (20,480 rows), where a text cell
  // makes it non-numeric in the JS reader; DuckDB fails the cast there, and must neither stop early nor fail the load.
  const big = join(mkdtempSync(join(tmpdir(), 'mle-duck-csv-')), 'big.csv');
  const cell = (i: number): string => (i % 7 === 3 ? 'NA' : (i * 0.37).toFixed(2));
  const line = (i: number): string => `${cell(i)},${i},${'abc'[i % 3]},${i === 65_000 ? 'oops' : i}`;
  writeFileSync(big, 'y,x,g,z\n' + Array.from({ length: 70_000 }, (_, i) => line(i)).join('\n') + '\n');
  const csvs = [...readdirSync('examples').filter((f) => f.endsWith('.csv')), big];
  for (const csv of csvs)
    test(csv === big ? 'a generated 70,000-row CSV' : csv, async () => {
      const path = csv === big ? big : `examples/${csv}`;
      const js = loadData(path);
      const duck = await loadDataFile(path, csv, { csvThreshold: 0 });
      assert.ok(js.ok && duck.ok, `${csv}: ${js.ok ? '' : js.error} ${duck.ok ? '' : duck.error}`);
      assert.equal(duck.table.rows, js.table.rows);
      assert.deepEqual(
        duck.table.columns.map((c) => c.name),
        js.table.columns.map((c) => c.name),
      );
      for (const want of js.table.columns) {
        const got: Column = duck.table.byName.get(want.name)!;
        for (let i = 0; i < want.values.length; i++)
          assert.ok(
            Object.is(got.values[i], want.values[i]),
            `${csv} ${want.name} row ${i + 1}: DuckDB ${got.values[i]}, JS ${want.values[i]}`,
          );
        assert.deepEqual(got.cells, want.cells, `${csv} ${want.name}`);
        assert.equal(got.missing, want.missing, `${csv} ${want.name}`);
      }
    });
});

describe('a platform where DuckDB does not load', () => {
  test('Parquet gets the reason; a large CSV is read by the JS reader', async () => {
    setDuckLoader(() => Promise.reject(new Error('no DuckDB binding for plan9-mips\nstack…')));
    try {
      // Read before by other tests: cached, which would hide the loader.
      invalidateDataFile(`${FX}/warpbreaks.parquet`);
      invalidateDataFile(`${FX}/examples.duckdb`);
      invalidateDataFile('examples/warpbreaks.csv');
      const p = await load(`${FX}/warpbreaks.parquet`, WARP);
      assert.ok(!p.ok);
      assert.equal(
        p.error,
        'cannot read Parquet: the DuckDB engine did not load on this platform (no DuckDB binding for plan9-mips)',
      );
      const d = await load(`${FX}/examples.duckdb`, INFERT, { table: 'infert' });
      assert.ok(!d.ok);
      assert.match(d.error, /^cannot read a DuckDB database: the DuckDB engine did not load/);
      const c = await loadDataFile('examples/warpbreaks.csv', 'warpbreaks.csv', { csvThreshold: 0 });
      assert.ok(c.ok, c.ok ? '' : c.error);
      const diag = analyze(WARP, p).diagnostics.find((x) => x.code === 'data-file');
      assert.match(diag!.message, /did not load on this platform/);
    } finally {
      setDuckLoader();
    }
  });
});
