// Reads a linear predictor written as a sum of param·column terms straight from the data (no AD pass, no copies).

import type { Node } from '../model.ts';

export interface DirectDesign {
  /** Parameter indices, in the order of `cols`. */
  readonly deps: Int32Array;
  /** One column per parameter (shared with the data when possible); a column of ones for an intercept. */
  readonly cols: Float64Array[];
  /** The parameter-free part of the predictor (length n), or undefined when it is zero. */
  readonly offset?: Float64Array;
}

/** Summands of a sum (a − b counts −b): [node, sign]. */
function summands(n: Node, sign: number, out: [Node, number][]): void {
  if (n.op === 'bin' && (n.fn === '+' || n.fn === '-')) {
    summands(n.a, sign, out);
    summands(n.b, n.fn === '-' ? -sign : sign, out);
  } else if (n.op === 'neg') summands(n.a, -sign, out);
  else out.push([n, sign]);
}

const dataOrConst = (n: Node): boolean => n.op === 'data' || n.op === 'const';

/**
 * Returns the design when every summand is `param`, `param * x`, `x * param` (x a column or constant) or parameter-
 * free (data or constant), each parameter appearing once; undefined otherwise (the caller uses the AD slots).
 */
export function directDesign(eta: Node, n: number): DirectDesign | undefined {
  const parts: [Node, number][] = [];
  summands(eta, 1, parts);
  const byParam = new Map<number, Float64Array>();
  let offset: Float64Array | undefined;
  const addOffset = (x: Node, sign: number): boolean => {
    if (!dataOrConst(x)) return false;
    offset ??= new Float64Array(n);
    if (x.op === 'const') for (let i = 0; i < n; i++) offset[i] += sign * x.value;
    else if (x.op === 'data') for (let i = 0; i < n; i++) offset[i] += sign * x.values[i];
    return true;
  };
  for (const [x, sign] of parts) {
    let param: number | undefined;
    let other: Node | undefined;
    if (x.op === 'param') param = x.index;
    else if (x.op === 'bin' && x.fn === '*' && x.a.op === 'param' && dataOrConst(x.b)) {
      param = x.a.index;
      other = x.b;
    } else if (x.op === 'bin' && x.fn === '*' && x.b.op === 'param' && dataOrConst(x.a)) {
      param = x.b.index;
      other = x.a;
    } else if (addOffset(x, sign)) continue;
    else return undefined;
    if (byParam.has(param)) return undefined;
    let col: Float64Array;
    if (!other) col = new Float64Array(n).fill(sign);
    else if (other.op === 'const') col = new Float64Array(n).fill(sign * other.value);
    else if (other.op === 'data') col = sign === 1 ? other.values : other.values.map((v) => -v);
    else return undefined;
    byParam.set(param, col);
  }
  const deps = Int32Array.from([...byParam.keys()].sort((a, b) => a - b));
  return { deps, cols: Array.from(deps, (j) => byParam.get(j)!), offset };
}
