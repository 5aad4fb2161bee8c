// missing-likelihood and invalid-argument: a model needs a likelihood; Binomial size and priors have structural rules.

import { distribution } from '../builtins.ts';
import type { DistCall, Expr } from '../ast.ts';
import { orderedArgs } from '../lower.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check } from './context.ts';

export const modelStructure: Check = ({ file, facts, scope, syntaxErrors }) => {
  const out: Diagnostic[] = [];
  const terms = file.statements.filter((s) => s.kind === 'likelihood');
  if (terms.length === 0 && file.statements.length > 0 && !syntaxErrors) {
    out.push(
      diag(
        'error',
        Codes.missingLikelihood,
        { start: 0, end: Math.min(1, file.span.end) },
        'The model has no likelihood: add a statement such as `y ~ Normal(mu, sigma)` relating a data column to the parameters.',
      ),
    );
  }
  for (const st of file.statements) {
    if (st.kind === 'likelihood' && st.dist?.name.name === 'Binomial') {
      const sizeArg =
        st.dist.args.find((a) => a.name?.name === 'size') ??
        (st.dist.args[0] && !st.dist.args[0].name ? st.dist.args[0] : undefined);
      if (sizeArg && facts.deps(sizeArg.value).params.size > 0) {
        out.push(
          diag(
            'error',
            Codes.invalidArgument,
            sizeArg.value.span,
            'The `size` of Binomial is a number of trials: it may depend on data columns but not on parameters.',
          ),
        );
      }
    }
    if ((st.kind === 'likelihood' || st.kind === 'prior') && st.dist) out.push(...literalDomains(st.dist));
    if (st.kind === 'prior' && st.dist) {
      const info = distribution(st.dist.name.name);
      if (info?.discrete)
        out.push(
          diag(
            'error',
            Codes.invalidPrior,
            st.dist.name.span,
            `A prior needs a continuous distribution; ${info.name} is discrete.`,
          ),
        );
      if (info?.name === 'Mixture')
        out.push(diag('error', Codes.invalidPrior, st.dist.name.span, 'Mixture priors are not supported in v1.'));
      const dup = file.statements.filter((s) => s.kind === 'prior' && s.name.name === st.name.name);
      if (dup.length > 1 && dup[0] !== st)
        out.push(
          diag(
            'error',
            Codes.invalidPrior,
            st.name.span,
            `\`${st.name.name}\` already has a prior; a parameter takes at most one.`,
          ),
        );
    }
  }
  void scope;
  return out;
};

/** A literal number (possibly negated) as written, else undefined. */
function literal(e: Expr): number | undefined {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'unary' && e.operand.kind === 'number') return -e.operand.value;
  return undefined;
}

/** Constant arguments outside their domain (Normal(m, 0), Bernoulli(1.5)) can never give a finite likelihood. */
function literalDomains(call: DistCall): Diagnostic[] {
  const info = distribution(call.name.name);
  if (!info || info.args.length !== call.args.length) return [];
  const out: Diagnostic[] = [];
  orderedArgs(call).forEach((a, i) => {
    const v = a ? literal(a.value) : undefined;
    const dom = info.args[i]?.domain;
    if (v === undefined || !dom) return;
    const bad =
      dom === 'positive'
        ? !(v > 0)
        : dom === 'probability'
          ? !(v > 0 && v < 1)
          : dom === 'nonnegative-integer'
            ? !(v >= 0 && Number.isInteger(v))
            : false;
    if (bad) {
      const need =
        dom === 'positive' ? 'positive' : dom === 'probability' ? 'strictly between 0 and 1' : 'a whole number ≥ 0';
      out.push(
        diag(
          'error',
          Codes.invalidArgument,
          a.value.span,
          `The ${info.args[i].name} of ${info.name} must be ${need}; ${v} gives no finite likelihood.`,
        ),
      );
    }
  });
  return out;
}
