// Converts definition, references, highlights and rename results to LSP types; finds a column's cell in the data file's header.

import { closeSync, openSync, readSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  DocumentHighlightKind,
  ErrorCodes,
  ResponseError,
  type DocumentHighlight,
  type Location,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Span } from '../language/ast.ts';
import type { Definition, Highlight } from '../features/navigation.ts';
import type { RenameRefusal, RenameTarget } from '../features/rename.ts';
import type { TextEditData } from '../features/text-edit.ts';
import type { RequestContext, Services } from './request.ts';

export function toLocations(spans: readonly Span[], c: RequestContext): Location[] {
  return spans.map((s) => ({ uri: c.doc.uri, range: c.lines.range(s) }));
}

/** A model name's declaration; a column's cell in the CSV/TSV header row (else the `data "…"` string). */
export function toDefinition(d: Definition | undefined, c: RequestContext, svc: Services): Location | undefined {
  if (!d) return undefined;
  if (d.kind === 'span') return { uri: c.doc.uri, range: c.lines.range(d.span) };
  const abs = svc.analyses.dataPathOf(c.doc);
  const cell = abs ? headerCell(abs, d.name) : undefined;
  if (abs && cell) return { uri: pathToFileURL(abs).href, range: cell };
  return { uri: c.doc.uri, range: c.lines.range(d.fallback) };
}

/** The range of `name` in the first line of a delimited file: only its start is read, however large the file. */
function headerCell(absPath: string, name: string): Range | undefined {
  let head: string;
  try {
    const fd = openSync(absPath, 'r');
    try {
      const buf = Buffer.alloc(65536);
      head = buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const line = head.split(/\r?\n/, 1)[0].replace(/^\uFEFF/, '');
  const sep = absPath.toLowerCase().endsWith('.tsv') ? '\t' : ',';
  let at = 0;
  for (const raw of line.split(sep)) {
    const quoted = /^\s*"/.test(raw);
    const cell = raw
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .replace(/""/g, '"');
    if (cell === name) {
      const start = at + raw.indexOf(quoted ? '"' : cell) + (quoted ? 1 : 0);
      return { start: { line: 0, character: start }, end: { line: 0, character: start + name.length } };
    }
    at += raw.length + 1;
  }
  return undefined;
}

export function toHighlights(hs: readonly Highlight[], c: RequestContext): DocumentHighlight[] {
  return hs.map((h) => ({
    range: c.lines.range(h.span),
    kind: h.write ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}

export function toTextEdits(edits: readonly TextEditData[], c: RequestContext): TextEdit[] {
  return edits.map((e) => ({ range: c.lines.range(e.span), newText: e.newText }));
}

/** A refusal becomes a ResponseError, which the client shows as the reason the rename cannot be done. */
const refusal = (r: RenameRefusal): ResponseError<void> => new ResponseError(ErrorCodes.InvalidRequest, r.error);

export function toPrepareRename(
  r: RenameTarget | RenameRefusal | undefined,
  c: RequestContext,
): { range: Range; placeholder: string } | ResponseError<void> | undefined {
  if (!r) return undefined;
  if ('error' in r) return refusal(r);
  return { range: c.lines.range(r.span), placeholder: r.placeholder };
}

export function toRenameEdit(
  r: readonly TextEditData[] | RenameRefusal | undefined,
  c: RequestContext,
): WorkspaceEdit | ResponseError<void> | undefined {
  if (!r) return undefined;
  if ('error' in r) return refusal(r);
  return { changes: { [c.doc.uri]: toTextEdits(r, c) } };
}
