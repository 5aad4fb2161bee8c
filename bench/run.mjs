#!/usr/bin/env node
// `npm run bench`: generates the benchmark data once (bench/data/, cached), times our load and fit of each case
// in a fresh child process (bench/child.ts, the engine modules in-process), runs the R and statsmodels
// equivalents on the same CSV when they are installed, checks that the estimates agree, and prints a markdown
// report (also written to bench/results/latest.md on a full run). Not a test: nothing here fails on time.
//
// options: --quick (small data, a smoke run of the harness; writes nothing unless --out)
//          --only logistic,poisson,...   --no-r   --no-py   --no-cli   --out FILE.md

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES, biexpStart, ensureCase, mixtureStart } from './cases.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = dirname(benchDir);
const argv = process.argv.slice(2);
const flag = (f) => argv.includes(f);
const value = (f) => {
  const i = argv.indexOf(f);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = flag('--quick');
const only = value('--only')?.split(',');
const outFile = value('--out') ?? (quick || only ? undefined : join(benchDir, 'results', 'latest.md'));
const log = (s) => process.stderr.write(s + '\n');

// ---------------------------------------------------------------- processes
const timeBin =
  existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0
    ? '/usr/bin/time'
    : undefined;
const scratch = mkdtempSync(join(tmpdir(), 'mle-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** Runs a command to completion; wall seconds and (with GNU time) peak RSS in KB of the whole process. */
function run(cmd, args, { timeoutS = 1800 } = {}) {
  const rssFile = join(scratch, 'rss');
  rmSync(rssFile, { force: true });
  const [c, a] = timeBin ? [timeBin, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(c, a, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, timeout: timeoutS * 1000 });
  const wallS = (performance.now() - t0) / 1000;
  let maxRssKB;
  if (timeBin && existsSync(rssFile)) maxRssKB = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  return {
    status: r.status,
    signal: r.signal,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    wallS,
    maxRssKB,
    error: r.error,
  };
}

/** The last line of stdout that parses as a JSON object, or an error record with the tail of stderr. */
function jsonOf(r, what) {
  const line = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (r.status === 0 && line) {
    try {
      return { ...JSON.parse(line), wallS: r.wallS, processRssKB: r.maxRssKB };
    } catch {
      /* fall through */
    }
  }
  const why = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
  log(`  ${what} failed (${why}): ${r.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  return { ok: false, error: `${what} failed (${why})`, stderr: r.stderr.trim().split('\n').slice(-5).join('\n') };
}

// ---------------------------------------------------------------- tools on this machine
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
// Our side runs as shipped: bench/child.ts bundled by esbuild like the CLI (with the GLM and CSV-scan workers beside it), not
// under tsx, whose loader would also have to boot inside every worker thread.
const childBundle = join(benchDir, '.build', 'child.cjs');
{
  const { buildSync } = await import('esbuild');
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    define: { 'import.meta.url': 'undefined' },
  };
  buildSync({ ...common, entryPoints: [join(benchDir, 'child.ts')], outfile: childBundle });
  for (const worker of ['glm-worker', 'scan-worker'])
    buildSync({
      ...common,
      entryPoints: [join(root, `server/src/node/${worker}.ts`)],
      outfile: join(benchDir, '.build', `${worker}.cjs`),
    });
}

const probe = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? (r.stdout + r.stderr).trim() : undefined;
};
const rVersion = flag('--no-r') ? undefined : probe('Rscript', ['-e', 'cat(R.version.string)']);
const pyVersion = flag('--no-py')
  ? undefined
  : probe(python, [
      '-c',
      'import statsmodels, pandas, numpy, sys; print("statsmodels", statsmodels.__version__, "/ pandas", pandas.__version__, "/ numpy", numpy.__version__, "/ Python", sys.version.split()[0])',
    ]);
const skipNote = [];
if (!rVersion)
  skipNote.push(
    flag('--no-r') ? 'R skipped (--no-r).' : 'R (`Rscript`) is not installed here: the R columns are empty.',
  );
if (!pyVersion)
  skipNote.push(
    flag('--no-py')
      ? 'statsmodels skipped (--no-py).'
      : 'statsmodels (with pandas) is not importable by ' + python + ': the statsmodels columns are empty.',
  );

const sh = (cmd) => probe('sh', ['-c', cmd]);
const gitHead = sh('git -C "' + root + '" rev-parse --short HEAD');
const dirty = (sh('git -C "' + root + '" status --porcelain -- server/src') ?? '').split('\n').filter(Boolean).length;
const machine = {
  cpu: (sh("lscpu | sed -n 's/^Model name:[[:space:]]*//p'") || cpus()[0]?.model || '?').split('\n')[0],
  nproc: sh('nproc') ?? String(cpus().length),
  memGiB: (totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  r: rVersion ?? 'not available',
  py: pyVersion ?? 'not available',
  load0: loadavg()
    .map((x) => x.toFixed(2))
    .join(' '),
  freeGiB0: (freemem() / 2 ** 30).toFixed(1),
  engine: `${gitHead}${dirty ? ` + ${dirty} uncommitted change(s) under server/src` : ''}`,
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
};
log(
  `machine: ${machine.cpu}, ${machine.nproc} CPUs, ${machine.memGiB} GiB, node ${machine.node}; load ${machine.load0}`,
);
log(`R: ${machine.r}; Python: ${machine.py}; engine at ${machine.engine}`);

// ---------------------------------------------------------------- statistics and formatting
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtS = (s) =>
  s === undefined || !Number.isFinite(s)
    ? '—'
    : s < 0.095
      ? `${(s * 1000).toFixed(0)} ms`
      : s < 9.95
        ? `${s.toFixed(2)} s`
        : `${s.toFixed(1)} s`;
const fmtRatio = (theirs, ours) =>
  theirs === undefined || ours === undefined || !(ours > 0)
    ? '—'
    : `${(theirs / ours).toFixed(theirs / ours < 10 ? 2 : 1)}×`;
const fmtSci = (x) => (x === undefined || !Number.isFinite(x) ? '—' : x === 0 ? '0' : x.toExponential(1));
const fmtMB = (kb) => (kb === undefined || !Number.isFinite(kb) ? '—' : `${(kb / 1024).toFixed(0)} MB`);

/** Compares our estimates with a reference's, matching names through the case's name lists. */
function agreement(c, ours, ref) {
  if (!ours?.ok || !ref || ref.ok === false || !ref.names) return undefined;
  let rel = 0,
    inSe = 0,
    seRel = 0,
    worst = '',
    worstSe = '';
  for (let i = 0; i < c.names.ours.length; i++) {
    const o = ours.parameters.find((p) => p.name === c.names.ours[i]);
    const j = ref.names.indexOf(c.names.ref[i]);
    if (!o || j < 0) continue;
    const e = ref.estimate[j],
      s = ref.se[j];
    const d = Math.abs((o.estimate ?? NaN) - e);
    const r = d / Math.abs(e);
    if (!(r <= rel)) {
      rel = r;
      worst = o.name;
    }
    inSe = Math.max(inSe, d / s);
    const sr = o.se !== null && Number.isFinite(s) ? Math.abs(o.se - s) / s : NaN;
    if (!(sr <= seRel)) {
      seRel = sr;
      worstSe = o.name;
    }
  }
  return { rel, inSe, seRel, worst, worstSe };
}

// ---------------------------------------------------------------- the run
const selected = CASES.filter((c) => !only || only.includes(c.id));
const dataDir = join(benchDir, 'data');
const results = [];
for (const c of selected) {
  const rows = quick ? c.quickRows : c.rows;
  const big = rows >= 500_000;
  log(`\n[${c.id}] ${c.title}, ${rows.toLocaleString('en-US')} rows`);
  const files = ensureCase(c, dataDir, rows);
  log(
    `  data ${relative(root, files.csv)} (${(files.bytes / 1e6).toFixed(1)} MB, ${files.cached ? 'cached' : `generated in ${files.generatedSeconds.toFixed(1)} s`})`,
  );

  const reps = big ? 3 : 5;
  log(`  ours: up to ${reps} load + ${reps} fit repetitions (once only when one takes > 20 s)`);
  const ours = jsonOf(
    run(process.execPath, [
      '--expose-gc',
      childBundle,
      files.mle,
      '--load-reps',
      String(reps),
      '--fit-reps',
      String(reps),
      '--budget',
      '20',
    ]),
    'our fit',
  );
  if (ours.ok) {
    ours.load = median(ours.loadMs) / 1000;
    ours.check = median(ours.checkMs) / 1000;
    ours.runFit = median(ours.fitMs) / 1000;
    ours.fit = median(ours.checkMs.map((x, i) => x + ours.fitMs[i])) / 1000;
    ours.engine = median(ours.engineMs) / 1000;
    log(
      `  ours: load ${fmtS(ours.load)}, check ${fmtS(ours.check)}, fit ${fmtS(ours.runFit)} (${ours.method}, ${ours.iterations} it, converged ${ours.converged})`,
    );
  }

  let rRes, pyRes;
  const fitReps = String(big ? 3 : 5);
  if (rVersion && c.r) {
    const extra =
      c.id === 'mixture'
        ? [mixtureStart.w, mixtureStart.mu1, mixtureStart.mu2, mixtureStart.sigma1, mixtureStart.sigma2]
        : c.id === 'nonlinear'
          ? [biexpStart.b1, biexpStart.b2, biexpStart.b3, biexpStart.b4]
          : [];
    const args =
      c.r[0] === 'glm.R'
        ? [join(benchDir, 'r', 'glm.R'), c.r[1], files.csv, fitReps]
        : [join(benchDir, 'r', c.r[0]), files.csv, fitReps, ...extra.map(String)];
    log(`  R: Rscript ${relative(root, args[0])} (${fitReps} fits)`);
    rRes = jsonOf(run('Rscript', args), 'R');
    if (rRes.ok !== false) {
      rRes.fit = median(rRes.fit_s);
      rRes.load = rRes.load_s;
      log(`  R: load ${fmtS(rRes.load)}, fit ${fmtS(rRes.fit)}`);
    }
  }
  if (pyVersion && c.py) {
    log(`  statsmodels: ${c.py[0]} (${fitReps} fits)`);
    pyRes = jsonOf(run(python, [join(benchDir, 'py', c.py[0]), c.py[1], files.csv, fitReps]), 'statsmodels');
    if (pyRes.ok !== false) {
      pyRes.fit = median(pyRes.fit_s);
      pyRes.load = pyRes.load_s;
      log(`  statsmodels: load ${fmtS(pyRes.load)}, fit ${fmtS(pyRes.fit)}`);
    }
  }
  results.push({ c, rows, files, ours, rRes, pyRes });
}

// Peak memory of one load + fit of the big logistic case, alone in a fresh process.
let rss, cli;
const logistic = results.find((r) => r.c.id === 'logistic');
if (logistic) {
  log('\n[rss] one load + fit of the logistic case in a fresh process');
  rss = jsonOf(run(process.execPath, [childBundle, logistic.files.mle]), 'rss run');
  const cliPath = join(root, 'dist', 'cli.cjs');
  if (!flag('--no-cli') && existsSync(cliPath)) {
    log('[cli] node bin/mle.cjs fit --json on the logistic case (the built dist/cli.cjs)');
    const r = run(process.execPath, [join(root, 'bin', 'mle.cjs'), 'fit', logistic.files.mle, '--json']);
    let parsed;
    try {
      parsed = JSON.parse(r.stdout);
    } catch {
      /* reported below */
    }
    cli = {
      wallS: r.wallS,
      maxRssKB: r.maxRssKB,
      status: r.status,
      elapsedMs: parsed?.elapsedMs,
      converged: parsed?.converged,
      built: statSync(cliPath)
        .mtime.toISOString()
        .replace(/\.\d+Z$/, 'Z'),
    };
  }
}
machine.load1 = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');

// ---------------------------------------------------------------- report
const L = [];
L.push(`# MLE Studio benchmark — ${quick ? 'QUICK smoke run (small data; not the real benchmark)' : 'results'}`, '');
L.push(`Generated by \`npm run bench\` (bench/run.mjs) on ${machine.date}. Engine: \`${machine.engine}\`.`, '');
L.push(
  `Machine: ${machine.cpu}, ${machine.nproc} CPUs (nproc), ${machine.memGiB} GiB RAM; Node ${machine.node}; ${machine.r}; ${machine.py}.`,
);
L.push(`Load average (1/5/15 min) at start: ${machine.load0}; at end: ${machine.load1}.`, '');
for (const n of skipNote) L.push(`> ${n}`);
if (skipNote.length) L.push('');
L.push(
  'Times are wall-clock seconds, median of the repetitions shown in the details. "ours fit" = check (`analyze`: parse + all diagnostics, incl. identifiability) + `runFit` (optimise, SEs, result), everything after the CSV is in memory. R and statsmodels time their own load and fit in their own process on the same CSV file. Ratio = their time / ours (> 1: we are faster).',
  '',
);

L.push('| case | rows | ours load | ours fit | R | statsmodels | R / ours | sm / ours | target | met? |');
L.push('|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
const met = (v, t) => (v === undefined || t === undefined ? '—' : v <= t ? 'yes' : 'no');
/** A target relative to another case's fit (factor50 ≤ 1.5 × numeric5): the text and the bar in seconds. */
const relTarget = (c) => {
  if (!c.ratioTarget) return undefined;
  const base = results.find((r) => r.c.id === c.ratioTarget.of);
  const bar = base?.ours.ok ? base.ours.fit * c.ratioTarget.max : undefined;
  return { text: `fit ≤ ${c.ratioTarget.max} × ${c.ratioTarget.of}${bar ? ` (${fmtS(bar)})` : ' (not run)'}`, bar };
};
for (const { c, rows, ours, rRes, pyRes } of results) {
  const of = ours.ok ? ours.fit : undefined;
  const rel = relTarget(c);
  const rf = rRes?.ok === false ? undefined : rRes?.fit;
  const pf = pyRes?.ok === false ? undefined : pyRes?.fit;
  const note = ours.ok ? (ours.converged ? '' : ' (not converged)') : ' (failed)';
  L.push(
    `| ${c.title}${note} | ${rows.toLocaleString('en-US')} | ${fmtS(ours.load)} | ${fmtS(of)} | ${rRes ? (rf === undefined ? 'failed' : `${fmtS(rf)} ${c.rLabel}`) : '—'} | ${pyRes ? (pf === undefined ? 'failed' : `${fmtS(pf)} ${c.pyLabel}`) : '—'} | ${fmtRatio(rf, of)} | ${fmtRatio(pf, of)} | ${rel ? rel.text : c.target ? `fit ≤ ${c.target} s` : 'ratio vs R'} | ${met(of, rel ? rel.bar : c.target)} |`,
  );
}
if (logistic) {
  const { ours, rRes, pyRes, files } = logistic;
  const rl = rRes?.ok === false ? undefined : rRes?.load;
  const pl = pyRes?.ok === false ? undefined : pyRes?.load;
  L.push(
    `| Load the logistic CSV (${(files.bytes / 1e6).toFixed(0)} MB) | ${logistic.rows.toLocaleString('en-US')} | ${fmtS(ours.load)} | | ${rl === undefined ? '—' : `${fmtS(rl)} read.csv`} | ${pl === undefined ? '—' : `${fmtS(pl)} pandas.read_csv`} | ${fmtRatio(rl, ours.load)} | ${fmtRatio(pl, ours.load)} | load ≤ ${logistic.c.loadTarget} s | ${met(ours.load, logistic.c.loadTarget)} |`,
  );
  const kb = rss?.maxRssKB;
  L.push(
    `| Peak RSS, one load + fit of the logistic case (fresh process) | ${logistic.rows.toLocaleString('en-US')} | ${fmtMB(kb)} | | ${fmtMB(rRes?.processRssKB)} (whole R run) | ${fmtMB(pyRes?.processRssKB)} (whole Python run) | | | < 1 GB | ${kb === undefined ? '—' : kb < 1024 * 1024 ? 'yes' : 'no'} |`,
  );
}
L.push('');

L.push('## Agreement of the estimates', '');
L.push(
  'Max over the parameters of |ours − theirs| / |theirs| (relative), |ours − theirs| / SE (in standard errors; meaningful where a coefficient is near 0) and the relative difference of the SEs. σ is compared as the ML estimate √(RSS/n) for lm/OLS/nls.',
  '',
);
L.push(
  '| case | vs R: coef rel | in SEs | SE rel | vs statsmodels: coef rel | in SEs | SE rel | converged (ours / R / sm) | logLik ours − R |',
);
L.push('|---|---:|---:|---:|---:|---:|---:|---|---:|');
for (const { c, ours, rRes, pyRes } of results) {
  const a = agreement(c, ours, rRes),
    b = agreement(c, ours, pyRes);
  const cv = (x) => (x === undefined ? '—' : x.ok === false ? 'failed' : x.converged ? 'yes' : 'no');
  const dl = ours.ok && rRes?.logLik !== undefined ? (ours.logLik - rRes.logLik).toExponential(1) : '—';
  L.push(
    `| ${c.title} | ${fmtSci(a?.rel)}${a?.worst ? ` (${a.worst})` : ''} | ${fmtSci(a?.inSe)} | ${fmtSci(a?.seRel)}${a?.worstSe ? ` (${a.worstSe})` : ''} | ${fmtSci(b?.rel)}${b?.worst ? ` (${b.worst})` : ''} | ${fmtSci(b?.inSe)} | ${fmtSci(b?.seRel)}${b?.worstSe ? ` (${b.worstSe})` : ''} | ${cv(ours)} / ${cv(rRes)} / ${cv(pyRes)} | ${dl} |`,
  );
}
L.push('');

L.push('## Details', '');
L.push(
  '| case | CSV | ours: load reps | check | runFit | engine elapsedMs | method, iterations | R load / fit reps | statsmodels load / fit reps |',
);
L.push('|---|---|---|---:|---:|---:|---|---|---|');
const list = (xs, scale = 1) => (xs?.length ? xs.map((x) => fmtS(x * scale)).join(', ') : '—');
for (const { c, files, ours, rRes, pyRes } of results) {
  const cached = `${(files.bytes / 1e6).toFixed(1)} MB, sha256 ${files.sha256.slice(0, 12)}`;
  const o = ours.ok
    ? `${list(ours.loadMs, 1e-3)} | ${list(ours.checkMs, 1e-3)} | ${list(ours.fitMs, 1e-3)} | ${fmtS(ours.engine)} | ${ours.method}, ${ours.iterations}`
    : `failed: ${ours.error} | | | |`;
  const rr = rRes ? (rRes.ok === false ? 'failed' : `${fmtS(rRes.load)} / ${list(rRes.fit_s)}`) : '—';
  const pr = pyRes ? (pyRes.ok === false ? 'failed' : `${fmtS(pyRes.load)} / ${list(pyRes.fit_s)}`) : '—';
  L.push(`| ${c.id} | ${cached} | ${o} | ${rr} | ${pr} |`);
}
L.push('');
const warnings = results.filter((r) => r.ours.ok && r.ours.warnings.length);
if (warnings.length || results.some((r) => !r.ours.ok)) {
  L.push('Our diagnostics at fit time:', '');
  for (const r of results) {
    if (!r.ours.ok)
      L.push(
        `- ${r.c.id}: FAILED — ${r.ours.error}${r.ours.diagnostics?.length ? ': ' + r.ours.diagnostics.join('; ') : ''}`,
      );
    else for (const w of r.ours.warnings) L.push(`- ${r.c.id}: ${w}`);
  }
  L.push('');
}
if (rss)
  L.push(
    `Peak RSS of one load + fit of the logistic case: ${fmtMB(rss.maxRssKB)} (\`process.resourceUsage().maxRSS\` in bench/child.ts, bundled as shipped; GNU time for the whole process: ${fmtMB(rss.processRssKB)}).`,
  );
if (cli)
  L.push(
    `End to end through the CLI (\`node bin/mle.cjs fit bench/data/logistic.mle --json\`, dist/cli.cjs built ${cli.built}, which may lag the source): wall ${fmtS(cli.wallS)} including Node start-up, load, check and fit (fit elapsedMs ${cli.elapsedMs === undefined ? '—' : fmtS(cli.elapsedMs / 1000)}), peak RSS ${fmtMB(cli.maxRssKB)}, exit ${cli.status}.`,
  );
if (logistic) {
  L.push(
    '',
    'Reference numbers quoted in the issue (another machine of this kind): logistic R glm + summary 4.0 s, statsmodels Logit 3.4 s; load R read.csv 28.6 s, pandas 1.1 s; Poisson R 6.74 s, statsmodels 3.84 s; Gaussian R lm 1.29 s, statsmodels OLS 0.68 s.',
  );
}
// The large-data fit (bench/large.mjs): 10M and 20M rows end to end through the CLI, in its own processes.
if (!quick && (!only || only.includes('large'))) {
  log('\nlarge: logistic regression on 10M and 20M rows through the CLI (bench/large.mjs)');
  const md = join(scratch, 'large.md');
  const r = spawnSync(process.execPath, [join(benchDir, 'large.mjs'), '--out', md], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  L.push('', '## Large data: logistic regression, 4 covariates, through the CLI', '');
  L.push(existsSync(md) ? readFileSync(md, 'utf8') : `bench/large.mjs failed (exit ${r.status})`);
}
// Data over the memory budget (bench/sql-large.mjs): 10M rows × 10 covariates from Parquet, fitted inside DuckDB and
// in memory, the estimates compared (100M: `node bench/sql-large.mjs --rows 100000000` on a quiet machine).
if (!quick && (!only || only.includes('sql-large'))) {
  log('\nsql-large: logistic regression over the memory budget, 10M rows × 10 covariates (bench/sql-large.mjs)');
  const md = join(scratch, 'sql-large.md');
  const r = spawnSync(process.execPath, [join(benchDir, 'sql-large.mjs'), '--out', md], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  L.push('', '## Over the memory budget: logistic regression inside DuckDB, 10 covariates, through the CLI', '');
  L.push(existsSync(md) ? readFileSync(md, 'utf8') : `bench/sql-large.mjs failed (exit ${r.status})`);
}
const report = L.join('\n') + '\n';
process.stdout.write('\n' + report);
if (outFile) {
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, report);
  log(`\nwritten to ${relative(process.cwd(), outFile)}`);
}
