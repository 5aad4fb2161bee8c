// Times our side of one benchmark case in a fresh process, using the engine modules in-process (as the CLI does):
// load (read + parse the CSV), check (analyze: parse the model, every check incl. identifiability) and fit
// (runFit: lower, optimise, SEs, JSON shaping). Prints one JSON object on stdout.
// usage: node --expose-gc --import tsx bench/child.ts MODEL.mle [--load-reps N] [--fit-reps N] [--budget SECONDS]

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze, linkedDataPath } from '../server/src/language/analyze.ts';
import { invalidateData, loadData, resolveDataPath } from '../server/src/node/data-source.ts';
import { runFit } from '../server/src/fit/run-fit.ts';
import { setGlmPassFactory } from '../server/src/engine/parallel.ts';
import { twoThreadGlm } from '../server/src/node/glm-parallel.ts';
import { setCompilerEnabled } from '../server/src/engine/compile/switch.ts';

// As the CLI and the server do: large GLM passes use both cores.
setGlmPassFactory(twoThreadGlm);
// MLE_INTERPRET=1 times the generic evaluator without the model compiler (for before/after comparisons).
if (process.env.MLE_INTERPRET) setCompilerEnabled(false);

const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const modelPath = resolve(args[0]);
const loadReps = opt('--load-reps', 1);
const fitReps = opt('--fit-reps', 1);
/** Stop repeating once one repetition took longer than this (seconds): big slow cases run once. */
const budget = opt('--budget', 20);

const gc = (globalThis as { gc?: () => void }).gc;
const text = readFileSync(modelPath, 'utf8');
const dataRel = linkedDataPath(text);
if (!dataRel) throw new Error(`${modelPath} has no data statement`);
const dataAbs = resolveDataPath(modelPath, dataRel);

const loadMs: number[] = [];
let data = undefined as ReturnType<typeof loadData> | undefined;
for (let r = 0; r < loadReps; r++) {
  invalidateData(dataAbs);
  data = undefined;
  gc?.();
  const t0 = performance.now();
  data = loadData(dataAbs, dataRel);
  loadMs.push(performance.now() - t0);
  if (!data.ok) break;
  if (loadMs[r] > budget * 1000) break;
}
if (!data || !data.ok) {
  process.stdout.write(
    JSON.stringify({ ok: false, error: `data: ${data && !data.ok ? data.error : 'not loaded'}` }) + '\n',
  );
  process.exit(0);
}

const checkMs: number[] = [];
const fitMs: number[] = [];
const engineMs: number[] = [];
let last: ReturnType<typeof runFit> | undefined;
for (let r = 0; r < fitReps; r++) {
  gc?.();
  const t0 = performance.now();
  const an = analyze(text, data);
  const t1 = performance.now();
  last = runFit(an, modelPath);
  const t2 = performance.now();
  checkMs.push(t1 - t0);
  fitMs.push(t2 - t1);
  if (last.ok) engineMs.push(last.result.elapsedMs ?? NaN);
  if (!last.ok || t2 - t0 > budget * 1000) break;
}

const usage = process.resourceUsage();
const out = last?.ok
  ? {
      ok: true,
      rows: data.table.rows,
      loadMs,
      checkMs,
      fitMs,
      engineMs,
      method: last.result.method,
      converged: last.result.converged,
      iterations: last.result.iterations,
      logLik: last.result.logLik,
      parameters: last.result.parameters.map((p) => ({ name: p.name, estimate: p.estimate, se: p.se })),
      warnings: last.result.diagnostics
        .filter((d) => d.severity !== 'info')
        .map((d) => `${d.severity} ${d.code}: ${d.message}`),
      maxRssKB: usage.maxRSS,
    }
  : {
      ok: false,
      loadMs,
      checkMs,
      fitMs,
      error: last && !last.ok ? last.message : 'no fit',
      diagnostics: last && !last.ok ? last.diagnostics.map((d) => `${d.code}: ${d.message}`) : [],
      maxRssKB: usage.maxRSS,
    };
process.stdout.write(JSON.stringify(out) + '\n');
