// The "MLE Studio" output channel: fit timings, cancellations and failures, and the language server's own messages.
import * as vscode from 'vscode';
import type { FitResponse } from '../../server/src/protocol.ts';
import { fitLogLine, serverLogLevel } from './fit-log.ts';

let channel: vscode.LogOutputChannel | undefined;

/** Creates the channel at activation (disposed with the extension); the log calls are no-ops before. */
export function createMleLog(): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel('MLE Studio', { log: true });
  return channel;
}

export function logFit(file: string, response: FitResponse, wallMs: number): void {
  const { level, text } = fitLogLine(file, response, wallMs);
  channel?.[level](text);
}

export function logFitCancelled(file: string, wallMs: number, why = 'cancelled'): void {
  channel?.info(`fit ${file}: ${why} after ${Math.round(wallMs)} ms`);
}

export function logFitFailed(file: string, message: string): void {
  channel?.error(`fit ${file}: did not finish: ${message}`);
}

/** A failure outside a fit (the data viewer's requests). */
export function logError(message: string): void {
  channel?.error(message);
}

/**
 * An OutputChannel for the language client (its `outputChannel` option): what the server logs (connection.console,
 * console.error, stderr) and the client's own errors land in the MLE Studio log at their level.
 */
export function serverChannel(log: vscode.LogOutputChannel): vscode.OutputChannel {
  let partial = '';
  const line = (text: string): void => {
    const { level, text: message } = serverLogLevel(text);
    log[level](`server: ${message}`);
  };
  return {
    name: log.name,
    append: (value: string) => {
      partial += value;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) if (l.trim()) line(l);
    },
    appendLine: (value: string) => {
      line(partial + value);
      partial = '';
    },
    replace: (value: string) => line(value),
    clear: () => log.clear(),
    show: (a?: vscode.ViewColumn | boolean, b?: boolean) => log.show(typeof a === 'boolean' ? a : b),
    hide: () => log.hide(),
    // The log is the extension's (disposed with the context), not the client's.
    dispose: () => undefined,
  };
}
