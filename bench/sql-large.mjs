// `node bench/sql-large.mjs [--rows 10000000] [--no-memory-above 20000000] [--out FILE.md]`: data larger than the
// memory budget (issue 11 point 4) end to end through the built CLI, under GNU time. A logistic regression with 10
// covariates on a generated Parquet file is fitted twice: with `--memory-budget 1` (1 MB: every pass runs inside DuckDB,
// method newton-sql) and with a budget no file reaches (in memory); the estimates must agree to 1e-10 relative and the
// SEs to 1e-8. Rows above --no-memory-above get only the SQL fit (100M rows in memory would need ~22 GB). Target at
// 100M rows: SQL fit ≤ 90 s and peak RSS ≤ 2 GB (run it on a quiet machine: `--rows 100000000`). `npm run bench`
// (bench/run.mjs) runs it at 10M rows after bench/large.mjs. The file is bench/data/sql-logistic-ROWS.parquet, the
// same generator as bench/sql-logistic.ts, so either script reuses the other's file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(benchDir);
const dataDir = join(benchDir, 'data');
const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const sizes = (arg('--rows') ?? '10000000').split(',').map(Number);
const memoryCap = Number(arg('--no-memory-above') ?? 20_000_000);
const outFile = arg('--out');
const EST_REL_TOL = 1e-10;
const SE_REL_TOL = 1e-8;
const P = 10;
const xs = Array.from({ length: P }, (_, j) => `x${j + 1}`);

/** Uniform covariates on (−2, 2) from hashes of the row number; true η = 0.2 + Σ (−1)^j x_j / j (bench/sql-logistic.ts). */
async function generate(rows) {
  const file = join(dataDir, `sql-logistic-${rows}.parquet`);
  if (existsSync(file)) return file;
  mkdirSync(dataDir, { recursive: true });
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  const u = (k) => `((hash(i, ${k}) % 1000003) + 0.5) / 1000003`;
  const eta = `0.2 + ${xs.map((x, j) => `${(j % 2 ? -1 : 1) / (j + 1)} * ${x}`).join(' + ')}`;
  // Written under another name and renamed: a half-written file is never taken for the data.
  const part = `${file}.part-${process.pid}`;
  await con.run(`COPY (SELECT CASE WHEN ${u(0)} < 1 / (1 + exp(-(${eta}))) THEN 1 ELSE 0 END AS y, ${xs.join(', ')}
    FROM (SELECT i, ${xs.map((x, j) => `4 * ${u(j + 1)} - 2 AS ${x}`).join(', ')} FROM range(${rows}) t(i)))
    TO '${part}' (FORMAT parquet)`);
  con.closeSync();
  renameSync(part, file);
  return file;
}

const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const cli = join(root, 'bin', 'mle.cjs');
if (!existsSync(join(root, 'dist', 'cli.cjs'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root });

/** One CLI fit under GNU time: wall seconds, peak RSS (KB), the JSON. */
function fit(mle, budgetMB) {
  const rssFile = join(dataDir, `.sql-large-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  const args = [cli, 'fit', mle, '--json', '--memory-budget', String(budgetMB)];
  const [cmd, argv] = timeBin
    ? [timeBin, ['-f', '%M', '-o', rssFile, process.execPath, ...args]]
    : [process.execPath, args];
  const load = loadavg()[0];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wallS = (performance.now() - t0) / 1000;
  const rssKB = timeBin && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : NaN;
  rmSync(rssFile, { force: true });
  let json;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = { error: `exit ${r.status}: ${r.stderr.slice(-400)}` };
  }
  return { wallS, rssKB, load, json };
}

const rel = (a, b) => Math.abs(a - b) / Math.abs(b);
const mb = (kb) => (Number.isFinite(kb) ? `${Math.round(kb / 1024)} MB` : '—');
const rows = [];
for (const n of sizes) {
  const file = await generate(n);
  const mle = join(dataDir, `sql-large-${n}.mle`);
  writeFileSync(
    mle,
    `# Benchmark: logistic regression over the memory budget (bench/sql-large.mjs)\ndata "${file.split('/').pop()}"\nparam b0, ${xs.map((_, j) => `b${j + 1}`).join(', ')}\ny ~ Bernoulli(logistic(b0 + ${xs.map((x, j) => `b${j + 1} * ${x}`).join(' + ')}))\n`,
  );
  const sql = fit(mle, 1);
  const mem = n <= memoryCap ? fit(mle, 1e9) : undefined;
  let maxEst = NaN;
  let maxSe = NaN;
  const sp = sql.json.parameters;
  const mp = mem?.json.parameters;
  if (sp && mp) {
    maxEst = Math.max(...mp.map((p, j) => rel(sp[j].estimate, p.estimate)));
    maxSe = Math.max(...mp.map((p, j) => rel(sp[j].se, p.se)));
  }
  const row = {
    n,
    bytes: statSync(file).size,
    sql: {
      wallS: sql.wallS,
      rssKB: sql.rssKB,
      load: sql.load,
      method: sql.json.method,
      passes: sql.json.iterations,
      elapsedMs: sql.json.elapsedMs,
      error: sql.json.error,
    },
    memory: mem && {
      wallS: mem.wallS,
      rssKB: mem.rssKB,
      load: mem.load,
      method: mem.json.method,
      error: mem.json.error,
    },
    maxEstRel: maxEst,
    maxSeRel: maxSe,
    agree: maxEst <= EST_REL_TOL && maxSe <= SE_REL_TOL,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}

const L = [
  '| rows | Parquet | SQL fit (`--memory-budget 1`): wall, passes, peak RSS | in memory: wall, peak RSS | max rel. Δ estimate, SE | load avg | target (100M: ≤ 90 s, ≤ 2 GB) |',
  '|---:|---:|---|---|---|---:|---|',
  ...rows.map((r) => {
    const s = r.sql;
    const sqlCell = s.error
      ? `failed: ${s.error}`
      : `${s.wallS.toFixed(1)} s, ${s.passes} (${s.method}), ${mb(s.rssKB)}`;
    const m = r.memory;
    const memCell = !m ? 'not run' : m.error ? `failed: ${m.error}` : `${m.wallS.toFixed(1)} s, ${mb(m.rssKB)}`;
    const cmp = Number.isFinite(r.maxEstRel)
      ? `${r.maxEstRel.toExponential(1)}, ${r.maxSeRel.toExponential(1)} (${r.agree ? `≤ ${EST_REL_TOL}, ${SE_REL_TOL}: met` : 'NOT met'})`
      : '—';
    const target = `${s.wallS <= 90 && s.rssKB <= 2 * 1024 * 1024 ? 'met' : 'not met'}${r.n < 100_000_000 ? ' (at this size)' : ''}`;
    return `| ${r.n.toLocaleString('en-US')} | ${Math.round(r.bytes / 2 ** 20)} MB | ${sqlCell} | ${memCell} | ${cmp} | ${s.load.toFixed(1)} | ${target} |`;
  }),
];
const report = L.join('\n') + '\n';
process.stdout.write('\n' + report);
if (outFile) {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, report);
}
process.exitCode = rows.every((r) => !r.sql.error && (!r.memory || r.agree)) ? 0 : 1;
