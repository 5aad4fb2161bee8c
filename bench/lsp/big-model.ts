// Times the stages of one analysis of a ~1.2 MB model (36,000 `let` statements): lex, parse, scope and checks.
// `node --import tsx bench/lsp/big-model.ts`: p50/p95 over repetitions, after warm-up.
import { parse } from '../../server/src/language/parse.ts';
import { analyze } from '../../server/src/language/analyze.ts';
import { mleLexer } from '../../server/src/language/tokens.ts';
import { ParseCache } from '../../server/src/language/parse-incremental.ts';

export function bigModel(lets = 36_000): string {
  const lines = ['data "d.csv"', 'param a, b', 'param s > 0', 'let v0 = a + b * x'];
  for (let i = 1; i < lets; i++) lines.push(`let v${i} = v${i - 1} * 0.5 + ${i % 97} * b + log(x + ${(i % 13) + 1})`);
  lines.push(`y ~ Normal(v${lets - 1}, s)`);
  return lines.join('\n') + '\n';
}

const pct = (xs: number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const time = (label: string, f: () => unknown, reps = 8): void => {
  f();
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    xs.push(performance.now() - t0);
  }
  console.log(`| ${label} | ${pct(xs, 0.5).toFixed(0)} | ${pct(xs, 0.95).toFixed(0)} |`);
};

if (process.argv[1]?.endsWith('big-model.ts')) {
  const text = bigModel();
  console.log(
    `model: ${(text.length / 1e6).toFixed(2)} MB, ${text.split('\n').length} lines\n| stage | p50 ms | p95 ms |\n|---|---|---|`,
  );
  time('lex', () => mleLexer.tokenize(text));
  time('parse (lex + CST + AST)', () => parse(text));
  time('analyze (parse + scope + checks, no data)', () => analyze(text));
  // An edit per repetition (one `let` line changes), analysed with the document's warm parse cache, as the server does.
  const cache = new ParseCache();
  analyze(text, undefined, cache);
  let k = 0;
  const edited = (): string => text.replace(`let v1000 = v999 * 0.5`, `let v1000 = v999 * 0.${++k % 9}`);
  time('after an edit: incremental analyze (warm cache)', () => analyze(edited(), undefined, cache));
}
