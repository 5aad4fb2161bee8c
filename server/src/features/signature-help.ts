// Signature help: the distribution or function whose argument list holds the cursor, and which argument is being typed.

import type { IToken } from 'chevrotain';
import type { Analysis } from '../language/analysis-types.ts';
import { distribution, func } from '../language/builtins.ts';

export interface SignatureParameter {
  /** [start, end) of the parameter's name within the signature label. */
  readonly label: readonly [number, number];
  readonly documentation?: string;
}

export interface SignatureHelpResult {
  /** `Normal(mu, sigma)`. */
  readonly label: string;
  /** Markdown. */
  readonly documentation: string;
  readonly parameters: readonly SignatureParameter[];
  /** Index into `parameters`; beyond the last one when too many arguments are written. */
  readonly activeParameter: number;
}

interface OpenCall {
  readonly callee: string;
  argIndex: number;
  /** The name of the argument being typed when it is written `name = …`. */
  argName?: string;
}

const kind = (t: IToken | undefined): string => t?.tokenType.name ?? '';

/**
 * The calls left open before `offset`, innermost last. Tokens, not the tree: the call being typed is usually
 * unfinished (no `)` yet), where the parser has only recovery guesses. A statement keyword or `~` closes them all,
 * since neither can stand inside parentheses.
 */
function openCalls(tokens: readonly IToken[], offset: number): OpenCall[] {
  const stack: OpenCall[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.startOffset >= offset) break;
    const k = kind(t);
    if (k.startsWith('Kw_') && k !== 'Kw_in' && k !== 'Kw_init') stack.length = 0;
    else if (k === 'Tilde' || k === 'Semicolon') stack.length = 0;
    else if (k === 'LParen')
      stack.push({ callee: kind(tokens[i - 1]) === 'Identifier' ? tokens[i - 1].image : '', argIndex: 0 });
    else if (k === 'RParen') stack.pop();
    else if (k === 'Comma' && stack.length) {
      stack[stack.length - 1].argIndex++;
      stack[stack.length - 1].argName = undefined;
    } else if (
      k === 'Equals' &&
      stack.length &&
      kind(tokens[i - 1]) === 'Identifier' &&
      ['Comma', 'LParen'].includes(kind(tokens[i - 2]))
    ) {
      stack[stack.length - 1].argName = tokens[i - 1].image;
    }
  }
  return stack;
}

/** The signature at `offset`, or undefined outside the argument list of a known distribution or function. */
export function signatureHelp(analysis: Analysis, offset: number): SignatureHelpResult | undefined {
  // The innermost call with a known callee: `(a + b)` inside `Normal(…)` is grouping, not a call.
  const call = openCalls(analysis.tokens, offset)
    .reverse()
    .find((c) => distribution(c.callee) || func(c.callee));
  if (!call) return undefined;
  const dist = distribution(call.callee);
  const f = func(call.callee);
  const args = dist
    ? dist.args.map((a) => ({ name: a.name, doc: a.doc }))
    : f!.params.map((p) => ({ name: p, doc: undefined }));
  const parameters: SignatureParameter[] = [];
  let label = `${call.callee}(`;
  args.forEach((a, i) => {
    if (i > 0) label += ', ';
    parameters.push({ label: [label.length, label.length + a.name.length], documentation: a.doc });
    label += a.name;
  });
  label += ')';
  const named = call.argName === undefined ? -1 : args.findIndex((a) => a.name === call.argName);
  const documentation = dist
    ? `${dist.discrete ? 'Discrete' : 'Continuous'} distribution; support: ${dist.supportText}.\n\n\`${dist.density}\``
    : f!.doc;
  return { label, documentation, parameters, activeParameter: named >= 0 ? named : call.argIndex };
}
