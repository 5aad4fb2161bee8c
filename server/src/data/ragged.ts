// Rows whose field count differs from the header's: an error naming the line and the counts, with the likely cause.

import type { Delimiter } from './sniff.ts';

/** The first ragged line (1-based line of the file), its fields and text, and how many lines are ragged in all. */
export interface Ragged {
  readonly line: number;
  readonly fields: readonly string[];
  /** The line as written (quotes included), so hints only name what is visibly there. */
  readonly raw: string;
  readonly count: number;
}

const NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** Records ragged lines as a parser meets them; `result()` is undefined when every line matched the header. */
export class RaggedRows {
  private first?: { line: number; fields: readonly string[]; raw: string };
  private n = 0;

  /** `first` is called for the first ragged line only (building its fields costs a decode). */
  note(line: number, first: () => { fields: readonly string[]; raw: string }): void {
    if (this.n++ === 0) this.first = { line, ...first() };
  }

  result(): Ragged | undefined {
    return this.first && { ...this.first, count: this.n };
  }
}

/** The error for a file with ragged rows; never a silent truncation or padding, which would read wrong numbers. */
export function raggedMessage(r: Ragged, header: number, delimiter: Delimiter): string {
  const more = r.count > 1 ? ` (${r.count - 1} more line${r.count === 2 ? ' also differs' : 's also differ'})` : '';
  const n = r.fields.length;
  const base = `line ${r.line} has ${n} ${NAMES[delimiter]}-separated field${n === 1 ? '' : 's'} but the header has ${header}${more}`;
  const hint = raggedHint(r, header, delimiter);
  return hint ? `${base}. ${hint}` : base;
}

/** The visible cause, when there is one: a decimal comma, a thousands separator, or `;` between fields. */
function raggedHint({ fields, raw }: Ragged, header: number, delimiter: Delimiter): string | undefined {
  if (delimiter === ',' && fields.length > header) {
    for (let i = 0; i + 1 < fields.length; i++) {
      const a = fields[i].trim();
      const b = fields[i + 1].trim();
      if (!/^[+-]?\d+$/.test(a) || !/^\d+(\.\d*)?$/.test(b) || !raw.includes(`${fields[i]},${fields[i + 1]}`)) continue;
      const text = `${a},${b}`;
      if (/^\d{3}\.\d*$/.test(b))
        return `\`${text}\` looks like a number with a thousands separator: write it without separators (${a}${b}) or quote the field.`;
      if (/^\d{3}$/.test(b))
        return `\`${text}\` looks like a thousands separator or a decimal comma: write numbers without separators and with a decimal point, or separate fields with \`;\` (read as the European CSV with decimal commas).`;
      return `\`${text}\` looks like a decimal comma: write ${a}.${b}, or separate fields with \`;\` (read as the European CSV with decimal commas).`;
    }
  }
  if (delimiter !== ';' && fields.some((f) => f.includes(';')))
    return 'The line contains `;`: if the file is `;`-separated, its header must be too.';
  if (fields.length < header) return 'Fill the missing cells (leave them empty, or write NA, between the delimiters).';
  return 'Quote fields that contain the delimiter, or remove the extra fields.';
}
