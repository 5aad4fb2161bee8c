// Converts offset-based diagnostics to the JSON/LSP position form of cli.md, once, at the edge.

import type { Diagnostic } from '../language/diagnostics.ts';
import { LineIndex } from '../language/positions.ts';
import type { JsonDiagnostic } from '../protocol.ts';

export function toJsonDiagnostics(text: string, ds: readonly Diagnostic[]): JsonDiagnostic[] {
  const idx = new LineIndex(text);
  return ds.map((d) => ({ severity: d.severity, code: d.code, message: d.message, range: idx.range(d.span) }));
}
