// unused-parameter: a parameter that no likelihood term or prior reaches, or a level of a vector with no used rows.

import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check, CheckContext } from './context.ts';
import { clauseExprs, walkExpr, type Index } from '../ast.ts';
import { literalCodes } from '../lower-vectors.ts';
import type { VectorParam } from '../vectors.ts';

export const unusedParameter: Check = (ctx) => {
  const { scope, facts, brokenNames } = ctx;
  const out: Diagnostic[] = [];
  const reported = new Set<string>();
  // Vectors whose levels are not known yet (no data) have no elements: judge them by name.
  const unresolved = [...scope.vectors.values()]
    .filter((v) => v.elements.length === 0)
    .map((v) => ({ ident: v.ident, element: { base: v.name } }));
  for (const { ident, element } of [...scope.params, ...unresolved]) {
    const name = element?.base ?? ident.name;
    // Used in a statement that does not parse yet: the syntax error is the thing to fix.
    if (reported.has(name) || facts.objectiveParams.has(name) || brokenNames.has(name)) continue;
    reported.add(name);
    const inDerive = scope.occurrences.some((o) => o.name === name && !o.isDeclaration && o.symbol?.kind === 'param');
    out.push(
      diag(
        'warning',
        Codes.unusedParameter,
        element ? (scope.vectors.get(name)?.ident.span ?? ident.span) : ident.span,
        `Parameter \`${name}\` does not affect the likelihood${inDerive ? ' (it is used only where it cannot change the fit)' : ''}: its estimate would be arbitrary. Use it in a likelihood term or remove it.`,
        { name },
      ),
    );
  }
  for (const v of scope.vectors.values()) if (facts.objectiveParams.has(v.name)) out.push(...emptyLevels(ctx, v));
  return out;
};

/** Free elements of a vector used per row (`b[wool]`) whose level (combination) no used row has. */
function emptyLevels(ctx: CheckContext, v: VectorParam): Diagnostic[] {
  if (!v.dims || !ctx.rows || v.dims.some((d) => !d.factor)) return [];
  const literal = new Set<string>();
  let perRow = false;
  for (const st of ctx.file.statements) {
    const exprs =
      st.kind === 'likelihood'
        ? [st.lhs, ...(st.dist?.args.map((a) => a.value) ?? []), ...clauseExprs(st)]
        : st.kind === 'let'
          ? [st.value]
          : st.kind === 'prior'
            ? (st.dist?.args.map((a) => a.value) ?? [])
            : [];
    for (const e of exprs)
      if (e)
        walkExpr(e, (x) => {
          if (x.kind !== 'index' || x.base.name !== v.name) return;
          const codes = literalCodes(v, (x as Index).args);
          if (codes) literal.add(codes.join(','));
          else perRow = true;
        });
  }
  if (!perRow) return [];
  const mask = ctx.rows.mask;
  // Rows per level combination by its mixed-radix number (a typed table, not a string per row of a big file).
  const sizes = v.dims.map((d) => d.levels.length);
  const code = (levels: readonly number[]): number => levels.reduce((acc, c, j) => acc * sizes[j] + c, 0);
  const seen = new Uint8Array(sizes.reduce((a, b) => a * b, 1));
  const codes = v.dims.map((d) => d.factor!.codes);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    let c = 0;
    for (let j = 0; j < codes.length && c >= 0; j++) c = codes[j][i] >= 0 ? c * sizes[j] + codes[j][i] : -1;
    if (c >= 0) seen[c] = 1;
  }
  const out: Diagnostic[] = [];
  for (const e of v.elements) {
    if (e.fixed || seen[code(e.codes)] || literal.has(e.codes.join(','))) continue;
    const what = v.dims.map((d, j) => `${d.key} = ${e.levels[j]}`).join(' and ');
    out.push(
      diag(
        'warning',
        Codes.unusedParameter,
        v.ident.span,
        `\`${e.name}\` does not affect the likelihood: no used row has ${what}, so its estimate would be arbitrary. Drop the level from the data or merge it with another.`,
        { name: e.name },
      ),
    );
  }
  return out;
}
