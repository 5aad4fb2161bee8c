// separation by a factor level (before fitting): a level whose used rows all have outcome 0, or all the maximum, makes
// its element's estimate infinite.

import type { Analysis } from '../analysis-types.ts';
import { walkExpr, type Expr } from '../ast.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { VectorParam } from '../vectors.ts';
import type { EngineModel, Term } from '../../engine/model.ts';

/** Linked binary/binomial forms, where a level with one outcome only drives its log-odds (or probit) to ±∞. */
const LINKED = new Set(['BernoulliLogit', 'BernoulliProbit', 'BinomialLogit', 'BinomialProbit']);

/** The vectors a term's arguments index per row (`b[wool]`, not `b["A"]`). */
function rowwiseVectors(an: Analysis, t: Term): VectorParam[] {
  const st = an.file.statements[t.source];
  if (st.kind !== 'likelihood' || !st.dist) return [];
  const found = new Map<string, VectorParam>();
  const visit = (e: Expr): void => {
    if (e.kind !== 'index') return;
    const v = an.vectors?.get(e.base.name);
    if (v?.dims?.every((d) => d.factor) && e.args.some((a) => a.kind !== 'level' && a.kind !== 'number'))
      found.set(v.name, v);
  };
  st.dist.args.forEach((a) => walkExpr(a.value, visit));
  return [...found.values()];
}

/** Per element (level combination) of v over the used rows: rows, rows at 0 and rows at their maximum. */
function levelCounts(an: Analysis, v: VectorParam, y: Float64Array, size: Float64Array | number) {
  const dims = v.dims!;
  const strides = dims.map((_, j) => dims.slice(j + 1).reduce((s, d) => s * d.levels.length, 1));
  const cells = v.elements.length;
  const rows = new Int32Array(cells);
  const zeros = new Int32Array(cells);
  const fulls = new Int32Array(cells);
  const mask = an.rowsUsed;
  const all = dims.map((d) => d.factor!.codes);
  for (let i = 0, u = 0; i < all[0].length; i++) {
    if (mask && !mask[i]) continue;
    let cell = 0;
    for (let j = 0; j < dims.length; j++) cell += all[j][i] * strides[j];
    const yi = y[u];
    const si = typeof size === 'number' ? size : size[u];
    u++;
    rows[cell]++;
    if (yi === 0) zeros[cell]++;
    if (yi === si) fulls[cell]++;
  }
  return { rows, zeros, fulls };
}

export function separationByLevel(an: Analysis, model: EngineModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of model.terms) {
    if (!LINKED.has(t.dist.name) || t.y.op !== 'data') continue;
    const binomial = t.dist.name.startsWith('Binomial');
    const sizeNode = binomial ? t.args[0] : undefined;
    if (sizeNode && sizeNode.op !== 'data' && sizeNode.op !== 'const') continue;
    const size = !sizeNode
      ? 1
      : sizeNode.op === 'data'
        ? sizeNode.values
        : sizeNode.op === 'const'
          ? sizeNode.value
          : 1;
    for (const v of rowwiseVectors(an, t)) {
      const { rows, zeros, fulls } = levelCounts(an, v, t.y.values, size);
      v.elements.forEach((e, cell) => {
        const r = rows[cell];
        if (!r || (zeros[cell] !== r && fulls[cell] !== r)) return;
        const at = v.dims!.map((d, j) => `${d.key} = ${e.levels[j]}`).join(' and ');
        const value = zeros[cell] === r ? '0' : binomial ? 'its number of trials' : '1';
        const why = e.fixed
          ? `; ${at} is the reference level (its element is fixed at 0), so the intercept and the other elements of \`${v.name}\` are pushed to ±∞ instead`
          : `, so the fit will push \`${e.name}\` towards ${zeros[cell] === r ? '−' : '+'}∞`;
        out.push(
          diag(
            'warning',
            Codes.separation,
            v.ident.span,
            `${e.fixed ? `\`${v.name}\`` : `\`${e.name}\``} has no finite maximum likelihood estimate: all ${r} used row${r === 1 ? '' : 's'} with ${at} ${r === 1 ? 'has' : 'have'} outcome ${value} (the level separates the outcome)${why}. Merge the level with another, drop its rows, or add a prior (e.g. \`prior ${v.name} ~ Normal(0, 2.5)\`) for a finite MAP estimate.`,
            { params: [e.name], complete: true, level: e.levels },
          ),
        );
      });
    }
  }
  return out;
}
