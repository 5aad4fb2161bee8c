// constant-outcome (before fitting): a binary, binomial or count outcome stuck at an edge of its support in every used
// row has no finite maximum likelihood estimate — the fit would report a huge intercept with a huge SE.

import type { Analysis } from '../analysis-types.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import { paramDeps, type EngineModel, type Term } from '../../engine/model.ts';

const BINARY = /^(Bernoulli|Binomial)/;
const COUNT = /^(Poisson|NegBinomial|Geometric)/;

/** 'zero' or 'full' when every y is 0 (every y equals its size), else undefined. */
function edge(t: Term, n: number): 'zero' | 'full' | undefined {
  if (t.y.op !== 'data' || n === 0) return undefined;
  const y = t.y.values;
  const size = BINARY.test(t.dist.name) && t.dist.name.startsWith('Binomial') ? t.args[0] : undefined;
  if (size && size.op !== 'data' && size.op !== 'const') return undefined;
  let zero = true;
  let full = BINARY.test(t.dist.name);
  for (let i = 0; i < n && (zero || full); i++) {
    const s = !size ? 1 : size.op === 'const' ? size.value : (size as { values: Float64Array }).values[i];
    if (y[i] !== 0) zero = false;
    if (y[i] !== s) full = false;
  }
  return zero ? 'zero' : full ? 'full' : undefined;
}

export function constantOutcomeBeforeFit(an: Analysis, model: EngineModel | undefined): Diagnostic[] {
  if (!model) return [];
  const out: Diagnostic[] = [];
  const withPrior = new Set(model.priors.flatMap((p) => (p.y.op === 'param' ? [p.y.index] : [])));
  for (const t of model.terms) {
    if (!BINARY.test(t.dist.name) && !COUNT.test(t.dist.name)) continue;
    const at = edge(t, model.n);
    if (!at) continue;
    const params = [...new Set(t.args.flatMap((a) => paramDeps(a)))];
    // Priors on every parameter make the posterior mode finite; no parameter at all means nothing is estimated.
    if (!params.length || params.every((j) => withPrior.has(j))) continue;
    const st = an.file.statements[t.source];
    const yName = t.y.op === 'data' ? t.y.name : 'the outcome';
    const value = at === 'zero' ? '0' : t.dist.name.startsWith('Binomial') ? 'its number of trials' : '1';
    const where = at === 'zero' ? (COUNT.test(t.dist.name) ? 'mean' : 'probability') : 'probability';
    const to = at === 'zero' ? '0' : '1';
    out.push(
      diag(
        'warning',
        Codes.constantOutcome,
        st.kind === 'likelihood' ? st.lhs.span : st.span,
        `\`${yName}\` is ${value} in every one of the ${model.n} used rows: the likelihood keeps rising as the fitted ${where} goes to ${to}, so there is no finite maximum likelihood estimate (an intercept would run off to ${at === 'zero' ? '−' : '+'}∞ with a huge SE that looks like a result). Check the outcome column and the rows used, or add priors for a finite MAP estimate.`,
        { params: params.map((j) => model.params[j].name) },
      ),
    );
  }
  return out;
}
