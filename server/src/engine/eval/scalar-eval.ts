// Value and gradient of a parameter-only expression (derived quantities, delta method), by forward mode.

import type { Node } from '../model.ts';
import { UNARY, binaryPartials, type BinaryPartials } from './functions.ts';

export interface ScalarGrad {
  readonly value: number;
  readonly grad: Float64Array;
}

/** Evaluates `node` at theta; data nodes are not allowed here (derived quantities depend only on parameters). */
export function scalarEval(node: Node, theta: Float64Array, memo = new Map<Node, ScalarGrad>()): ScalarGrad {
  const hit = memo.get(node);
  if (hit) return hit;
  const P = theta.length;
  let r: ScalarGrad;
  switch (node.op) {
    case 'const':
      r = { value: node.value, grad: new Float64Array(P) };
      break;
    case 'param': {
      const g = new Float64Array(P);
      g[node.index] = 1;
      r = { value: theta[node.index], grad: g };
      break;
    }
    case 'data':
      r = { value: node.values[0], grad: new Float64Array(P) };
      break;
    case 'lookup': {
      // Like a data column: row 0's element.
      const j = node.params[node.codes[0]];
      const g = new Float64Array(P);
      if (j >= 0) g[j] = 1;
      r = { value: j >= 0 ? theta[j] : 0, grad: g };
      break;
    }
    case 'neg': {
      const a = scalarEval(node.a, theta, memo);
      r = { value: -a.value, grad: a.grad.map((x) => -x) };
      break;
    }
    case 'call': {
      const a = scalarEval(node.a, theta, memo);
      const f = UNARY[node.fn];
      const y = f.f(a.value);
      const d = f.d1(a.value, y);
      r = { value: y, grad: a.grad.map((x) => d * x) };
      break;
    }
    case 'ifelse': {
      const c = scalarEval(node.c, theta, memo).value;
      const pick = c !== 0 ? scalarEval(node.a, theta, memo) : scalarEval(node.b, theta, memo);
      r = c !== c ? { value: NaN, grad: new Float64Array(P) } : pick;
      break;
    }
    case 'bin': {
      const a = scalarEval(node.a, theta, memo);
      const b = scalarEval(node.b, theta, memo);
      const p: BinaryPartials = { v: 0, fa: 0, fb: 0, faa: 0, fab: 0, fbb: 0 };
      binaryPartials(node.fn, a.value, b.value, p);
      const g = new Float64Array(P);
      for (let j = 0; j < P; j++) g[j] = p.fa * a.grad[j] + p.fb * b.grad[j];
      r = { value: p.v, grad: g };
      break;
    }
  }
  memo.set(node, r);
  return r;
}
