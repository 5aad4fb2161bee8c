// The `mle` command line (cli.md): fit, check and lsp, using the same modules as the language server.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { analyze, linkedDataPath } from './language/analyze.ts';
import { loadData, resolveDataPath } from './node/data-source.ts';
import { runFit } from './fit/run-fit.ts';
import { toJsonDiagnostics } from './fit/json-diagnostics.ts';
import { formatDiagnostic, formatFit } from './cli/format-table.ts';
import { htmlReport } from './cli/html-report.ts';
import type { Analysis } from './language/analysis-types.ts';
import { setGlmPassFactory } from './engine/parallel.ts';
import { twoThreadGlm } from './node/glm-parallel.ts';

// Large GLM fits use both cores (see node/glm-parallel.ts).
setGlmPassFactory(twoThreadGlm);

const USAGE = `usage:
  mle fit MODEL.mle [--json] [--out FILE.json] [--html FILE.html]
  mle check MODEL.mle [--json]
  mle lsp --stdio`;

class UsageError extends Error {}
/** Bad input named on the command line (a missing file): exit 2 like a usage error, but one line, no usage text. */
class InputError extends Error {}

function parseArgs(argv: string[]): { cmd: string; model?: string; flags: Map<string, string | true> } {
  const [cmd, ...rest] = argv;
  const flags = new Map<string, string | true>();
  let model: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--out' || a === '--html') {
      const v = rest[++i];
      if (!v) throw new UsageError(`${a} needs a file name`);
      flags.set(a, v);
    } else if (a === '--json' || a === '--stdio') flags.set(a, true);
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else if (!model) model = a;
    else throw new UsageError(`unexpected argument ${a}`);
  }
  if (!cmd) throw new UsageError('no command given');
  return { cmd, model, flags };
}

/** Reads and analyses a model with its data, as the server does. */
function analyseFile(modelArg: string): { an: Analysis; shown: string } {
  const abs = resolve(modelArg);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new InputError(
      `cannot read model file ${modelArg}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  const dataPath = linkedDataPath(text);
  const shown = relative(process.cwd(), abs) || abs;
  const data =
    dataPath === undefined
      ? undefined
      : loadData(resolveDataPath(abs, dataPath), relative(process.cwd(), resolveDataPath(abs, dataPath)));
  return { an: analyze(text, data), shown };
}

function printDiagnostics(shown: string, an: Analysis, severities: string[]): void {
  for (const d of toJsonDiagnostics(an.text, an.diagnostics))
    if (severities.includes(d.severity)) process.stderr.write(formatDiagnostic(shown, d) + '\n');
}

async function main(argv: string[]): Promise<number> {
  const { cmd, model, flags } = parseArgs(argv);
  if (cmd === 'lsp') {
    const { startServer } = await import('./lsp/server.ts');
    startServer();
    return -1;
  }
  if (cmd !== 'fit' && cmd !== 'check') throw new UsageError(`unknown command ${cmd}`);
  if (!model) throw new UsageError(`mle ${cmd} needs a model file`);
  const { an, shown } = analyseFile(model);
  const json = flags.has('--json');
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
  const res = runFit(an, shown);
  if (!res.ok) {
    for (const d of res.diagnostics) process.stderr.write(formatDiagnostic(shown, d) + '\n');
    process.stderr.write(`mle: ${res.message}\n`);
    if (json)
      process.stdout.write(
        JSON.stringify({ model: shown, error: res.message, diagnostics: res.diagnostics }, null, 2) + '\n',
      );
    return 1;
  }
  const out = flags.get('--out');
  if (typeof out === 'string') writeFileSync(out, JSON.stringify(res.result, null, 2) + '\n');
  const html = flags.get('--html');
  if (typeof html === 'string') {
    const page = htmlReport(res.result, typeof __dirname === 'string' ? __dirname : dirname(process.argv[1]));
    if (!page) process.stderr.write('mle: the HTML report needs the built webview (run npm run build)\n');
    else writeFileSync(html, page);
  }
  if (json) process.stdout.write(JSON.stringify(res.result, null, 2) + '\n');
  else process.stdout.write(formatFit(res.result) + '\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof InputError) {
      process.stderr.write(`mle: ${e.message}\n`);
      process.exitCode = 2;
    } else if (e instanceof UsageError) {
      process.stderr.write(`mle: ${e.message}\n${USAGE}\n`);
      process.exitCode = 2;
    } else {
      // Not user input: an internal error. One line, no stack trace unless asked for.
      process.stderr.write(`mle: internal error: ${(e as Error).message}\n`);
      if (process.env.MLE_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
      process.exitCode = 70;
    }
  },
);
