// Shared teardown for protocol tests that spawn the language server: polite shutdown, then exit, then kill.

import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { MessageConnection } from 'vscode-jsonrpc';

/** Resolves after `ms` without keeping the process alive (a pending timer would delay the runner's exit). */
export const grace = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

/** shutdown + exit over LSP, wait for the process to end (or kill it), close the connection, remove the temp dir. */
export async function stopServer(
  conn: MessageConnection | undefined,
  child: ChildProcess | undefined,
  dir?: string,
): Promise<void> {
  if (conn) {
    await Promise.race([conn.sendRequest('shutdown'), grace(2000)]).catch(() => undefined);
    await conn.sendNotification('exit').catch(() => undefined);
  }
  if (child && child.exitCode === null) await Promise.race([new Promise((r) => child.once('exit', r)), grace(3000)]);
  if (child && child.exitCode === null) child.kill();
  conn?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
