// The `mle` command line's arguments and the kinds of failure it reports (each with its exit code).

export const USAGE = `usage:
  mle fit MODEL.mle [--json] [--out FILE.json] [--html FILE.html] [--allow-data-outside] [--memory-budget MB]
  mle check MODEL.mle [--json] [--allow-data-outside] [--memory-budget MB]
  mle compare A.mle B.mle … [--json] [--allow-data-outside]
  mle simulate MODEL.mle --seed S [--params FILE.json] [--out sim.csv] [--allow-data-outside]
  mle check-sim MODEL.mle [--replicates R] [--seed S] [--json] [--allow-data-outside]
  mle lsp --stdio`;

/** A failure the CLI reports itself, as one line (and as JSON under --json). `kind` is part of the JSON contract. */
export class CliError extends Error {
  constructor(
    readonly kind: 'usage' | 'input' | 'output',
    message: string,
  ) {
    super(message);
  }
  /** Usage errors print the usage text too; bad input (a missing file) and unwritable outputs do not. */
  get showUsage(): boolean {
    return this.kind === 'usage';
  }
}

export interface Args {
  readonly cmd: string;
  readonly model?: string;
  /** Every model file given (compare takes several; the other commands one). */
  readonly models: readonly string[];
  readonly flags: ReadonlyMap<string, string | true>;
}

const VALUE_FLAGS = new Set(['--out', '--html', '--params', '--seed', '--replicates', '--memory-budget']);
const BOOLEAN_FLAGS = new Set(['--json', '--stdio', '--allow-data-outside']);

export function parseArgs(argv: readonly string[]): Args {
  const [cmd, ...rest] = argv;
  const flags = new Map<string, string | true>();
  const models: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (VALUE_FLAGS.has(a)) {
      const v = rest[++i];
      if (!v)
        throw new CliError(
          'usage',
          `${a} needs ${a === '--seed' || a === '--replicates' ? 'a whole number' : a === '--memory-budget' ? 'a number of megabytes' : 'a file name'}`,
        );
      flags.set(a, v);
    } else if (BOOLEAN_FLAGS.has(a)) flags.set(a, true);
    else if (a.startsWith('-')) throw new CliError('usage', `unknown option ${a}`);
    else models.push(a);
  }
  if (!cmd) throw new CliError('usage', 'no command given');
  return { cmd, model: models[0], models, flags };
}

/** `--memory-budget MB`: megabytes ≥ 0 (0: the default, a fraction of the RAM), undefined when not given. */
export function memoryBudgetFlag(flags: ReadonlyMap<string, string | true>): number | undefined {
  const v = flags.get('--memory-budget');
  if (typeof v !== 'string') return undefined;
  const mb = Number(v);
  if (v.trim() === '' || !Number.isFinite(mb) || mb < 0)
    throw new CliError('usage', `--memory-budget needs a number of megabytes (0 for the default), not ${v}`);
  return mb;
}

/** Whether JSON was asked for, read off the raw arguments, so even a usage error is answered in JSON. */
export const wantsJson = (argv: readonly string[]): boolean => argv.includes('--json');

/**
 * What the CLI prints for a failure: one line on stderr (the usage too for usage errors) and, under --json, a JSON
 * document `{ "error", "kind" }` on stdout; exit 2 for our own errors, 70 for internal ones (with the stack if asked).
 */
export function failureReport(
  e: unknown,
  json: boolean,
  debug = false,
): { readonly stderr: string; readonly stdout: string; readonly code: number } {
  const known = e instanceof CliError;
  // Not user input: an internal error. One line, no stack trace unless asked for.
  const message = known ? e.message : `internal error: ${e instanceof Error ? e.message : String(e)}`;
  const stack = !known && debug && e instanceof Error ? `${e.stack}\n` : '';
  return {
    stderr: `mle: ${message}\n${known && e.showUsage ? `${USAGE}\n` : ''}${stack}`,
    stdout: json ? JSON.stringify({ error: message, kind: known ? e.kind : 'internal' }, null, 2) + '\n' : '',
    code: known ? 2 : 70,
  };
}
