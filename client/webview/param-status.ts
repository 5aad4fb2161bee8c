// What a parameter row says instead of numbers that would mislead: at a bound, not identified, interval clipped.
import type { JsonParameter } from '../../server/src/protocol.ts';
import { formatNumber } from './format.ts';

export interface ParamStatus {
  /** Shown in place of the SE (and the interval) when there is no regular Wald inference. */
  readonly seText?: string;
  /** A note on the interval (clipped at the declared range). */
  readonly ciNote?: string;
  /** A tooltip explaining the row's status. */
  readonly why?: string;
}

/** Pure, for unit tests: the status of one parameter row of the fit JSON. */
export function paramStatus(p: JsonParameter): ParamStatus {
  if (p.fixed) return { seText: 'fixed (ref)', why: '`ref` fixes this element at 0' };
  if (p.edge !== undefined) {
    const at = p.edge === '+Infinity' ? '+∞' : p.edge === '-Infinity' ? '−∞' : formatNumber(p.edge);
    return {
      seText: typeof p.edge === 'number' ? `at bound ${at}` : `runs to ${at}`,
      why: 'The maximum lies on the edge of the parameter space: no Wald SE or interval; use ci = profile.',
    };
  }
  if (p.notIdentified)
    return {
      seText: 'not identified',
      why: 'The information is singular along this parameter: the data determine only a combination of it with others.',
    };
  if (p.clipped) {
    const side = p.clipped === 'both' ? 'both bounds' : `the ${p.clipped} bound`;
    return {
      ciNote: `clipped at ${side}`,
      why: `The Wald interval reached outside the declared range (${p.constraint ?? ''}) and was cut at ${side}; prefer ci = profile.`,
    };
  }
  return {};
}
