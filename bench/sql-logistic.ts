// Scaling benchmark of the logistic fit in DuckDB (server/src/node/duckdb-logistic.ts) against the in-memory fit
// (load the Parquet file into columns, then check + runFit), on generated Parquet files of growing size with 10
// covariates. Each run is a fresh process, so its peak RSS is its own. Writes a markdown table (docs/scaling.md).
//   node --import tsx bench/sql-logistic.ts [--rows 100000,1000000,4000000] [--no-memory-above N]

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const P = 10;
const xs = Array.from({ length: P }, (_, j) => `x${j + 1}`);
const args = process.argv.slice(2);
const at = (f: string): string | undefined => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined);
const dataDir = join(import.meta.dirname, 'data');

async function generate(rows: number): Promise<string> {
  const file = join(dataDir, `sql-logistic-${rows}.parquet`);
  if (existsSync(file)) return file;
  mkdirSync(dataDir, { recursive: true });
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  // Uniform covariates on (−2, 2) from hashes of the row number; true η = 0.2 + Σ (−1)^j x_j / j.
  const u = (k: number): string => `((hash(i, ${k}) % 1000003) + 0.5) / 1000003`;
  const eta = `0.2 + ${xs.map((x, j) => `${(j % 2 ? -1 : 1) / (j + 1)} * ${x}`).join(' + ')}`;
  await con.run(`COPY (SELECT CASE WHEN ${u(0)} < 1 / (1 + exp(-(${eta}))) THEN 1 ELSE 0 END AS y, ${xs.join(', ')}
    FROM (SELECT i, ${xs.map((x, j) => `4 * ${u(j + 1)} - 2 AS ${x}`).join(', ')} FROM range(${rows}) t(i)))
    TO '${file}' (FORMAT parquet)`);
  con.closeSync();
  return file;
}

async function one(kind: 'sql' | 'memory', file: string): Promise<Record<string, unknown>> {
  const t0 = performance.now();
  if (kind === 'sql') {
    const { fitLogisticInDuckDB } = await import('../server/src/node/duckdb-logistic.ts');
    const r = await fitLogisticInDuckDB({ kind: 'parquet', abs: file }, 'y', xs);
    if (!r.ok) throw new Error(r.error);
    return { ms: performance.now() - t0, passes: r.iterations, b1: r.estimates[1] };
  }
  const { loadDataFile } = await import('../server/src/node/data-engine.ts');
  const { analyze } = await import('../server/src/language/analyze.ts');
  const { runFit } = await import('../server/src/fit/run-fit.ts');
  const data = await loadDataFile(file, file);
  const loadMs = performance.now() - t0;
  const model = `data "d.parquet"\nparam b0, ${xs.map((_, j) => `b${j + 1}`).join(', ')}\ny ~ Bernoulli(logistic(b0 + ${xs.map((x, j) => `b${j + 1} * ${x}`).join(' + ')}))\n`;
  const r = runFit(analyze(model, data), 'm.mle');
  if (!r.ok) throw new Error(r.message);
  return { ms: performance.now() - t0, loadMs, b1: r.result.parameters[1].estimate };
}

if (at('--one')) {
  const r = await one(at('--one') as 'sql' | 'memory', at('--file')!);
  process.stdout.write(JSON.stringify({ ...r, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
  process.exit(0);
}

const sizes = (at('--rows') ?? '100000,1000000,4000000').split(',').map(Number);
const memoryCap = Number(at('--no-memory-above') ?? Infinity);
const load0 = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const lines = [
  '| rows | Parquet | SQL fit: time, passes, peak RSS | in memory: load + fit, peak RSS | Δ b1 |',
  '|---|---|---|---|---|',
];
for (const rows of sizes) {
  const file = await generate(rows);
  const size = (await import('node:fs')).statSync(file).size / 1e6;
  const run = (kind: string): Record<string, number> =>
    JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--one', kind, '--file', file], {
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .at(-1)!,
    );
  const s = run('sql');
  const m = rows <= memoryCap ? run('memory') : undefined;
  lines.push(
    `| ${rows.toLocaleString('en-US')} | ${size.toFixed(0)} MB | ${(s.ms / 1000).toFixed(2)} s, ${s.passes}, ${s.maxRssMB.toFixed(0)} MB | ` +
      (m
        ? `${(m.loadMs / 1000).toFixed(2)} + ${((m.ms - m.loadMs) / 1000).toFixed(2)} s, ${m.maxRssMB.toFixed(0)} MB`
        : '—') +
      ` | ${m ? Math.abs(s.b1 - m.b1).toExponential(1) : '—'} |`,
  );
  console.error(lines.at(-1));
}
console.log(
  `load average at start ${load0}, at end ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log(lines.join('\n'));
