// Emits scalar JavaScript for one row of a slot graph: values, and forward-mode first and second derivatives.
//
// Safety invariant: the emitted text is built only from this module's own fixed fragments, synthetic local names
// (v12, d12_3, h12_4, x7, c2, F1 …) and integer indices. Numbers from the model (constants, data) never enter the
// text: they are read at run time from arrays the generated function is handed. Identifiers, column names and
// function names from the model never reach it either: a function is called through its position in a table of
// the engine's own implementations, and an operator is emitted only from the switch below. Anything else is
// `Unsupported`, never guessed.

import type { Slot } from '../eval/slots.ts';
import { UNARY, binaryPartials, type BinaryPartials, type Unary } from '../eval/functions.ts';

/** The partials of x^y, as the generated code calls them (POW). */
export const powPartials = (a: number, b: number, out: BinaryPartials): void => binaryPartials('^', a, b, out);

export class Unsupported extends Error {}

/**
 * The one place generated source becomes code (allowed by test/unit/security.test.ts): `body` is built only by this
 * module's Emitter and the kernels' fixed fragments, never from model or data text (the invariant above).
 */
export function generatedFunction(params: readonly string[], body: string): (...args: unknown[]) => unknown {
  return new Function(...params, body) as (...args: unknown[]) => unknown;
}

/** A derivative's expression: a local's name or a constant fragment; null is a structural zero. */
type Sym = string | null;

/** What one emitted slot provides to its parents. */
export interface Emitted {
  /** Value expression (a local for parameter-dependent slots, a column read or a constant for data-only ones). */
  readonly v: string;
  /** ∂/∂θ[deps[p]] per p; empty for data-only slots. */
  readonly d: readonly Sym[];
  /** Packed second derivatives (slot.pair), empty when linear or order < 2. */
  readonly h: readonly Sym[];
}

/** The run-time inputs the emitted code reads: data columns, scalar constants and unary functions, by position. */
export interface EmitInputs {
  readonly columns: Float64Array[];
  readonly scalars: number[];
  readonly fns: Unary[];
}

const mul = (...f: Sym[]): Sym => {
  if (f.some((x) => x === null)) return null;
  const k = f.filter((x) => x !== '1') as string[];
  return k.length === 0 ? '1' : k.map((x) => `(${x})`).join(' * ');
};

const sum = (parts: Sym[]): Sym => {
  const k = parts.filter((x) => x !== null) as string[];
  return k.length === 0 ? null : k.join(' + ');
};

/** Emission state for one generated function: the inputs table and a name per slot. */
export class Emitter {
  readonly inputs: EmitInputs = { columns: [], scalars: [], fns: [] };
  private readonly fixed = new Map<Slot, string>();
  private readonly fnIndex = new Map<Unary, number>();
  private readonly id = new Map<Slot, number>();

  constructor(readonly slots: readonly Slot[]) {
    slots.forEach((s, k) => this.id.set(s, k));
    for (const s of slots) {
      const node = s.node;
      if (node.op === 'lookup') throw new Unsupported('a factor lookup');
      if (node.op === 'call' && !(node.fn in UNARY)) throw new Unsupported('an unknown function');
    }
  }

  /** Value of a data-only slot: `c{k}` (a scalar hoisted by the caller) or `x{k}[i]` (a column at row i). */
  private fixedValue(s: Slot): string {
    const hit = this.fixed.get(s);
    if (hit) return hit;
    const f = s.fixed!;
    let v: string;
    if (f.length === 1) {
      v = `c${this.inputs.scalars.length}`;
      this.inputs.scalars.push(f[0]);
    } else {
      v = `x${this.inputs.columns.length}[i]`;
      this.inputs.columns.push(f);
    }
    this.fixed.set(s, v);
    return v;
  }

  /** Declarations hoisted out of the row loop: scalars, columns and functions by position. */
  prelude(): string {
    const { columns, scalars, fns } = this.inputs;
    return [
      ...columns.map((_, k) => `const x${k} = IN.columns[${k}];`),
      ...scalars.map((_, k) => `const c${k} = IN.scalars[${k}];`),
      ...fns.map((_, k) => `const F${k} = IN.fns[${k}];`),
    ].join('\n');
  }

  private fn(u: Unary): string {
    let k = this.fnIndex.get(u);
    if (k === undefined) {
      k = this.inputs.fns.length;
      this.fnIndex.set(u, k);
      this.inputs.fns.push(u);
    }
    return `F${k}`;
  }

