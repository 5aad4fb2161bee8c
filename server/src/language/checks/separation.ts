// separation (before fitting): a single covariate that splits a binary/binomial outcome makes the MLE infinite.

import type { Analysis } from '../analysis-types.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import { directDesign } from '../../engine/solvers/linear-design.ts';
import type { EngineModel } from '../../engine/model.ts';
import { separationByLevel } from './separation-levels.ts';

const fmt = (x: number): string => String(Number(x.toPrecision(6)));

/**
 * For each term Bernoulli/Binomial(logistic(η)) with η a sum of param·column terms: a non-constant column whose
 * values for rows with a failure all lie on one side of its values for rows with a success separates the outcome
 * (completely when strictly, quasi-completely when they touch). Separation by several columns jointly is left to
 * the fit-time check.
 */
export function separationBeforeFit(an: Analysis, model: EngineModel | undefined): Diagnostic[] {
  if (!model) return [];
  const out: Diagnostic[] = [];
  for (const t of model.terms) {
    const binomial = t.dist.name === 'BinomialLogit';
    if ((t.dist.name !== 'BernoulliLogit' && !binomial) || t.y.op !== 'data') continue;
    const size = binomial ? t.args[0] : undefined;
    if (size && size.op !== 'data' && size.op !== 'const') continue;
    const design = directDesign(t.args[binomial ? 1 : 0], model.n);
    if (!design) continue;
    const y = t.y.values;
    const n = model.n;
    design.cols.forEach((x, q) => {
      // A factor level's indicator column is judged by separationByLevel, which names the level.
      if (/ == "/.test(design.labels[q] ?? findColumnName(x, t) ?? '')) return;
      // A constant column (the intercept's ones) separates nothing: no need to scan a million rows to find out.
      let c = 1;
      while (c < n && x[c] === x[0]) c++;
      if (c === n) return;
      let failMin = Infinity,
        failMax = -Infinity,
        succMin = Infinity,
        succMax = -Infinity;
      // Plain loops over typed arrays (this runs on every analysis of a possibly million-row file).
      const sizes = size && size.op === 'data' ? size.values : undefined;
      const sizeConst = size && size.op === 'const' ? size.value : 1;
      for (let i = 0; i < n; i++) {
        const xi = x[i];
        const yi = y[i];
        if (yi > 0) {
          if (xi < succMin) succMin = xi;
          if (xi > succMax) succMax = xi;
        }
        if (yi < (sizes ? sizes[i] : sizeConst)) {
          if (xi < failMin) failMin = xi;
          if (xi > failMax) failMax = xi;
        }
        // Once failures and successes overlap in both directions no separation is possible: usual data show it early.
        if ((i & 1023) === 1023 && failMax > succMin && succMax > failMin) return;
      }
      if (!Number.isFinite(succMin) || !Number.isFinite(failMin)) return;
      if (Math.min(failMin, succMin) === Math.max(failMax, succMax)) return;
      const upper = failMax <= succMin;
      const lowerSide = succMax <= failMin;
      if (!upper && !lowerSide) return;
      const complete = upper ? failMax < succMin : succMax < failMin;
      const j = design.deps[q];
      const name = model.params[j].name;
      const column = design.labels[q] ?? (t.args[binomial ? 1 : 0] && findColumnName(x, t)) ?? 'its column';
      const cut = upper
        ? `every row with ${column} ≤ ${fmt(failMax)} has a failure and every row with ${column} ≥ ${fmt(succMin)} a success`
        : `every row with ${column} ≤ ${fmt(succMax)} has a success and every row with ${column} ≥ ${fmt(failMin)} a failure`;
      const decl = an.params.find((p) => p.ident.name === name);
      out.push(
        diag(
          'warning',
          Codes.separation,
          decl?.ident.span ?? an.file.statements[t.source].span,
          `\`${name}\` has no finite maximum likelihood estimate: ${column === 'its column' ? 'its covariate' : `column \`${column}\``} ${complete ? 'completely' : 'quasi-completely'} separates the outcome (${cut}), so the fit will push \`${name}\` towards ${upper ? '+' : '−'}∞. Remove the covariate, merge categories, or add a prior (e.g. \`prior ${name} ~ Normal(0, 2.5)\`) for a finite MAP estimate.`,
          { params: [name], complete },
        ),
      );
    });
  }
  return [...out, ...separationByLevel(an, model)];
}

/** The data column a design column is (they share the array when read directly). */
function findColumnName(x: Float64Array, t: EngineModel['terms'][number]): string | undefined {
  let found: string | undefined;
  const visit = (n: EngineModel['terms'][number]['args'][number]): void => {
    if (n.op === 'data' && n.values === x) found = n.name;
    else if (n.op === 'bin') {
      visit(n.a);
      visit(n.b);
    } else if (n.op === 'neg' || n.op === 'call') visit(n.a);
  };
  t.args.forEach(visit);
  return found;
}
