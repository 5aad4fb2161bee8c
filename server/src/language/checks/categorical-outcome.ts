// invalid-argument (Categorical outcome): the outcome is a column with at least two levels, and Categorical is a
// likelihood of its own (not a Mixture component).

import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check } from './context.ts';
import { distributionUses } from './distribution-calls.ts';
import { outcomeFactor } from '../lower-categorical.ts';
import { levelList } from '../factor-uses.ts';

export const categoricalOutcome: Check = (ctx) => {
  const out: Diagnostic[] = [];
  for (const use of distributionUses(ctx.file)) {
    if (use.call.name.name !== 'Categorical' || use.context !== 'component') continue;
    out.push(
      diag(
        'error',
        Codes.invalidArgument,
        use.call.name.span,
        'Categorical cannot be a Mixture component: write it as the likelihood of a factor column, `Species ~ Categorical(η)`.',
      ),
    );
  }
  const table = ctx.data?.ok ? ctx.data.table : undefined;
  for (const st of ctx.file.statements) {
    if (st.kind !== 'likelihood' || st.dist?.name.name !== 'Categorical') continue;
    const text = ctx.text.slice(st.lhs.span.start, st.lhs.span.end);
    if (st.lhs.kind !== 'name') {
      out.push(
        diag(
          'error',
          Codes.invalidArgument,
          st.lhs.span,
          `The outcome of Categorical is a column, not \`${text}\`: a factor (its levels are the classes) or a numeric column, read as factor(column).`,
        ),
      );
      continue;
    }
    const f = outcomeFactor(st.lhs, table);
    if (!f || !ctx.rows) continue;
    const seen = new Set<number>();
    for (let i = 0; i < f.codes.length; i++) if (ctx.rows.mask[i] && f.codes[i] >= 0) seen.add(f.codes[i]);
    if (seen.size >= 2) continue;
    out.push(
      diag(
        'error',
        Codes.invalidArgument,
        st.lhs.span,
        `A Categorical outcome needs at least two levels, but the used rows of \`${text}\` have ${seen.size === 0 ? 'none' : `only ${levelList([...seen].map((c) => f.levels[c]))}`}.`,
        { column: text },
      ),
    );
  }
  return out;
};
