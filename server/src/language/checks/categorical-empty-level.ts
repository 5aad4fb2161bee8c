// separation (Categorical form): an outcome level that no used row has gets probability 0, so its log-odds run to −∞.

import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check } from './context.ts';
import { outcomeFactor } from '../lower-categorical.ts';

export const categoricalEmptyLevel: Check = (ctx) => {
  const table = ctx.data?.ok ? ctx.data.table : undefined;
  if (!table || !ctx.rows) return [];
  const out: Diagnostic[] = [];
  for (const st of ctx.file.statements) {
    if (st.kind !== 'likelihood' || st.dist?.name.name !== 'Categorical') continue;
    const f = outcomeFactor(st.lhs, table);
    if (!f) continue;
    const n = new Array<number>(f.levels.length).fill(0);
    for (let i = 0; i < f.codes.length; i++) if (ctx.rows.mask[i] && f.codes[i] >= 0) n[f.codes[i]]++;
    const empty = f.levels.filter((_, k) => n[k] === 0);
    // Fewer than two levels in use is categorical-outcome's error.
    if (empty.length === 0 || f.levels.length - empty.length < 2) continue;
    const name = f.key;
    const list = empty.map((l) => `\`${l}\``).join(', ');
    out.push(
      diag(
        'warning',
        Codes.separation,
        st.lhs.span,
        `No used row has ${name} = ${list}: the fitted probability of ${empty.length === 1 ? 'that level' : 'those levels'} is 0, so the log-odds of ${empty.length === 1 ? 'it' : 'them'} have no finite maximum likelihood estimate (they run to −∞). Drop the level from the data, merge it with another, or fit the rows that have it.`,
        { levels: empty, column: name },
      ),
    );
  }
  return out;
};
