// The rows the structural checks (identifiability, collinearity) evaluate: an even sample that misses no factor level.

import { children, paramDeps, type EngineModel, type Node } from '../model.ts';
import { identifiedArgs, sampleRows, subsampleModel } from '../eval/jacobian.ts';

/** Rows of each factor level taken when the even sample has fewer: enough for a level's own intercept and slope. */
const PER_LEVEL = 3;

/**
 * Up to `maxRows` Jacobian rows evenly spaced (maxRows / the number of arguments that depend on parameters, as
 * argJacobian takes them), plus, for each factor lookup in the likelihood, the first rows of every level
 * with a parameter that the even sample holds fewer than PER_LEVEL of. Without them a level with a few rows in a
 * large data set (1,000 levels, 10 rows each) would be absent from the sample and reported as not identifiable.
 * `complete` says the model has lookups: the Jacobian should then use every row returned (argJacobian's maxRows).
 */
export function structuralRows(model: EngineModel, maxRows: number): { rows: Int32Array; complete: boolean } {
  const lookups = new Set<Node & { op: 'lookup' }>();
  const seen = new Set<Node>();
  const visit = (x: Node): void => {
    if (seen.has(x)) return;
    seen.add(x);
    if (x.op === 'lookup') lookups.add(x);
    children(x).forEach(visit);
  };
  model.terms.forEach((t) => t.args.forEach(visit));
  if (lookups.size === 0) return { rows: sampleRows(model.n, maxRows), complete: false };
  const args = new Set(model.terms.flatMap(identifiedArgs).filter((a) => paramDeps(a).length > 0)).size;
  const base = sampleRows(model.n, Math.max(1, Math.floor(maxRows / Math.max(1, args))));
  if (base.length === model.n) return { rows: base, complete: true };
  const picked = new Uint8Array(model.n);
  for (const i of base) picked[i] = 1;
  for (const lk of lookups) {
    const count = new Int32Array(lk.labels.length);
    for (const i of base) count[lk.codes[i]]++;
    for (let i = 0; i < model.n; i++) {
      const c = lk.codes[i];
      if (picked[i] || c < 0 || lk.params[c] < 0 || count[c] >= PER_LEVEL) continue;
      picked[i] = 1;
      count[c]++;
    }
  }
  const rows: number[] = [];
  for (let i = 0; i < model.n; i++) if (picked[i]) rows.push(i);
  return { rows: Int32Array.from(rows), complete: true };
}

const shared = new WeakMap<EngineModel, { model: EngineModel; maxRows: number | undefined }>();

/**
 * The model on its structural rows (structuralRows(full, 4000)), made once per lowered model so that the checks
 * share it (and argJacobian its compiled slots); `maxRows` is what to pass to argJacobian.
 */
export function structuralModel(full: EngineModel): { model: EngineModel; maxRows: number | undefined } {
  let hit = shared.get(full);
  if (!hit) {
    const sample = structuralRows(full, 4000);
    hit = { model: subsampleModel(full, sample.rows), maxRows: sample.complete ? Infinity : undefined };
    shared.set(full, hit);
  }
  return hit;
}
