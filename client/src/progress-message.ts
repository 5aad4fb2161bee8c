// The text of the fit notification while the server works: phase, iteration, objective and elapsed time, from mle/fitProgress.
import type { FitProgressParams } from '../../server/src/protocol.ts';

/** A number as people read it: a real minus sign, at most 6 significant digits. */
const num = (x: number): string => Number(x.toPrecision(6)).toString().replace('-', '−');

/** "optimising · iteration 12 · logLik −1234.5 · 3.2 s"; "profiles 2 of 4 · …"; "bootstrap 17 of 200 · …". */
export function progressMessage(p: FitProgressParams): string {
  const parts: string[] = [];
  if (p.phase === 'preparing') parts.push('loading data and checking the model');
  else if (p.done !== undefined && p.total !== undefined) parts.push(`${p.phase} ${p.done} of ${p.total}`);
  else parts.push(p.phase);
  if (p.iteration !== undefined) parts.push(`iteration ${p.iteration}`);
  if (p.objective !== undefined) parts.push(`logLik ${num(p.objective)}`);
  parts.push(`${(p.elapsedMs / 1000).toFixed(1)} s`);
  return parts.join(' · ');
}
