// Plain text edits (offset spans plus replacement text) shared by rename, formatting and quick fixes.

import type { Span } from '../language/ast.ts';

/** Replace the text in `span` with `newText`; the LSP layer turns the offsets into line/character ranges. */
export interface TextEditData {
  readonly span: Span;
  readonly newText: string;
}

/**
 * The smallest single edit that turns `before` into `after` (common prefix and suffix left alone), or none when they
 * are equal. Replacing only what changed keeps the editor's cursor, selection and undo history where they were.
 */
export function minimalEdit(before: string, after: string, offset = 0): TextEditData[] {
  if (before === after) return [];
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end))
    end++;
  // Never split a CRLF pair or a surrogate pair between the kept and the replaced text.
  while (start > 0 && isPairTail(before, start)) start--;
  while (end > 0 && isPairTail(before, before.length - end)) end--;
  return [
    {
      span: { start: offset + start, end: offset + before.length - end },
      newText: after.slice(start, after.length - end),
    },
  ];
}

function isPairTail(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  const p = s.charCodeAt(i - 1);
  return (c === 10 && p === 13) || (c >= 0xdc00 && c <= 0xdfff && p >= 0xd800 && p <= 0xdbff);
}
