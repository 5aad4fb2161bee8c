// Rename of parameters, lets and derived quantities: prepare (is this renameable?) and the edits, refusing names that would collide.

import type { Analysis } from '../language/analysis-types.ts';
import type { Span } from '../language/ast.ts';
import { CONSTANTS, KEYWORDS, distribution, func } from '../language/builtins.ts';
import { occurrenceAt, occurrencesOf } from './navigation.ts';
import type { TextEditData } from './text-edit.ts';

/** A refusal the editor shows to the user as it is, so it says what is wrong and what to do. */
export interface RenameRefusal {
  readonly error: string;
}

export interface RenameTarget {
  readonly span: Span;
  /** The name as the user sees it, without backticks. */
  readonly placeholder: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** The renameable name under the cursor; a refusal for names that cannot be renamed here; undefined where there is no name. */
export function prepareRename(analysis: Analysis, offset: number): RenameTarget | RenameRefusal | undefined {
  const occ = occurrenceAt(analysis, offset);
  if (!occ) return undefined;
  const s = occ.symbol;
  if (!s) return { error: `\`${occ.name}\` is not declared in this model, so there is nothing to rename.` };
  if (s.kind === 'column')
    return {
      error: `\`${s.name}\` is a column of the data file: columns take their names from its header row. Rename it there.`,
    };
  return { span: occ.span, placeholder: s.name };
}

/** Why `newName` cannot replace `oldName`, or undefined when it can. */
export function renameConflict(analysis: Analysis, oldName: string, newName: string): string | undefined {
  if (!IDENT.test(newName))
    return `\`${newName}\` is not a valid name: use letters, digits, \`_\` and \`.\`, starting with a letter or \`_\`.`;
  if ((KEYWORDS as readonly string[]).includes(newName)) return `\`${newName}\` is a keyword of the language.`;
  if (distribution(newName)) return `\`${newName}\` is the name of a distribution.`;
  if (func(newName)) return `\`${newName}\` is the name of a function.`;
  if (newName in CONSTANTS) return `\`${newName}\` is a built-in constant.`;
  if (newName === oldName) return undefined;
  const other = analysis.symbols.get(newName);
  if (other) {
    const what =
      other.kind === 'column'
        ? 'a column of the data'
        : other.kind === 'param'
          ? 'a parameter'
          : other.kind === 'let'
            ? 'a `let`'
            : 'a derived quantity';
    return `\`${newName}\` is already ${what}: names of parameters, lets, derived quantities and columns must differ.`;
  }
  return undefined;
}

/** The edits that rename the symbol under the cursor to `newName` everywhere, or the reason it cannot be done. */
export function rename(
  analysis: Analysis,
  offset: number,
  newName: string,
): TextEditData[] | RenameRefusal | undefined {
  const target = prepareRename(analysis, offset);
  if (!target || 'error' in target) return target;
  const symbol = occurrenceAt(analysis, offset)!.symbol!;
  const conflict = renameConflict(analysis, symbol.name, newName);
  if (conflict) return { error: `Cannot rename \`${symbol.name}\` to \`${newName}\`: ${conflict}` };
  return occurrencesOf(analysis, symbol).map((o) => ({
    span: o.span,
    // A use written between backticks keeps them, so the edit touches only the name.
    newText: analysis.text[o.span.start] === '`' ? `\`${newName}\`` : newName,
  }));
}
