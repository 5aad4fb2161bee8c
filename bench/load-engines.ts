// Load benchmark of the data engines on the logistic bench data (1,000,000 rows × 11 columns, 97 MB CSV): the JS CSV
// reader, DuckDB's read_csv and DuckDB on a Parquet copy (all columns, and 3 of 11), and pandas.read_csv. Each run is a
// fresh process (so its peak RSS is its own), alternating the readers; medians are reported with the load average.
//   node --import tsx bench/load-engines.ts [--reps 3]     (generates bench/data/ files first if missing)

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { CASES, ensureCase } from './cases.mjs';

type Kind = 'js-csv' | 'duckdb-csv' | 'duckdb-csv-3' | 'duckdb-parquet' | 'duckdb-parquet-3' | 'pandas-csv';
const KINDS: Kind[] = ['js-csv', 'duckdb-csv', 'duckdb-csv-3', 'duckdb-parquet', 'duckdb-parquet-3', 'pandas-csv'];
/** The "-3" runs read 3 of the 11 columns, as for a model naming only these. */
const THREE = new Set(['y', 'x1', 'x2']);

async function one(kind: Kind, csv: string, parquet: string): Promise<{ ms: number; rows: number }> {
  const { loadData } = await import('../server/src/node/data-source.ts');
  const { loadDataFile } = await import('../server/src/node/data-engine.ts');
  const t0 = performance.now();
  const load =
    kind === 'js-csv'
      ? loadData(csv)
      : kind.startsWith('duckdb-csv')
        ? await loadDataFile(csv, csv, { csvThreshold: 0, ...(kind.endsWith('-3') ? { columns: THREE } : {}) })
        : await loadDataFile(parquet, parquet, kind.endsWith('-3') ? { columns: THREE } : {});
  const ms = performance.now() - t0;
  if (!load.ok) throw new Error(load.error);
  return { ms, rows: load.table.rows };
}

const args = process.argv.slice(2);
const at = (f: string): string | undefined => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined);
const logistic = CASES.find((c: { id: string }) => c.id === 'logistic');
const dataDir = join(import.meta.dirname, 'data');

if (at('--one')) {
  const r = await one(at('--one') as Kind, at('--csv')!, at('--parquet')!);
  process.stdout.write(JSON.stringify({ ...r, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
  process.exit(0);
}

const reps = Number(at('--reps') ?? 3);
const files = ensureCase(logistic, dataDir, logistic.rows);
const parquet = files.csv.replace(/\.csv$/, '.parquet');
if (!existsSync(parquet)) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run(`COPY (SELECT * FROM read_csv('${files.csv}', header = true)) TO '${parquet}' (FORMAT parquet)`);
}
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const pandas = `import json,resource,sys,time\nimport pandas as pd\nt=time.perf_counter();d=pd.read_csv(sys.argv[1]);ms=(time.perf_counter()-t)*1000\nprint(json.dumps({"ms":ms,"rows":len(d),"maxRssMB":resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024}))`;

const load0 = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const results = new Map<Kind, { ms: number; maxRssMB: number }[]>(KINDS.map((k) => [k, []]));
for (let r = 0; r < reps; r++)
  for (const kind of KINDS) {
    const out =
      kind === 'pandas-csv'
        ? execFileSync(python, ['-c', pandas, files.csv], { encoding: 'utf8' })
        : execFileSync(
            process.execPath,
            ['--import', 'tsx', import.meta.filename, '--one', kind, '--csv', files.csv, '--parquet', parquet],
            { encoding: 'utf8' },
          );
    results.get(kind)!.push(JSON.parse(out.trim().split('\n').at(-1)!));
  }
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `load average at start ${load0}, at end ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}; ${reps} runs each`,
);
console.log('| reader | median load | runs | peak RSS (median) |');
console.log('|---|---|---|---|');
for (const [kind, rs] of results)
  console.log(
    `| ${kind} | ${(median(rs.map((x) => x.ms)) / 1000).toFixed(2)} s | ${rs.map((x) => (x.ms / 1000).toFixed(2)).join(', ')} | ${median(rs.map((x) => x.maxRssMB)).toFixed(0)} MB |`,
  );