  /** The number of a parameter-dependent slot (its locals are v{n}, d{n}_{p}, h{n}_{k}; its buffer V{n}). */
  num(s: Slot): number {
    return this.id.get(s)!;
  }

  /** The value expression of any slot (parameter-dependent: its local). */
  value(s: Slot): string {
    return s.m === 0 ? this.fixedValue(s) : `v${this.num(s)}`;
  }

  /** Code computing v{n} of a parameter-dependent slot from its kids' values (all kids already computed). */
  valueCode(s: Slot, theta: (j: number) => string): string {
    const node = s.node;
    const out = `const v${this.num(s)} = `;
    const kv = s.kids.map((k) => this.value(k));
    if (node.op === 'param') return `${out}${theta(node.index)};`;
    if (s.signs) {
      // Σ ±kid, accumulated left to right as the interpreter does (0 + x and x + (−1)·y are exact).
      return `${out}${kv.map((x, k) => (k === 0 ? (s.signs![0] < 0 ? `-${x}` : x) : `${s.signs![k] < 0 ? '-' : '+'} ${x}`)).join(' ')};`;
    }
    switch (node.op) {
      case 'neg':
        return `${out}-${kv[0]};`;
      case 'call':
        return `${out}${this.fn(UNARY[node.fn])}.f(${kv[0]});`;
      case 'ifelse':
        return `const q${this.num(s)} = ${kv[0]};\n${out}q${this.num(s)} !== q${this.num(s)} ? NaN : q${this.num(s)} !== 0 ? ${kv[1]} : ${kv[2]};`;
      case 'bin': {
        const [a, b] = kv;
        switch (node.fn) {
          case '+':
            return `${out}${a} + ${b};`;
          case '-':
            return `${out}${a} - ${b};`;
          case '*':
            return `${out}${a} * ${b};`;
          case '/':
            // As binaryPartials: a · (1/b), so both paths round alike.
            return `${out}${a} * (1 / ${b});`;
          case '^':
            return `${out}Math.pow(${a}, ${b});`;
        }
        const cmp = COMPARE[node.fn];
        if (!cmp) throw new Unsupported('an operator');
        return `${out}${a} !== ${a} || ${b} !== ${b} ? NaN : ${a} ${cmp} ${b} ? 1 : 0;`;
      }
    }
    throw new Unsupported('a node kind');
  }

