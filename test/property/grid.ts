// Runs one case over the grid (method × start), then judges every fit against the truth and the best fit found.

import { rng } from '../../server/src/engine/solvers/multistart.ts';
import type { FitResponse } from '../../server/src/protocol.ts';
import { judge, logLikAtEstimates, plausible, type Verdict } from './property.ts';
import { dataLoad, modelText, refit } from './refit.ts';
import type { SimCase } from './sim-case.ts';
import { startsFor, type Start } from './starts.ts';

/** Every optimiser a user can ask for; `auto` picks QR, IRLS, Levenberg–Marquardt or Newton by itself. */
const METHODS = ['auto', 'newton', 'bfgs', 'lbfgs', 'nelder_mead'];
/** Outside Normal mixtures `em` and `irls` fall back to Newton, so they run from the default start only. */
const FALLBACK_METHODS = ['irls', 'em'];

/**
 * Restarts are the same multistart loop whichever optimiser runs inside it, so the restart start leaves out
 * Nelder–Mead, whose four runs to its iteration limit would cost half the suite's time.
 */
function methodsFor(c: SimCase, start: Start): string[] {
  const methods = start.restarts ? METHODS.filter((m) => m !== 'nelder_mead') : METHODS;
  if (c.expectation === 'mixture') return [...methods, 'em'];
  return start.label === 'default' ? [...methods, ...FALLBACK_METHODS] : methods;
}

export interface Cell {
  readonly key: string;
  readonly method: string;
  readonly start: Start;
  readonly text: string;
  readonly res: FitResponse;
  readonly verdict: Verdict;
}

export const cellKey = (c: SimCase, method: string, start: string): string => `${c.name} | ${method} | ${start}`;

export function runCase(c: SimCase): Cell[] {
  const cols = c.simulate(rng(c.seed));
  const data = dataLoad(cols);
  const llTruth = c.logLik(
    c.params.map((p) => p.truth),
    cols,
  );
  const runs = startsFor(c, cols).flatMap((start) =>
    methodsFor(c, start).map((method) => {
      const text = modelText(c, method, start);
      return { key: cellKey(c, method, start.label), method, start, text, res: refit(text, data) };
    }),
  );
  const good = runs.flatMap((r) =>
    r.res.ok && plausible(c, r.res.result) ? [logLikAtEstimates(c, cols, r.res.result)] : [],
  );
  const llBest = good.length ? Math.max(...good) : llTruth;
  return runs.map((r) => ({ ...r, verdict: judge({ c, cols, llTruth, llBest }, r.res) }));
}

/** Everything needed to reproduce a cell by hand: the case, truth, seed, method, start and the fit's answer. */
export function describeCell(c: SimCase, cell: Cell): string {
  const truth = c.params.map((p) => `${p.name} = ${p.truth}`).join(', ');
  const got = cell.res.ok
    ? (() => {
        const r = cell.res.result;
        const est = r.parameters.map((p) => `${p.name} = ${p.estimate} (SE ${p.se})`).join(', ');
        const codes = r.diagnostics.map((d) => d.code).join(', ') || 'none';
        return `converged ${r.converged}, method ${r.method}, logLik ${r.logLik}; ${est}; diagnostics: ${codes}`;
      })()
    : `refused: ${cell.res.message}`;
  const why = cell.verdict.kind === 'pass' ? '' : cell.verdict.why.join('; ');
  return [
    `${cell.key}: ${cell.verdict.kind} — ${why}`,
    `  truth ${truth}; n ${c.n}; data seed ${c.seed} (rng from engine/solvers/multistart.ts)`,
    `  start ${cell.start.label}${cell.start.init ? ` init [${cell.start.init.join(', ')}]` : ''}`,
    `  got: ${got}`,
    `  model:\n${cell.text.replace(/^/gm, '    ')}`,
  ].join('\n');
}
