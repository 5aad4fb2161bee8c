// The `mle` command line (cli.md): fit, check, compare, simulate, check-sim and lsp, using the same modules as the language server.

import { dirname, resolve } from 'node:path';
import { analyseFile } from './cli/analyse-file.ts';
import { runCompare } from './cli/compare-command.ts';
import { runSimulate } from './cli/simulate-command.ts';
import { runCheckSim } from './cli/check-sim-command.ts';
import { runFit } from './fit/run-fit.ts';
import { toJsonDiagnostics } from './fit/json-diagnostics.ts';
import { formatDiagnostic, formatFit } from './cli/format-table.ts';
import { htmlReport } from './cli/html-report.ts';
import { CliError, failureReport, memoryBudgetFlag, parseArgs, wantsJson } from './cli/args.ts';
import { quietOnClosedPipe, writeOutput } from './cli/output.ts';
import type { Analysis } from './language/analysis-types.ts';
import type { FitJson } from './protocol.ts';
import { setGlmPassFactory } from './engine/parallel.ts';
import { twoThreadGlm } from './node/glm-parallel.ts';
import { replicateThreads } from './node/bootstrap-threads.ts';
import { progressLine } from './cli/progress-line.ts';
import { budgetBytes } from './engine/solvers/memory-budget.ts';
import { overBudgetFit } from './node/over-budget-fit.ts';
import { totalmem } from 'node:os';

// Large GLM fits use both cores (see node/glm-parallel.ts).
setGlmPassFactory(twoThreadGlm);

const argv = process.argv.slice(2);
const json = wantsJson(argv);
quietOnClosedPipe();

function printDiagnostics(shown: string, an: Analysis, severities: string[]): void {
  for (const d of toJsonDiagnostics(an.text, an.diagnostics))
    if (severities.includes(d.severity)) process.stderr.write(formatDiagnostic(shown, d) + '\n');
}

/** Writes --out and --html; returns the failures (the fit itself is never lost to an unwritable file). */
function writeOutputs(flags: ReadonlyMap<string, string | true>, result: FitJson): CliError[] {
  const failures: CliError[] = [];
  const attempt = (write: () => void): void => {
    try {
      write();
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      failures.push(e);
    }
  };
  const out = flags.get('--out');
  if (typeof out === 'string') attempt(() => writeOutput('--out', out, () => JSON.stringify(result, null, 2) + '\n'));
  const html = flags.get('--html');
  if (typeof html === 'string')
    attempt(() =>
      writeOutput('--html', html, () =>
        htmlReport(result, typeof __dirname === 'string' ? __dirname : resolve(dirname(process.argv[1]), '../../dist')),
      ),
    );
  return failures;
}

async function main(): Promise<number> {
  const { cmd, model, models, flags } = parseArgs(argv);
  if (cmd === 'lsp') {
    const { startServer } = await import('./lsp/server.ts');
    startServer();
    return -1;
  }
  if (cmd === 'compare') return runCompare(models, flags, json);
  if (cmd === 'simulate') return runSimulate(models, flags);
  if (cmd === 'check-sim') return runCheckSim(models, flags, json);
  if (cmd !== 'fit' && cmd !== 'check') throw new CliError('usage', `unknown command ${cmd}`);
  if (models.length > 1) throw new CliError('usage', `unexpected argument ${models[1]}`);
  if (!model) throw new CliError('usage', `mle ${cmd} needs a model file`);
  // `mle fit` and `mle check` size the data first: over the memory budget they are not loaded (node/over-budget-fit.ts;
  // the check runs on the first rows, checks/sampled-data.ts).
  const budget = cmd === 'fit' || cmd === 'check' ? budgetBytes(memoryBudgetFlag(flags), totalmem()) : undefined;
  const { an, shown, over } = await analyseFile(model, flags.has('--allow-data-outside'), budget);
  if (cmd === 'check') {
    const diagnostics = toJsonDiagnostics(an.text, an.diagnostics);
    if (json) process.stdout.write(JSON.stringify({ diagnostics }, null, 2) + '\n');
    else {
      printDiagnostics(shown, an, ['error', 'warning', 'info']);
      const e = diagnostics.filter((d) => d.severity === 'error').length;
      const w = diagnostics.filter((d) => d.severity === 'warning').length;
      process.stderr.write(`${shown}: ${e} error${e === 1 ? '' : 's'}, ${w} warning${w === 1 ? '' : 's'}\n`);
    }
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  }
  // On a terminal, a long fit shows its phase, iteration and objective on stderr (erased before the results).
  const line = progressLine(process.stderr);
  const res = over
    ? await overBudgetFit(an, shown, over, undefined, { onProgress: line?.listener })
    : runFit(an, shown, {}, { spreadReplicates: replicateThreads(), onProgress: line?.listener });
  line?.clear();
  if (!res.ok) {
    for (const d of res.diagnostics) process.stderr.write(formatDiagnostic(shown, d) + '\n');
    process.stderr.write(`mle: ${res.message}\n`);
    if (json)
      process.stdout.write(
        JSON.stringify({ model: shown, error: res.message, diagnostics: res.diagnostics }, null, 2) + '\n',
      );
    return 1;
  }
  // Under --json stdout holds one document: the fit, with `error` added when an output file could not be written.
  let failures: CliError[] = [];
  if (json) {
    failures = writeOutputs(flags, res.result);
    const error = failures.map((f) => f.message).join('; ');
    process.stdout.write(JSON.stringify(error ? { ...res.result, error } : res.result, null, 2) + '\n');
  } else {
    process.stdout.write(formatFit(res.result) + '\n');
    failures = writeOutputs(flags, res.result);
  }
  for (const f of failures) process.stderr.write(`mle: ${f.message}\n`);
  return failures.length ? 2 : 0;
}

/** Every failure is one line on stderr and, under --json, a JSON document on stdout: `{ "error", "kind" }`. */
function report(e: unknown): void {
  const r = failureReport(e, json, !!process.env.MLE_DEBUG);
  process.stderr.write(r.stderr);
  if (r.stdout) process.stdout.write(r.stdout);
  process.exitCode = r.code;
}

main().then((code) => {
  if (code >= 0) process.exitCode = code;
}, report);
