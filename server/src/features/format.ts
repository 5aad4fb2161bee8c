// Formatting (document and range): the canonical layout, refused on syntax errors and checked to keep the meaning.

import type { Analysis } from '../language/analysis-types.ts';
import type { Span } from '../language/ast.ts';
import { Codes } from '../language/diagnostics.ts';
import { parse } from '../language/parse.ts';
import { layout, type Layout } from './format-layout.ts';
import { minimalEdit, type TextEditData } from './text-edit.ts';

/** The formatted text, or undefined when the model has syntax errors (a guess at broken code could lose some of it). */
export function formatText(analysis: Analysis): Layout | undefined {
  if (analysis.diagnostics.some((d) => d.code === Codes.syntax)) return undefined;
  const eol = analysis.text.includes('\r\n') ? '\r\n' : '\n';
  const laid = layout(analysis, eol);
  return sameMeaning(analysis.text, laid.text) ? laid : undefined;
}

/** The edit that formats the whole document; none when it is already formatted or cannot be formatted. */
export function formatDocument(analysis: Analysis): TextEditData[] {
  const laid = formatText(analysis);
  return laid ? minimalEdit(analysis.text, laid.text) : [];
}

/**
 * The edit that formats the statements (and comments) that `range` touches, whole: the text between the last
 * item before them and the first item after them is replaced by the same stretch of the formatted document.
 */
export function formatRange(analysis: Analysis, range: Span): TextEditData[] {
  const laid = formatText(analysis);
  if (!laid) return [];
  const items = laid.items;
  const touches = (it: { start: number; end: number }): boolean =>
    it.end > range.start && it.start < Math.max(range.end, range.start + 1);
  let first = items.findIndex(touches);
  if (first < 0) return [];
  let last = items.length - 1 - [...items].reverse().findIndex(touches);
  // Whole statements: a range inside a statement reformats all of it.
  while (first > 0 && items[first].stmt >= 0 && items[first - 1].stmt === items[first].stmt) first--;
  while (last < items.length - 1 && items[last].stmt >= 0 && items[last + 1].stmt === items[last].stmt) last++;
  const from = first > 0 ? items[first - 1].end : 0;
  const to = last < items.length - 1 ? items[last + 1].start : analysis.text.length;
  const outFrom = first > 0 ? items[first - 1].outEnd : 0;
  const outTo = last < items.length - 1 ? items[last + 1].outStart : laid.text.length;
  const replacement = laid.text.slice(outFrom, outTo);
  const result = analysis.text.slice(0, from) + replacement + analysis.text.slice(to);
  return sameMeaning(analysis.text, result) ? minimalEdit(analysis.text.slice(from, to), replacement, from) : [];
}

/** Source positions are all that may differ: a statement, expression or constraint that changed would be a bug. */
const SPAN_KEYS = new Set(['span', 'argsSpan', 'pathSpan', 'bracketSpan', 'levelSpan']);
const withoutSpans = (value: unknown): string =>
  JSON.stringify(value, (k, v: unknown) => (SPAN_KEYS.has(k) ? undefined : v));

/** True when `after` parses to the same tree (spans aside) with the same comments, in order, and no syntax error. */
export function sameMeaning(before: string, after: string): boolean {
  const a = parse(before);
  const b = parse(after);
  if (b.diagnostics.length) return false;
  const comments = (p: typeof a): string[] => p.file.comments.map((c) => c.text.trimEnd());
  return (
    withoutSpans(a.file.statements) === withoutSpans(b.file.statements) &&
    withoutSpans(comments(a)) === withoutSpans(comments(b))
  );
}
