// invalid-censoring: `censored … when COND` needs a continuous family with a log-CDF, a data-only COND, one clause per side.

import type { LikelihoodStmt } from '../ast.ts';
import { distribution } from '../builtins.ts';
import { family } from '../../engine/distributions/index.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check, CheckContext } from './context.ts';

/**
 * Why the family of a censored or truncated likelihood cannot take the clause (undefined when it can). Mixtures are
 * not supported: their log-CDF would be a log-sum-exp of the components' (kept for later, said so plainly).
 */
export function tailUnavailable(name: string, what: 'Censoring' | 'Truncation'): string | undefined {
  if (name === 'Mixture') return `${what} a Mixture is not supported yet: write the likelihood without the clause.`;
  if (!distribution(name)) return undefined; // unknown-distribution reports it
  const f = family(name);
  if (!f?.logCdf || !f.logSurvival)
    return `${what} is not available for ${name} yet (it has no log-CDF): choose another family or drop the clause.`;
  return undefined;
}

function clauseDiagnostics(ctx: CheckContext, st: LikelihoodStmt): Diagnostic[] {
  const out: Diagnostic[] = [];
  const clauses = st.censored ?? [];
  if (!clauses.length || !st.dist) return out;
  const name = st.dist.name.name;
  const info = distribution(name);
  if (info?.discrete) {
    out.push(
      diag(
        'error',
        Codes.invalidCensoring,
        clauses[0].span,
        `Censoring applies to continuous distributions; ${name} is discrete. Model a count known only to exceed a value with \`truncated\` or a continuous family.`,
      ),
    );
    return out;
  }
  const why = tailUnavailable(name, 'Censoring');
  if (why) out.push(diag('error', Codes.invalidCensoring, clauses[0].span, why));
  const seen = new Set<string>();
  for (const c of clauses) {
    if (seen.has(c.side))
      out.push(
        diag(
          'error',
          Codes.invalidCensoring,
          c.span,
          `\`censored ${c.side}\` is given twice: join the conditions with ifelse or arithmetic, e.g. \`when (a == 1) + (b == 1) > 0\`.`,
        ),
      );
    seen.add(c.side);
    if (!c.when) continue;
    const params = [...ctx.facts.deps(c.when).params];
    if (params.length)
      out.push(
        diag(
          'error',
          Codes.invalidCensoring,
          c.when.span,
          `The censoring condition \`${ctx.text.slice(c.when.span.start, c.when.span.end)}\` depends on ${params.map((p) => `\`${p}\``).join(', ')}: it must say from the data alone which rows are censored (e.g. \`status == 0\`).`,
          { params },
        ),
      );
  }
  return out;
}

export const censoring: Check = (ctx) =>
  ctx.file.statements.flatMap((st) => (st.kind === 'likelihood' ? clauseDiagnostics(ctx, st) : []));