  /**
   * Code computing the derivative locals of s (order 1: d only; order 2: d and h unless `s.linear`), given its kids'
   * emitted symbols. Returns the lines and s's symbols.
   */
  derivCode(s: Slot, kids: readonly Emitted[], order: 1 | 2): { code: string[]; sym: Emitted } {
    const n = this.num(s);
    const node = s.node;
    const m = s.m;
    const code: string[] = [];
    const v = `v${n}`;
    const d: Sym[] = new Array<Sym>(m).fill(null);
    const second = order === 2 && !s.linear;
    const h: Sym[] = new Array<Sym>(second ? (m * (m + 1)) / 2 : 0).fill(null);
    const name = (kind: 'd' | 'h', k: number, expr: Sym): Sym => {
      if (expr === null || expr === '1' || expr === '-1' || /^[dhvx]\d+(_\d+)?$/.test(expr)) return expr;
      const local = `${kind}${n}_${k}`;
      code.push(`const ${local} = ${expr};`);
      return local;
    };
    /** Kid k's d (and h) mapped into s's positions, scaled by w1 (and w2 on dd). */
    const chain = (terms: { k: number; w1: Sym; w2: Sym }[], cross?: { fab: Sym }): void => {
      for (let p = 0; p < m; p++) {
        const parts: Sym[] = [];
        for (const { k, w1 } of terms) {
          const pos = s.maps[k].indexOf(p);
          if (pos >= 0) parts.push(mul(w1, kids[k].d[pos]));
        }
        d[p] = name('d', p, sum(parts));
      }
      if (!second) return;
      for (let p = 0; p < m; p++)
        for (let q = p; q < m; q++) {
          const parts: Sym[] = [];
          for (const { k, w1, w2 } of terms) {
            const kid = s.kids[k];
            const pp = s.maps[k].indexOf(p);
            const qq = s.maps[k].indexOf(q);
            if (pp < 0 || qq < 0) continue;
            if (!kid.linear) parts.push(mul(w1, kids[k].h[kid.pair[pp * kid.m + qq]]));
            parts.push(mul(w2, kids[k].d[pp], kids[k].d[qq]));
          }
          if (cross) {
            // f_ab (∂a/∂p ∂b/∂q + ∂a/∂q ∂b/∂p): the mixed term of a binary operation.
            const a = (x: number): Sym => {
              const i = s.maps[0].indexOf(x);
              return i < 0 ? null : kids[0].d[i];
            };
            const b = (x: number): Sym => {
              const i = s.maps[1].indexOf(x);
              return i < 0 ? null : kids[1].d[i];
            };
            parts.push(mul(cross.fab, a(p), b(q)));
            parts.push(mul(cross.fab, a(q), b(p)));
          }
          h[s.pair[p * m + q]] = name('h', s.pair[p * m + q], sum(parts));
        }
    };
    if (node.op === 'param') {
      d[0] = '1';
      return { code, sym: { v, d, h } };
    }
    if (s.signs) {
      chain(s.kids.map((_, k) => ({ k, w1: s.signs![k] < 0 ? '-1' : '1', w2: null })));
      return { code, sym: { v, d, h } };
    }
    const kv = s.kids.map((k) => this.value(k));
    switch (node.op) {
      case 'neg':
        chain([{ k: 0, w1: '-1', w2: null }]);
        break;
      case 'call': {
        const F = this.fn(UNARY[node.fn]);
        code.push(`const fa${n} = ${F}.d1(${kv[0]}, ${v});`);
        if (second) code.push(`const faa${n} = ${F}.d2(${kv[0]}, ${v});`);
        chain([{ k: 0, w1: `fa${n}`, w2: second ? `faa${n}` : null }]);
        break;
      }
      case 'ifelse': {
        // Derivatives of the chosen branch (a NaN condition picks a, as the interpreter does).
        const pick = (x: Sym, y: Sym): Sym => (x === null && y === null ? null : `q${n} !== 0 ? ${x ?? 0} : ${y ?? 0}`);
        code.push(`const q${n} = ${kv[0]};`);
        const at = (k: number, p: number): Sym => {
          const i = s.maps[k].indexOf(p);
          return i < 0 ? null : kids[k].d[i];
        };
        for (let p = 0; p < m; p++) d[p] = name('d', p, pick(at(1, p), at(2, p)));
        if (second) {
          const hat = (k: number, p: number, q: number): Sym => {
            const kid = s.kids[k];
            const pp = s.maps[k].indexOf(p);
            const qq = s.maps[k].indexOf(q);
            return pp < 0 || qq < 0 || kid.linear ? null : kids[k].h[kid.pair[pp * kid.m + qq]];
          };
          for (let p = 0; p < m; p++)
            for (let q = p; q < m; q++)
              h[s.pair[p * m + q]] = name('h', s.pair[p * m + q], pick(hat(1, p, q), hat(2, p, q)));
        }
        break;
      }
      case 'bin': {
        const [a, b] = kv;
        switch (node.fn) {
          case '+':
            chain([
              { k: 0, w1: '1', w2: null },
              { k: 1, w1: '1', w2: null },
            ]);
            break;
          case '-':
            chain([
              { k: 0, w1: '1', w2: null },
              { k: 1, w1: '-1', w2: null },
            ]);
            break;
          case '*':
            chain(
              [
                { k: 0, w1: b, w2: null },
                { k: 1, w1: a, w2: null },
              ],
              { fab: '1' },
            );
            break;
          case '/':
            code.push(`const ib${n} = 1 / ${b};`);
            chain(
              [
                { k: 0, w1: `ib${n}`, w2: null },
                { k: 1, w1: `-${a} * ib${n} * ib${n}`, w2: `2 * ${a} * ib${n} * ib${n} * ib${n}` },
              ],
              { fab: `-ib${n} * ib${n}` },
            );
            break;
          case '^':
            code.push(`POW(${a}, ${b}, BP);`, `const pa${n} = BP.fa, pb${n} = BP.fb;`);
            if (second) code.push(`const paa${n} = BP.faa, pab${n} = BP.fab, pbb${n} = BP.fbb;`);
            chain(
              [
                { k: 0, w1: `pa${n}`, w2: second ? `paa${n}` : null },
                { k: 1, w1: `pb${n}`, w2: second ? `pbb${n}` : null },
              ],
              second ? { fab: `pab${n}` } : undefined,
            );
            break;
          default:
            // A comparison: piecewise constant, derivatives zero.
            if (!COMPARE[node.fn]) throw new Unsupported('an operator');
        }
        break;
      }
      default:
        throw new Unsupported('a node kind');
    }
    return { code, sym: { v, d, h } };
  }
}

const COMPARE: Readonly<Record<string, string>> = {
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
  '==': '===',
  '!=': '!==',
};
