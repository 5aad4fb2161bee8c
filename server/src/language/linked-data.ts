// What a model's `data` statement links, read off the tokens alone (no parse), so the edge can load the data first.

import { mleLexer, Data, StringLit, Identifier, Comma, BacktickIdent } from './tokens.ts';

const unquote = (image: string): string => image.slice(1, -1).replace(/\\(.)/g, '$1');

export interface DataLink {
  readonly path: string;
  /** `table "NAME"`: the table of a DuckDB database file. */
  readonly table?: string;
  /** `na "…", …`: the missing-value spellings in place of the defaults. */
  readonly na?: string[];
}

/**
 * The data a model links (its first `data "…"`, with its `table "…"` and `na "…", …` clauses). Lexing is enough for
 * that; the full parse happens once, in analyze.
 */
export function linkedData(text: string): DataLink | undefined {
  const tokens = mleLexer.tokenize(text).tokens;
  const word = (j: number, w: string): boolean =>
    tokens[j]?.tokenType === Identifier && tokens[j].image === w && tokens[j + 1]?.tokenType === StringLit;
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (tokens[i].tokenType !== Data || tokens[i + 1].tokenType !== StringLit) continue;
    const path = unquote(tokens[i + 1].image);
    let j = i + 2;
    let table: string | undefined;
    if (word(j, 'table')) {
      table = unquote(tokens[j + 1].image);
      j += 2;
    }
    const link = table === undefined ? { path } : { path, table };
    if (!word(j, 'na')) return link;
    const na: string[] = [];
    for (j++; tokens[j]?.tokenType === StringLit; j += 2) {
      na.push(unquote(tokens[j].image));
      if (tokens[j + 1]?.tokenType !== Comma) break;
    }
    return { ...link, na };
  }
  return undefined;
}

/** The data path a model links (its first `data "…"`). */
export const linkedDataPath = (text: string): string | undefined => linkedData(text)?.path;

/**
 * Every name the text mentions: a superset of the data columns the model uses (a column is only ever used by its
 * name), so a columnar source (Parquet, DuckDB) reads just these columns and skips the rest of the file.
 */
export function namesIn(text: string): Set<string> {
  const names = new Set<string>();
  for (const t of mleLexer.tokenize(text).tokens)
    if (t.tokenType === Identifier) names.add(t.image);
    else if (t.tokenType === BacktickIdent) names.add(t.image.slice(1, -1));
  return names;
}
