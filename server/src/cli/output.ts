// The CLI's output edge: stdout that tolerates a closed pipe, and the --out/--html files written after the fit.

import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './args.ts';

/**
 * `mle fit … | head` closes stdout early: the write then fails with EPIPE, which is not an error of ours. Exit quietly
 * (with the code decided so far) instead of printing a stack trace.
 */
export function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
      throw e;
    });
}

/** Writes an output file the user named; any failure is an `output` CliError naming the flag, file and reason. */
export function writeOutput(flag: string, file: string, content: () => string | undefined): void {
  const folder = dirname(resolve(file));
  if (!existsSync(folder))
    throw new CliError('output', `cannot write ${flag} ${file}: the folder ${folder} does not exist`);
  if (!statSync(folder).isDirectory())
    throw new CliError('output', `cannot write ${flag} ${file}: ${folder} is not a folder`);
  const text = content();
  if (text === undefined)
    throw new CliError(
      'output',
      `cannot write ${flag} ${file}: the HTML report needs the built webview (npm run build)`,
    );
  try {
    writeFileSync(file, text);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'EACCES' || err.code === 'EPERM'
        ? 'permission denied'
        : err.code === 'EISDIR'
          ? 'it is a folder'
          : err.message;
    throw new CliError('output', `cannot write ${flag} ${file}: ${why}`);
  }
}
