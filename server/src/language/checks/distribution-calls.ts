// Shared walk over every distribution call: likelihood and prior right sides, and Mixture components.

import type { Arg, DistCall, Expr } from '../ast.ts';
import type { ModelFile } from '../ast.ts';

export interface DistUse {
  readonly call: DistCall;
  readonly statement: number;
  readonly context: 'likelihood' | 'prior' | 'component';
}

/** A call expression written as a Mixture component, seen as a distribution call. */
export function asDistCall(e: Expr): DistCall | undefined {
  return e.kind === 'call' ? { name: e.callee, args: e.args, argsSpan: e.argsSpan, span: e.span } : undefined;
}

export function distributionUses(file: ModelFile): DistUse[] {
  const out: DistUse[] = [];
  const visit = (call: DistCall, statement: number, context: DistUse['context']): void => {
    out.push({ call, statement, context });
    if (call.name.name === 'Mixture') {
      call.args.slice(1).forEach((a: Arg) => {
        const c = asDistCall(a.value);
        if (c) visit(c, statement, 'component');
      });
    }
  };
  file.statements.forEach((st, i) => {
    if ((st.kind === 'likelihood' || st.kind === 'prior') && st.dist) visit(st.dist, i, st.kind);
  });
  return out;
}
