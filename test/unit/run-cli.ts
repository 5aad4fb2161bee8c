// Runs the `mle` CLI from the repository root (TypeScript loaded by tsx) for the CLI tests, capturing its output.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));

export interface Run {
  readonly args: readonly string[];
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `closeStdout` closes the reading end at once, as `| head` does before the output is written. */
export function runCli(args: readonly string[], closeStdout = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.MLE_DEBUG;
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (closeStdout) child.stdout.destroy();
    else child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ args, code, stdout, stderr });
    });
  });
}

/** The command, its exit code and both streams, for failure messages. */
export const showRun = (r: Run): string =>
  `mle ${r.args.join(' ')}\nexit ${r.code}\n--- stdout ---\n${r.stdout.slice(0, 3000)}\n--- stderr ---\n${r.stderr.slice(0, 3000)}`;
