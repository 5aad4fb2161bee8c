// Values per row of the data-only parts of an expression (no parameter below them), for checks before a fit.

import { children, paramDeps, type Node } from '../model.ts';
import { UNARY, binaryPartials, type BinaryPartials } from './functions.ts';

/** A data-only subexpression (its root node) and its values over the used rows. */
export interface DataPart {
  readonly node: Node;
  readonly values: Float64Array;
}

/**
 * The maximal data-only subexpressions of `root` that are computed (not a bare column or constant), evaluated over
 * n rows. The branches of an `ifelse` that depends on a parameter are not entered: the branch not taken may be
 * infinite by design (`ifelse(x > 0, log(x), 0)`).
 */
export function dataParts(root: Node, n: number): DataPart[] {
  const out: DataPart[] = [];
  const deps = new Map<Node, number[]>();
  const seen = new Set<Node>();
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (paramDeps(node, deps).length === 0) {
      if (node.op !== 'const' && node.op !== 'data') {
        const values = evalData(node, n);
        if (values) out.push({ node, values });
      }
      continue;
    }
    if (node.op === 'ifelse') stack.push(node.c);
    else stack.push(...children(node));
  }
  return out;
}

/** A data-only node's values per row, or undefined for a node kind this evaluator does not know. */
export function evalData(
  node: Node,
  n: number,
  memo = new Map<Node, Float64Array | undefined>(),
): Float64Array | undefined {
  if (memo.has(node)) return memo.get(node);
  let r: Float64Array | undefined;
  const bp: BinaryPartials = { v: 0, fa: 0, fb: 0, faa: 0, fab: 0, fbb: 0 };
  switch (node.op) {
    case 'const':
      r = new Float64Array(n).fill(node.value);
      break;
    case 'data':
      r = node.values;
      break;
    case 'neg': {
      const a = evalData(node.a, n, memo);
      r = a && a.map((x) => -x);
      break;
    }
    case 'call': {
      const a = evalData(node.a, n, memo);
      const f = UNARY[node.fn];
      r = a && f ? a.map((x) => f.f(x)) : undefined;
      break;
    }
    case 'bin': {
      const a = evalData(node.a, n, memo);
      const b = evalData(node.b, n, memo);
      if (a && b) {
        r = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          binaryPartials(node.fn, a[i], b[i], bp);
          r[i] = bp.v;
        }
      }
      break;
    }
    case 'ifelse': {
      const c = evalData(node.c, n, memo);
      const a = evalData(node.a, n, memo);
      const b = evalData(node.b, n, memo);
      r = c && a && b ? c.map((x, i) => (x !== 0 ? a[i] : b[i])) : undefined;
      break;
    }
    default:
      r = undefined;
  }
  memo.set(node, r);
  return r;
}
