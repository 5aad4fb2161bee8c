// One random draw from a (possibly composite) distribution: a family's `random`, a Mixture's, a Categorical's.

import type { DistSpec } from '../model.ts';
import { family, resolveDist } from './index.ts';
import { randomCategorical } from './categorical.ts';

/** Why `spec` cannot be simulated (a family without `random`), or undefined when it can. */
export function cannotDraw(spec: DistSpec): string | undefined {
  if (spec.name === 'Categorical') return spec.classes && spec.classes >= 2 ? undefined : 'Categorical without levels';
  if (spec.name === 'Mixture') {
    for (const c of spec.components ?? []) {
      const why = cannotDraw(c);
      if (why) return why;
    }
    return undefined;
  }
  const f = family(spec.name);
  return f && typeof f.random === 'function' ? undefined : `${spec.name} has no random generation`;
}

/** Number of arguments of a (possibly composite) distribution, as the engine lays them out. */
export const nargsOf = (spec: DistSpec): number => resolveDist(spec, 1)?.nargs ?? 0;

/**
 * A draw given the arguments in the engine's layout. Mixture(w1…w(K−1), D1…DK): component c with probability w_c
 * (w_K = 1 − Σ w), then a draw from it; Categorical(η_0…η_{K−1}): a level code by softmax probabilities.
 */
export function draw(spec: DistSpec, args: readonly number[], rand: () => number): number {
  if (spec.name === 'Categorical') return randomCategorical(args, rand);
  if (spec.name !== 'Mixture') return family(spec.name)!.random(args, rand);
  const comps = spec.components!;
  const K = comps.length;
  const u = rand();
  let acc = 0;
  let pick = K - 1;
  for (let c = 0; c < K - 1; c++) {
    acc += args[c];
    if (u < acc) {
      pick = c;
      break;
    }
  }
  let at = K - 1;
  for (let c = 0; c < pick; c++) at += nargsOf(comps[c]);
  return draw(comps[pick], args.slice(at, at + nargsOf(comps[pick])), rand);
}
