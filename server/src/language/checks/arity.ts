// arity: distributions and functions get the right number and names of arguments; Mixture gets two distributions.

import { clauseExprs, walkExpr, type Arg, type Expr } from '../ast.ts';
import { distribution, func } from '../builtins.ts';
import { diag, Codes, type Diagnostic } from '../diagnostics.ts';
import type { Check, CheckContext } from './context.ts';
import { distributionUses } from './distribution-calls.ts';

function checkArgs(
  name: string,
  expected: readonly string[],
  args: readonly Arg[],
  span: { start: number; end: number },
  out: Diagnostic[],
): void {
  const sig = `${name}(${expected.join(', ')})`;
  if (args.length !== expected.length) {
    out.push(
      diag(
        'error',
        Codes.arity,
        span,
        `\`${name}\` takes ${expected.length} argument${expected.length === 1 ? '' : 's'}, ${sig}, but got ${args.length}.`,
        { name },
      ),
    );
    return;
  }
  let sawNamed = false;
  const seen = new Set<string>();
  args.forEach((a, i) => {
    if (!a.name) {
      if (sawNamed)
        out.push(
          diag('error', Codes.arity, a.span, `A positional argument cannot follow a named one in \`${sig}\`.`, {
            name,
          }),
        );
      return;
    }
    sawNamed = true;
    if (!expected.includes(a.name.name)) {
      out.push(
        diag(
          'error',
          Codes.arity,
          a.name.span,
          `\`${name}\` has no argument \`${a.name.name}\`; its arguments are ${expected.join(', ')}.`,
          { name },
        ),
      );
    } else if (seen.has(a.name.name) || (expected.indexOf(a.name.name) < i && !args.slice(0, i).every((b) => b.name))) {
      out.push(
        diag('error', Codes.arity, a.name.span, `Argument \`${a.name.name}\` of \`${name}\` is given twice.`, { name }),
      );
    }
    seen.add(a.name.name);
  });
}

/** K when `e` names a simplex vector parameter `w[1:K]` (Mixture's K-component form), else undefined. */
function simplexLength(e: Expr | undefined, scope: CheckContext['scope']): number | undefined {
  const v = e?.kind === 'name' ? scope.vectors.get(e.name) : undefined;
  return v?.simplex && v.dims?.length === 1 ? v.elements.length : undefined;
}

/** Mixture(w, D1, …, DK) with a simplex w[1:K]: positional, exactly K components. */
function checkMixtureK(args: readonly Arg[], K: number, span: { start: number; end: number }, out: Diagnostic[]): void {
  const named = args.find((a) => a.name);
  if (named)
    out.push(
      diag('error', Codes.arity, named.span, 'With a simplex weight vector, `Mixture(w, D1, …, DK)` takes no names.', {
        name: 'Mixture',
      }),
    );
  if (args.length - 1 !== K)
    out.push(
      diag(
        'error',
        Codes.arity,
        span,
        `\`Mixture\` with the ${K}-element simplex \`${(args[0].value as { name: string }).name}\` takes ${K} components, Mixture(w, D1, …, D${K}), but got ${args.length - 1}.`,
        { name: 'Mixture' },
      ),
    );
}

export const arity: Check = ({ file, scope }) => {
  const out: Diagnostic[] = [];
  for (const use of distributionUses(file)) {
    const info = distribution(use.call.name.name);
    if (!info) continue;
    const span = use.call.argsSpan.end > use.call.argsSpan.start ? use.call.argsSpan : use.call.span;
    const K = info.name === 'Mixture' ? simplexLength(use.call.args[0]?.value, scope) : undefined;
    if (K !== undefined) checkMixtureK(use.call.args, K, span, out);
    else
      checkArgs(
        info.name,
        info.args.map((a) => a.name),
        use.call.args,
        span,
        out,
      );
    if (info.name === 'Mixture') {
      use.call.args.slice(1).forEach((a) => {
        if (a.value.kind !== 'call' || !distribution(a.value.callee.name)) {
          out.push(
            diag(
              'error',
              Codes.arity,
              a.value.span,
              'Each component of `Mixture(w, D1, …)` must be a distribution call, e.g. `Normal(mu1, sigma1)`.',
            ),
          );
        } else if (a.value.callee.name === 'Mixture') {
          out.push(
            diag(
              'error',
              Codes.arity,
              a.value.span,
              'Mixtures cannot be nested: list every component in one Mixture (with a simplex weight vector for K > 2).',
            ),
          );
        }
      });
    }
    if (use.context === 'component' && info.name !== 'Mixture') continue;
  }
  // Function calls anywhere in expressions (Mixture components are handled above and skipped here).
  const componentCalls = new Set<Expr>();
  for (const use of distributionUses(file))
    if (use.call.name.name === 'Mixture') use.call.args.slice(1).forEach((a) => componentCalls.add(a.value));
  const visit = (e: Expr | undefined): void => {
    if (!e) return;
    walkExpr(e, (x) => {
      if (x.kind !== 'call' || componentCalls.has(x)) return;
      const f = func(x.callee.name);
      if (f) checkArgs(f.name, f.params, x.args, x.argsSpan, out);
      else if (distribution(x.callee.name)) {
        out.push(
          diag(
            'error',
            Codes.arity,
            x.callee.span,
            `\`${x.callee.name}\` is a distribution; it can only appear after \`~\` (or inside Mixture), not in an expression.`,
          ),
        );
      }
    });
  };
  for (const st of file.statements) {
    if (st.kind === 'let' || st.kind === 'derive') visit(st.value);
    else if (st.kind === 'likelihood') {
      visit(st.lhs);
      st.dist?.args.forEach((a) => visit(a.value));
      clauseExprs(st).forEach(visit);
    } else if (st.kind === 'prior') st.dist?.args.forEach((a) => visit(a.value));
  }
  return out;
};
