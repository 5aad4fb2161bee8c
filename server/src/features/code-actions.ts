// Quick fixes for diagnostics: did-you-mean, constrain a scale parameter, remove an unused parameter, declare an unknown name.

import type { Analysis } from '../language/analysis-types.ts';
import type { ParamStmt, Span } from '../language/ast.ts';
import { Codes, type Diagnostic } from '../language/diagnostics.ts';
import type { TextEditData } from './text-edit.ts';

export interface QuickFix {
  readonly title: string;
  /** The diagnostic (as given) that the fix resolves. */
  readonly diagnostic: Diagnostic;
  readonly edits: readonly TextEditData[];
  /** The fix an editor may apply with one keystroke ("auto fix"). */
  readonly preferred: boolean;
}

const SUGGESTING = new Set<string>([Codes.unknownName, Codes.unknownDistribution, Codes.invalidOption]);

/**
 * The fixes for `diagnostics` (those the editor shows at the cursor: the data-aware ones come from the data worker, so
 * the editor's copies, `data` payload included, are the ones to trust). Each fix is computed against `analysis`.
 */
export function quickFixes(analysis: Analysis, diagnostics: readonly Diagnostic[]): QuickFix[] {
  const out: QuickFix[] = [];
  for (const d of diagnostics) {
    const data = d.data ?? {};
    const name = typeof data.name === 'string' ? data.name : undefined;
    if (SUGGESTING.has(d.code) && typeof data.suggestion === 'string') {
      out.push({
        title: `Change to \`${data.suggestion}\``,
        diagnostic: d,
        edits: [{ span: d.span, newText: data.suggestion }],
        preferred: true,
      });
    }
    if (d.code === Codes.unknownName && name) {
      const edit = declareParameter(analysis, name, d.span);
      if (edit)
        out.push({ title: `Declare \`${name}\` as a parameter`, diagnostic: d, edits: [edit], preferred: false });
    }
    if (d.code === Codes.unconstrainedScale && name && typeof data.fix === 'string')
      out.push(...constrain(analysis, d, name, data.fix));
    if (d.code === Codes.notIdentifiable && typeof data.addRef === 'string') {
      const edit = addRef(analysis, data.addRef);
      if (edit)
        out.push({
          title: `Add \`ref\` to \`param ${data.addRef}[…]\``,
          diagnostic: d,
          edits: [edit],
          preferred: true,
        });
    }
    if (d.code === Codes.unusedParameter && name) {
      const edits = removeParameter(analysis, name);
      if (edits) out.push({ title: `Remove the unused parameter \`${name}\``, diagnostic: d, edits, preferred: false });
    }
  }
  return out;
}

/** `param NAME` on a new line after the last `param` (else after `data`, else first); only for a name that is a plain name use. */
function declareParameter(analysis: Analysis, name: string, at: Span): TextEditData | undefined {
  if (analysis.symbols.has(name) || !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) return undefined;
  // A function name that is unknown is a callee, not a name occurrence: declaring it would not help.
  if (!analysis.occurrences.some((o) => o.span.start === at.start && o.name === name)) return undefined;
  const stmts = analysis.file.statements;
  const after = stmts.filter((s) => s.kind === 'param').at(-1) ?? stmts.find((s) => s.kind === 'data');
  if (!after) return { span: { start: 0, end: 0 }, newText: `param ${name}\n` };
  const end = lineEnd(analysis.text, after.span.end);
  return { span: { start: end, end }, newText: `${eol(analysis.text)}param ${name}` };
}

/** `> 0` (or `in (0, 1)`) for the flagged parameter; with several names, split it off or constrain them all. */
function constrain(analysis: Analysis, d: Diagnostic, name: string, fix: string): QuickFix[] {
  const s = analysis.symbols.get(name);
  if (s?.kind !== 'param' || s.stmt?.kind !== 'param' || !s.decl) return [];
  const st = s.stmt;
  const afterNames = namesEnd(analysis.text, st);
  const addToStatement: TextEditData = st.constraint
    ? { span: st.constraint.span, newText: fix }
    : { span: { start: afterNames, end: afterNames }, newText: ` ${fix}` };
  if (st.names.length === 1)
    return [{ title: `Declare \`param ${name} ${fix}\``, diagnostic: d, edits: [addToStatement], preferred: true }];
  const init = st.init ? ` ${analysis.text.slice(st.init.span.start, st.init.span.end)}` : '';
  const end = lineEnd(analysis.text, st.span.end);
  return [
    {
      title: `Declare \`param ${name} ${fix}\` on its own line`,
      diagnostic: d,
      preferred: true,
      edits: [
        ...removeName(analysis.text, st, name),
        { span: { start: end, end }, newText: `${eol(analysis.text)}param ${name} ${fix}${init}` },
      ],
    },
    {
      title: `Add \`${fix}\` to \`param ${st.names.map((n) => n.name).join(', ')}\``,
      diagnostic: d,
      edits: [addToStatement],
      preferred: false,
    },
  ];
}

/** Deletes the parameter's name from its statement, or the whole statement (and its line) when it is the only name. */
function removeParameter(analysis: Analysis, name: string): TextEditData[] | undefined {
  const s = analysis.symbols.get(name);
  if (s?.kind !== 'param' || s.stmt?.kind !== 'param') return undefined;
  // Used where it cannot change the fit (a derived quantity): removing it would leave an unknown name behind.
  if (analysis.occurrences.some((o) => o.symbol === s && !o.isDeclaration)) return undefined;
  const st = s.stmt;
  if (st.names.length > 1) return removeName(analysis.text, st, name);
  const text = analysis.text;
  const start = text.lastIndexOf('\n', st.span.start - 1) + 1;
  const end = lineEnd(text, st.span.end);
  const alone = text.slice(start, st.span.start).trim() === '' && text.slice(st.span.end, end).trim() === '';
  if (!alone) return [{ span: st.span, newText: '' }];
  return [{ span: { start, end: Math.min(text.length, end + (text[end] === '\r' ? 2 : 1)) }, newText: '' }];
}

/** Removes one name of several from `param a, b, c`, with the comma on the side that keeps the list well formed. */
function removeName(text: string, st: ParamStmt, name: string): TextEditData[] {
  const i = st.names.findIndex((n) => n.name === name);
  if (i < 0) return [];
  const span =
    i < st.names.length - 1
      ? { start: st.names[i].span.start, end: st.names[i + 1].span.start }
      : { start: st.names[i - 1].span.end, end: st.names[i].span.end };
  return [{ span, newText: '' }];
}

/** The end of the last declared name, past its `[…]` and any `ref` clause (where a constraint goes). */
function namesEnd(text: string, st: ParamStmt): number {
  if (st.ref) return st.ref.span.end;
  const last = st.names.length - 1;
  const dims = st.dims[last] ?? [];
  return dims.length ? text.indexOf(']', dims[dims.length - 1].span.end) + 1 : st.names[last].span.end;
}

/** ` ref` after the last name (and its `[…]`) of the statement declaring vector `name`; none when it has a `ref`. */
function addRef(analysis: Analysis, name: string): TextEditData | undefined {
  const v = analysis.vectors?.get(name);
  if (!v || v.stmt.ref) return undefined;
  const st = v.stmt;
  const after = namesEnd(analysis.text, st);
  if (after <= 0) return undefined;
  return { span: { start: after, end: after }, newText: ' ref' };
}

/** The offset of the end of the line holding `offset` (before its `\r\n` or `\n`). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl < 0 ? text.length : nl;
  return text[end - 1] === '\r' ? end - 1 : end;
}

const eol = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');
