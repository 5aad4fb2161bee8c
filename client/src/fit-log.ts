// The lines the MLE Studio output channel writes for a fit: plain text from the FitResponse (no vscode, so unit-testable).
import type { FitResponse } from '../../server/src/protocol.ts';

const ms = (x: number): string => (x < 1000 ? `${Math.round(x)} ms` : `${(x / 1000).toFixed(2)} s`);

/** One line per finished request: what the log's level should be, and the text. `wallMs` is the client's own timing. */
export function fitLogLine(
  file: string,
  response: FitResponse,
  wallMs: number,
): { level: 'info' | 'warn' | 'error'; text: string } {
  if (!response.ok) {
    const errors = response.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0]
      ? `; first: line ${errors[0].range.start.line + 1}: ${errors[0].message} [${errors[0].code}]`
      : '';
    return { level: 'error', text: `fit ${file}: not fitted (${ms(wallMs)}): ${response.message}${first}` };
  }
  const r = response.result;
  const engine = r.elapsedMs === undefined ? '' : `, engine ${ms(r.elapsedMs)}`;
  const rows = r.data
    ? `, ${r.data.rowsUsed} rows used` + (r.data.rowsDropped ? ` (${r.data.rowsDropped} dropped)` : '')
    : '';
  const warnings = r.diagnostics.filter((d) => d.severity === 'warning').length;
  const text =
    `fit ${file}: ${r.model} by ${r.method}, ${r.converged ? 'converged' : 'NOT converged'} after ${r.iterations} iterations` +
    `${rows}, logLik ${r.logLik ?? 'n/a'}, ${ms(wallMs)} total${engine}` +
    (warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : '');
  return { level: r.converged ? 'info' : 'warn', text };
}

/** `[Error - 10:42:01] message` as the language client writes server messages: the level and the message. */
export function serverLogLevel(line: string): { level: 'error' | 'warn' | 'info' | 'trace'; text: string } {
  const m = /^\[(Error|Warn|Info|Debug|Trace)\s*- [^\]]*\]\s?(.*)$/s.exec(line);
  if (!m) return { level: 'info', text: line };
  const level = m[1] === 'Error' ? 'error' : m[1] === 'Warn' ? 'warn' : m[1] === 'Info' ? 'info' : 'trace';
  return { level, text: m[2] };
}
