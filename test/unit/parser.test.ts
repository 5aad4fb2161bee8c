// Parser contract (language.md): every construct, precedence, node spans, error recovery and never throwing.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../server/src/language/parse.ts';
import { analyze } from '../../server/src/language/analyze.ts';
import type { Arg, DistCall, Expr, Span, Statement } from '../../server/src/language/ast.ts';
import { rng } from '../../server/src/engine/solvers/multistart.ts';

// ---------------------------------------------------------------------------------------------------------------
// Helpers

/** An expression as a compact S-expression: `(+ a (* b c))`, `(neg x)`, `(f a mu=b)`. */
function sexpr(e: Expr | undefined): string {
  if (!e) return '<missing>';
  switch (e.kind) {
    case 'number':
      return String(e.value);
    case 'name':
      return e.quoted ? `\`${e.name}\`` : e.name;
    case 'unary':
      return `(neg ${sexpr(e.operand)})`;
    case 'binary':
      return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'call':
      return `(${e.callee.name}${e.args.map((a) => ' ' + argText(a)).join('')})`;
    case 'index':
      return `([] ${e.base.name}${e.args.map((a) => ' ' + (a.kind === 'level' ? JSON.stringify(a.value) : sexpr(a))).join('')})`;
  }
}
const argText = (a: Arg): string => (a.name ? `${a.name.name}=${sexpr(a.value)}` : sexpr(a.value));
const distText = (d: DistCall | undefined): string =>
  d ? `${d.name.name}(${d.args.map(argText).join(', ')})` : '<missing>';

/** A statement as one line, enough to compare every field the parser fills in. */
function stmtText(s: Statement): string {
  switch (s.kind) {
    case 'data':
      return `data ${JSON.stringify(s.path)}`;
    case 'param': {
      const c = s.constraint;
      const cs = !c ? '' : c.kind === 'lower' ? ` >${c.lo}` : c.kind === 'upper' ? ` <${c.hi}` : ` in(${c.lo},${c.hi})`;
      return `param ${s.names.map((n) => (n.quoted ? `\`${n.name}\`` : n.name)).join(',')}${cs}${s.init ? ` init=${s.init.value}` : ''}`;
    }
    case 'let':
      return `let ${s.name.name} = ${sexpr(s.value)}`;
    case 'derive':
      return `derive ${s.name.name} = ${sexpr(s.value)}`;
    case 'likelihood':
      return `${sexpr(s.lhs)} ~ ${distText(s.dist)}`;
    case 'prior':
      return `prior ${s.name.name} ~ ${distText(s.dist)}`;
    case 'fit':
      return `fit ${s.options.map((o) => `${o.name.name}=${o.value === undefined ? '<missing>' : o.value.kind === 'word' ? o.value.word : `#${o.value.value}`}`).join(',')}`;
  }
}

function parseClean(text: string) {
  const r = parse(text);
  assert.deepEqual(
    r.diagnostics.map((d) => d.message),
    [],
    `unexpected diagnostics for ${JSON.stringify(text)}`,
  );
  return r;
}

/** The single expression of `let x = EXPR`. */
function exprOf(src: string): { text: string; e: Expr } {
  const text = `let x = ${src}`;
  const r = parseClean(text);
  const s = r.file.statements[0];
  assert.equal(s?.kind, 'let', `statement kind for ${JSON.stringify(text)}`);
  assert.ok(s.kind === 'let' && s.value, `value of ${JSON.stringify(text)}`);
  return { text, e: s.value };
}

const slice = (text: string, s: Span): string => text.slice(s.start, s.end);

// ---------------------------------------------------------------------------------------------------------------
// Statements: every construct of the grammar, as a table of source → expected statements.

describe('statements', () => {
  const cases: [string, string[]][] = [
    ['data "infert.csv"', ['data "infert.csv"']],
    ['data "dir/sub dir/a.tsv"', ['data "dir/sub dir/a.tsv"']],
    ['data "a\\"b\\".csv"', ['data "a\\"b\\".csv"']], // escaped quote → a"b".csv
    ['data "C:\\\\data\\\\x.csv"', ['data "C:\\\\data\\\\x.csv"']], // escaped backslash → C:\data\x.csv
    ['param a', ['param a']],
    ['param a, b_spont, b_induced', ['param a,b_spont,b_induced']],
    ['param sigma > 0', ['param sigma >0']],
    ['param b_wt < 0', ['param b_wt <0']],
    ['param p in (0, 1)', ['param p in(0,1)']],
    ['param r in (-1, 1)', ['param r in(-1,1)']],
    ['param r in (-1, +1)', ['param r in(-1,1)']],
    ['param t > -2.5', ['param t >-2.5']],
    ['param t < +3', ['param t <3']],
    ['param b4 init -600', ['param b4 init=-600']],
    ['param b init +2', ['param b init=2']],
    ['param b_year > 0 init 0.5', ['param b_year >0 init=0.5']],
    ['param u, v in (0, 10) init 1e-3', ['param u,v in(0,10) init=0.001']],
    ['let eta = a + b * x', ['let eta = (+ a (* b x))']],
    ['case ~ Bernoulli(logistic(eta))', ['case ~ Bernoulli((logistic eta))']],
    ['y ~ Normal(a + b * x, sigma)', ['y ~ Normal((+ a (* b x)), sigma)']],
    ['y ~ Normal(mu = a, sigma = s)', ['y ~ Normal(mu=a, sigma=s)']],
    ['y ~ Normal(a, sigma = s)', ['y ~ Normal(a, sigma=s)']],
    ['y ~ Exponential()', ['y ~ Exponential()']],
    ['y ~ Mixture(w, Normal(m1, s1), Normal(m2, s2))', ['y ~ Mixture(w, (Normal m1 s1), (Normal m2 s2))']],
    ['log(y) ~ Normal(m, s)', ['(log y) ~ Normal(m, s)']],
    ['prior a ~ Normal(0, 10)', ['prior a ~ Normal(0, 10)']],
    ['prior b_vs ~ Laplace(mu = 0, b = 2)', ['prior b_vs ~ Laplace(mu=0, b=2)']],
    ['derive odds = exp(b)', ['derive odds = (exp b)']],
    ['fit ci = profile', ['fit ci=profile']],
    ['fit method = newton, se = sandwich, ci = wald', ['fit method=newton,se=sandwich,ci=wald']],
    [
      'fit level = 0.9, restarts = 2, seed = 7, maxiter = 500, tol = 1e-8',
      ['fit level=#0.9,restarts=#2,seed=#7,maxiter=#500,tol=#1e-8'],
    ],
    ['fit seed = -3', ['fit seed=#-3']],
    // `;` terminators, several statements on one line, empty statements.
    ['param a; param b;', ['param a', 'param b']],
    ['param a, b; param s > 0; y ~ Normal(a + b, s);', ['param a,b', 'param s >0', 'y ~ Normal((+ a b), s)']],
    [';;; param a ;;', ['param a']],
    // Newlines carry no meaning: a statement may span lines.
    ['y ~\n  Normal(a +\n b,\n s)', ['y ~ Normal((+ a b), s)']],
    // Comments anywhere.
    ['# only a comment', []],
    ['param a # trailing comment\n# full line\nparam b', ['param a', 'param b']],
    ['y ~ Normal(a, # inside\n s)', ['y ~ Normal(a, s)']],
    // Backtick identifiers and dotted identifiers.
    [
      '`Petal Width` ~ Normal(mu = a + b * `Petal Length`, sigma = s)',
      ['`Petal Width` ~ Normal(mu=(+ a (* b `Petal Length`)), sigma=s)'],
    ],
    ['Sepal.Length ~ Normal(a + b * Petal.Width, s)', ['Sepal.Length ~ Normal((+ a (* b Petal.Width)), s)']],
    ['let x.y_2 = a.b.c', ['let x.y_2 = a.b.c']],
    // Keywords are reserved only as whole words: these are identifiers.
    [
      'let database = fitted + initial + lets + in_ + priors',
      ['let database = (+ (+ (+ (+ fitted initial) lets) in_) priors)'],
    ],
    ['param datum, initx', ['param datum,initx']],
  ];
  for (const [src, expected] of cases) {
    test(src.replace(/\n/g, '\\n'), () => {
      const r = parseClean(src);
      assert.deepEqual(r.file.statements.map(stmtText), expected, `parse(${JSON.stringify(src)})`);
    });
  }

  test('string escapes are decoded in the data path', () => {
    const cases: [string, string][] = [
      ['data "a\\"b\\".csv"', 'a"b".csv'],
      ['data "C:\\\\data\\\\x.csv"', 'C:\\data\\x.csv'],
      ['data "plain.csv"', 'plain.csv'],
      ['data ""', ''],
    ];
    for (const [src, path] of cases) {
      const s = parseClean(src).file.statements[0];
      assert.ok(s?.kind === 'data', `data statement in ${src}`);
      assert.equal(s.path, path, `path of ${src}`);
      assert.equal(slice(src, s.pathSpan), src.slice(5), `pathSpan of ${src} covers the quoted string`);
    }
  });

  test('backtick names are marked quoted and unquoted names are not', () => {
    const text = '`Sepal Length` ~ Normal(mu = Sepal.Width, sigma = s)';
    const s = parseClean(text).file.statements[0];
    assert.ok(s?.kind === 'likelihood' && s.lhs.kind === 'name', text);
    assert.equal(s.lhs.name, 'Sepal Length');
    assert.equal(s.lhs.quoted, true);
    assert.equal(slice(text, s.lhs.span), '`Sepal Length`', 'span includes the backticks');
    const mu = s.dist?.args[0].value;
    assert.ok(mu?.kind === 'name');
    assert.equal(mu.name, 'Sepal.Width');
    assert.ok(!mu.quoted);
  });

  test('comments are collected with their spans', () => {
    const text = '# head\nparam a # tail\n';
    const r = parseClean(text);
    assert.deepEqual(
      r.file.comments.map((c) => [c.text, slice(text, c.span)]),
      [
        ['# head', '# head'],
        ['# tail', '# tail'],
      ],
    );
  });

  test('the example model of language.md parses into its seven statements', () => {
    const text = [
      '# Logistic regression: does the number of prior abortions predict infertility?',
      'data "infert.csv"',
      '',
      'param a, b_spont, b_induced',
      'param b_age',
      '',
      'let eta = a + b_spont * spontaneous + b_induced * induced + b_age * age',
      'case ~ Bernoulli(logistic(eta))',
      '',
      'derive odds_ratio_spont = exp(b_spont)',
      'fit ci = profile',
      '',
    ].join('\n');
    const r = parseClean(text);
    assert.deepEqual(
      r.file.statements.map((s) => s.kind),
      ['data', 'param', 'param', 'let', 'likelihood', 'derive', 'fit'],
    );
    assert.deepEqual(r.file.span, { start: 0, end: text.length });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Numbers

describe('numbers', () => {
  const cases: [string, number][] = [
    ['3', 3],
    ['3.5', 3.5],
    ['.5', 0.5],
    ['1e-3', 0.001],
    ['2.5E+4', 25000],
    ['10', 10],
    ['0', 0],
    ['1e3', 1000],
    ['3.', 3],
    ['0.125', 0.125],
    ['1E2', 100],
    ['.5e1', 5],
  ];
  for (const [src, value] of cases) {
    test(src, () => {
      const { text, e } = exprOf(src);
      assert.equal(e.kind, 'number', `kind of ${src}`);
      assert.ok(e.kind === 'number');
      assert.equal(e.value, value, `value of ${src}`);
      assert.equal(slice(text, e.span), src, `span of ${src}`);
    });
  }
  test('signed numbers in constraints and init', () => {
    const cases: [string, string][] = [
      ['param x > -1e-3', 'param x >-0.001'],
      ['param x < .5', 'param x <0.5'],
      ['param x in (-2.5E+4, 2.5E+4)', 'param x in(-25000,25000)'],
      ['param x init -.5', 'param x init=-0.5'],
    ];
    for (const [src, expected] of cases) assert.equal(stmtText(parseClean(src).file.statements[0]), expected, src);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Precedence and associativity

describe('precedence', () => {
  const cases: [string, string][] = [
    ['a + b * c', '(+ a (* b c))'],
    ['a * b + c', '(+ (* a b) c)'],
    ['a - b - c', '(- (- a b) c)'],
    ['a / b / c', '(/ (/ a b) c)'],
    ['a - b + c', '(+ (- a b) c)'],
    ['a / b * c', '(* (/ a b) c)'],
    ['2^3^2', '(^ 2 (^ 3 2))'],
    ['a ^ b ^ c ^ d', '(^ a (^ b (^ c d)))'],
    ['-x^2', '(neg (^ x 2))'],
    ['-x * y', '(* (neg x) y)'],
    ['--x', '(neg (neg x))'],
    ['a - -b', '(- a (neg b))'],
    ['2^-1', '(^ 2 (neg 1))'],
    ['a * b ^ c', '(* a (^ b c))'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['a * (b + c)', '(* a (+ b c))'],
    ['(2^3)^2', '(^ (^ 2 3) 2)'],
    ['(-x)^2', '(^ (neg x) 2)'],
    ['((a))', 'a'],
    ['a - (b - c)', '(- a (- b c))'],
    ['exp(-x^2 / 2) / sqrt(2 * pi)', '(/ (exp (/ (neg (^ x 2)) 2)) (sqrt (* 2 pi)))'],
    ['pow(a, b + 1)', '(pow a (+ b 1))'],
    ['f()', '(f)'],
    ['a + b * c ^ d - e / f', '(- (+ a (* b (^ c d))) (/ e f))'],
  ];
  for (const [src, expected] of cases) {
    test(src, () => assert.equal(sexpr(exprOf(src).e), expected, `parse of ${src}`));
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Spans: every node covers exactly its text.

/** Checks one expression tree's spans against the text; returns the slices in walk order (parents first). */
function checkExprSpans(text: string, e: Expr, where: string): string[] {
  const out: string[] = [];
  const visit = (x: Expr): void => {
    const s = slice(text, x.span);
    out.push(s);
    assert.ok(x.span.start <= x.span.end, `${where}: span ${JSON.stringify(x.span)} is ordered`);
    switch (x.kind) {
      case 'number':
        assert.equal(Number(s), x.value, `${where}: number span ${JSON.stringify(s)}`);
        break;
      case 'name':
        assert.equal(s, x.quoted ? `\`${x.name}\`` : x.name, `${where}: name span`);
        break;
      case 'unary':
        assert.ok(/^\(*-/.test(s), `${where}: unary span ${JSON.stringify(s)} starts with -`);
        visit(x.operand);
        break;
      case 'binary': {
        // The node covers its operands, and anything outside them is only parentheses.
        assert.ok(
          x.span.start <= x.left.span.start && x.right.span.end <= x.span.end,
          `${where}: ${JSON.stringify(s)} covers its operands`,
        );
        assert.match(
          text.slice(x.span.start, x.left.span.start),
          /^[(\s]*$/,
          `${where}: only "(" before the left operand of ${JSON.stringify(s)}`,
        );
        assert.match(
          text.slice(x.right.span.end, x.span.end),
          /^[)\s]*$/,
          `${where}: only ")" after the right operand of ${JSON.stringify(s)}`,
        );
        assert.ok(
          text.slice(x.left.span.end, x.right.span.start).includes(x.op),
          `${where}: operator ${x.op} lies between the operands of ${JSON.stringify(s)}`,
        );
        visit(x.left);
        visit(x.right);
        break;
      }
      case 'call':
        assert.equal(slice(text, x.callee.span), x.callee.name, `${where}: callee span`);
        assert.ok(
          s.replace(/^\(+/, '').startsWith(x.callee.name) && s.endsWith(')'),
          `${where}: call span ${JSON.stringify(s)}`,
        );
        assert.ok(
          slice(text, x.argsSpan).startsWith('(') && slice(text, x.argsSpan).endsWith(')'),
          `${where}: argsSpan`,
        );
        for (const a of x.args) checkArg(text, a, where);
        break;
    }
  };
  const checkArg = (text: string, a: Arg, where: string): void => {
    assert.ok(
      a.span.start <= a.value.span.start && a.value.span.end <= a.span.end,
      `${where}: arg span covers its value`,
    );
    if (a.name) {
      assert.equal(slice(text, a.name.span), a.name.name, `${where}: arg name span`);
      assert.ok(slice(text, a.span).startsWith(a.name.name), `${where}: named arg span starts with its name`);
    }
    visit(a.value);
  };
  visit(e);
  return out;
}

function checkDist(text: string, d: DistCall, where: string): void {
  assert.equal(slice(text, d.name.span), d.name.name, `${where}: distribution name span`);
  assert.ok(
    slice(text, d.span).startsWith(d.name.name) && slice(text, d.span).endsWith(')'),
    `${where}: distribution span ${JSON.stringify(slice(text, d.span))}`,
  );
  assert.ok(
    slice(text, d.argsSpan).startsWith('(') && slice(text, d.argsSpan).endsWith(')'),
    `${where}: distribution argsSpan`,
  );
  for (const a of d.args) {
    if (a.name) assert.equal(slice(text, a.name.span), a.name.name, `${where}: arg name span`);
    checkExprSpans(text, a.value, where);
  }
}

/** Checks every node of every statement; each statement's span must be exactly `expectedStatements[i]`. */
function checkAllSpans(text: string, expectedStatements: string[]): void {
  const r = parseClean(text);
  assert.deepEqual(
    r.file.statements.map((s) => slice(text, s.span)),
    expectedStatements,
    `statement spans of ${JSON.stringify(text)}`,
  );
  r.file.statements.forEach((s, i) => {
    const where = `statement ${i} of ${JSON.stringify(text)}`;
    switch (s.kind) {
      case 'data':
        assert.equal(slice(text, s.pathSpan), JSON.stringify(s.path), where);
        break;
      case 'param':
        for (const n of s.names) assert.equal(slice(text, n.span), n.name, `${where}: param name`);
        if (s.constraint) assert.match(slice(text, s.constraint.span), /^(>|<|in\b)/, `${where}: constraint span`);
        if (s.init) assert.match(slice(text, s.init.span), /^init\s+[-+]?[\d.]/, `${where}: init span`);
        break;
      case 'let':
      case 'derive':
        assert.equal(slice(text, s.name.span), s.name.name, `${where}: declared name`);
        assert.ok(s.value, where);
        checkExprSpans(text, s.value, where);
        break;
      case 'likelihood':
        checkExprSpans(text, s.lhs, where);
        assert.ok(s.dist, where);
        checkDist(text, s.dist, where);
        break;
      case 'prior':
        assert.equal(slice(text, s.name.span), s.name.name, `${where}: prior name`);
        assert.ok(s.dist, where);
        checkDist(text, s.dist, where);
        break;
      case 'fit':
        for (const o of s.options) {
          assert.equal(slice(text, o.name.span), o.name.name, `${where}: option name`);
          assert.ok(o.value, where);
          const v = slice(text, o.value.span);
          if (o.value.kind === 'word') assert.equal(v, o.value.word, `${where}: option word`);
          else
            assert.equal(Number(v.replace(/\s+/g, '')), o.value.value, `${where}: option number ${JSON.stringify(v)}`);
          assert.ok(
            slice(text, o.span).startsWith(o.name.name) && slice(text, o.span).endsWith(v),
            `${where}: option span`,
          );
        }
        break;
    }
  });
}

describe('spans', () => {
  test('expression nodes, parents before children', () => {
    const cases: [string, string[]][] = [
      ['a + b * c', ['a + b * c', 'a', 'b * c', 'b', 'c']],
      ['(a + b) * -c^2', ['(a + b) * -c^2', '(a + b)', 'a', 'b', '-c^2', 'c^2', 'c', '2']],
      ['exp(-x / 2)', ['exp(-x / 2)', '-x / 2', '-x', 'x', '2']],
      ['`Petal Length` * Sepal.Width', ['`Petal Length` * Sepal.Width', '`Petal Length`', 'Sepal.Width']],
      ['2.5E+4 - .5', ['2.5E+4 - .5', '2.5E+4', '.5']],
      ['pow( a , b )', ['pow( a , b )', 'a', 'b']],
      ['2^3^2', ['2^3^2', '2', '3^2', '3', '2']],
    ];
    for (const [src, expected] of cases) {
      const { text, e } = exprOf(src);
      assert.deepEqual(checkExprSpans(text, e, src), expected, `spans of ${src}`);
    }
  });

  test('statement spans cover the statement without terminators, comments or trailing space', () => {
    checkAllSpans('data "x.csv" ; param a, b > 0 init 1 # c\n  let e = a + b  \n', [
      'data "x.csv"',
      'param a, b > 0 init 1',
      'let e = a + b',
    ]);
  });

  test('every node of a model using every construct', () => {
    const lines = [
      'data "a\\"b.csv"',
      'param a, b_spont',
      'param sigma > 0',
      'param lo < -1',
      'param r in (-1, 1) init -0.5',
      'param b4 init -600',
      'let eta = a + b_spont * `Sepal Length` - -Sepal.Width ^ 2 ^ .5',
      'y ~ Normal(mu = eta / (1 + exp(a)), sigma = sigma)',
      'log(z) ~ Mixture(r, Normal(a, sigma), Normal(mu = b4, sigma = 1e-3))',
      'prior a ~ Laplace(0, 2.5E+4)',
      'derive odds = exp(b_spont) * (a - lo)',
      'fit method = newton, level = 0.9, seed = -3, tol = 1e-8',
    ];
    checkAllSpans(lines.join('\n'), lines);
    checkAllSpans(lines.join(';\r\n'), lines);
  });

  test('diagnostic spans lie inside the text and point at the offending token', () => {
    const cases: [string, string][] = [
      ['let x = a + * b', '*'],
      ['param a @', '@'],
      ['fit level = , seed = 1', ','],
    ];
    for (const [text, bad] of cases) {
      const r = parse(text);
      assert.equal(r.diagnostics.length, 1, `one diagnostic for ${text}: ${JSON.stringify(r.diagnostics)}`);
      assert.equal(slice(text, r.diagnostics[0].span), bad, `diagnostic span in ${text}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Error recovery

/** Offsets of the syntax diagnostics. */
const syntaxStarts = (text: string): number[] =>
  parse(text)
    .diagnostics.filter((d) => d.code === 'syntax')
    .map((d) => d.span.start);

/**
 * Where the diagnostic of an error on `lines[bad]` may start: anywhere on that line, or on the first token after
 * it (a missing `)` or operand is detected there).
 */
function errorWindow(lines: string[], bad: number): [number, number] {
  const start = lines.slice(0, bad).reduce((n, l) => n + l.length + 1, 0);
  const next = lines[bad + 1] ?? '';
  const firstTok = /^\s*\S+/.exec(next)?.[0].length ?? 0;
  return [start, start + lines[bad].length + 1 + firstTok];
}

const describeDiags = (text: string): string =>
  parse(text)
    .diagnostics.map((d) => `${JSON.stringify(text.slice(d.span.start, d.span.end))}@${d.span.start} ${d.message}`)
    .join(' | ');

describe('error recovery', () => {
  test('several errors on different lines: one diagnostic each, and the valid statements after them are kept', () => {
    const lines = [
      'data "x.csv"', // 0
      'param a, b', // 1
      'let e1 = a + * b', // 2  error
      'param sigma > 0', // 3
      'let e2 = (a + b', // 4  error: missing ")"
      'y ~ Normal(a, sigma)', // 5
      'derive d = a ^', // 6  error: missing exponent
      'fit method = newton', // 7
    ];
    const text = lines.join('\n');
    const r = parse(text);
    assert.ok(
      r.diagnostics.every((d) => d.code === 'syntax' && d.severity === 'error'),
      JSON.stringify(r.diagnostics),
    );
    const starts = syntaxStarts(text);
    assert.equal(starts.length, 3, `three syntax diagnostics; got ${describeDiags(text)}`);
    [2, 4, 6].forEach((bad, i) => {
      const [lo, hi] = errorWindow(lines, bad);
      assert.ok(
        starts[i] >= lo && starts[i] < hi,
        `diagnostic ${i} (at ${starts[i]}) belongs to line ${bad} [${lo}, ${hi}); got ${describeDiags(text)}`,
      );
    });
    const kept = r.file.statements.map((s) => text.slice(s.span.start, s.span.end));
    for (const line of [0, 1, 3, 5, 7])
      assert.ok(
        kept.includes(lines[line]),
        `statement ${JSON.stringify(lines[line])} kept; got ${JSON.stringify(kept)}`,
      );
    const fit = r.file.statements.find((s) => s.kind === 'fit');
    assert.ok(fit && stmtText(fit) === 'fit method=newton', 'the fit after the errors is intact');
    const lik = r.file.statements.find((s) => s.kind === 'likelihood');
    assert.ok(lik && stmtText(lik) === 'y ~ Normal(a, sigma)', 'the likelihood after the errors is intact');
  });

  // One bad line between valid ones: exactly one syntax diagnostic, for that line, and every valid statement
  // survives with exactly its text. The line after the bad one starts with a keyword, so the token stream says
  // unambiguously where the bad statement ends (newlines carry no meaning in the grammar).
  const before = ['data "x.csv"', 'param a, b'];
  const after = ['param c2', 'y ~ Normal(a, 1)', 'fit method = newton'];
  const badLines: [string, string][] = [
    ['operator without operand', 'let e = a + * b'],
    ['missing closing parenthesis', 'let e = (a + b'],
    ['missing exponent', 'derive d = a ^'],
    ['empty argument', 'z ~ Normal(a + , 1)'],
    ['missing comma in interval', 'param c in (0 1)'],
    ['let without a name', 'let = a + b'],
    ['derive without a name', 'derive = 3'],
    ['prior without a name', 'prior ~ Normal(0, 1)'],
    ['fit option without a value', 'fit maxiter = , level = 0.9'],
    ['likelihood without ~', 'z Normal(a, 1)'],
    ['stray closing parenthesis', 'z ~ Normal(a, 1))'],
    ['unexpected character', 'param c > 0 @'],
    ['missing comma between parameter names', 'param c d'],
    ['unquoted data path', 'data x.csv'],
    ['constraint without a parameter name', 'param > 0'],
    ['missing comma between arguments', 'z ~ Normal(a b, 1)'],
    ['missing distribution', 'z ~'],
    ['init without a number', 'param c init'],
  ];
  for (const [what, bad] of badLines) {
    test(`${what}: ${bad}`, () => {
      const lines = [...before, bad, ...after];
      const text = lines.join('\n');
      const r = parse(text);
      const starts = syntaxStarts(text);
      const [lo, hi] = errorWindow(lines, before.length);
      assert.equal(starts.length, 1, `one syntax diagnostic for\n${text}\ngot: ${describeDiags(text)}`);
      assert.ok(
        starts[0] >= lo && starts[0] < hi,
        `the diagnostic belongs to line ${before.length} of\n${text}\ngot: ${describeDiags(text)}`,
      );
      const kept = r.file.statements.map((s) => text.slice(s.span.start, s.span.end));
      for (const good of [...before, ...after])
        assert.ok(
          kept.includes(good),
          `statement ${JSON.stringify(good)} kept in\n${text}\ngot: ${JSON.stringify(kept)}`,
        );
    });
  }

  // The same, where the next line is a likelihood statement (it starts with a name, not a keyword).
  const beforeLikelihood: [string, string][] = [
    ['operator without operand', 'let e = a + * b'],
    ['missing closing parenthesis', 'let e = (a + b'],
    ['missing comma between parameter names', 'param c d'],
    ['unquoted data path', 'data x.csv'],
    ['constraint without a parameter name', 'param > 0'],
    ['likelihood without ~', 'z Normal(a, 1)'],
    ['unexpected character', 'param c > 0 @'],
  ];
  for (const [what, bad] of beforeLikelihood) {
    test(`${what}, then a likelihood: ${bad}`, () => {
      const lines = ['param a, b', bad, 'y ~ Normal(a + b, 1)', 'fit level = 0.9'];
      const text = lines.join('\n');
      const r = parse(text);
      const starts = syntaxStarts(text);
      const [lo, hi] = errorWindow(lines, 1);
      assert.equal(starts.length, 1, `one syntax diagnostic for\n${text}\ngot: ${describeDiags(text)}`);
      assert.ok(
        starts[0] >= lo && starts[0] < hi,
        `the diagnostic belongs to line 1 of\n${text}\ngot: ${describeDiags(text)}`,
      );
      const kept = r.file.statements.map((s) => text.slice(s.span.start, s.span.end));
      for (const good of [lines[0], lines[2], lines[3]])
        assert.ok(
          kept.includes(good),
          `statement ${JSON.stringify(good)} kept in\n${text}\ngot: ${JSON.stringify(kept)}`,
        );
      const lik = r.file.statements.filter((s) => s.kind === 'likelihood').map(stmtText);
      assert.ok(lik.includes('y ~ Normal((+ a b), 1)'), `the likelihood is intact: ${JSON.stringify(lik)}`);
    });
  }

  test('unterminated string: one diagnostic that says so, and the next line still parses', () => {
    const text = 'data "x.csv\nparam a\ny ~ Normal(a, 1)';
    const r = parse(text);
    const unterminated = r.diagnostics.filter((d) => /unterminated string/i.test(d.message));
    assert.equal(
      unterminated.length,
      1,
      `an "unterminated string" diagnostic for ${JSON.stringify(text)}: ${JSON.stringify(r.diagnostics)}`,
    );
    assert.equal(unterminated[0].code, 'syntax');
    assert.equal(unterminated[0].span.start, text.indexOf('"'), 'it starts at the opening quote');
    assert.deepEqual(
      r.diagnostics.map((d) => d.message),
      [unterminated[0].message],
      `no cascade of further diagnostics for ${JSON.stringify(text)}`,
    );
    assert.deepEqual(
      r.file.statements.filter((s) => s.kind !== 'data').map(stmtText),
      ['param a', 'y ~ Normal(a, 1)'],
      'later statements kept',
    );
  });

  test('unterminated backtick name is reported', () => {
    const text = 'y ~ Normal(`Petal Width, 1)\nparam a';
    const r = parse(text);
    assert.ok(
      r.diagnostics.some((d) => d.code === 'syntax' && /unterminated backtick/i.test(d.message)),
      JSON.stringify(r.diagnostics),
    );
  });

  test('unexpected characters are reported once each, naming the character', () => {
    // `[` is a token since v2 (indices), `!` only lexes as part of `!=`.
    for (const ch of ['@', '$', '!', '&', '{', '%', '?', '|', "'"]) {
      const text = `param a\ny ~ Normal(a, 1) ${ch}\nfit level = 0.9`;
      const r = parse(text);
      assert.equal(
        r.diagnostics.length,
        1,
        `one diagnostic for ${JSON.stringify(text)}: ${JSON.stringify(r.diagnostics)}`,
      );
      const d = r.diagnostics[0];
      assert.equal(d.code, 'syntax');
      assert.equal(d.severity, 'error');
      assert.ok(d.message.includes(ch), `message names ${ch}: ${d.message}`);
      assert.equal(text.slice(d.span.start, d.span.end), ch, 'span covers the character');
      assert.deepEqual(r.file.statements.map(stmtText), ['param a', 'y ~ Normal(a, 1)', 'fit level=#0.9']);
    }
  });

  test('an error at the end of the file is reported inside the text', () => {
    for (const text of ['param', 'y ~ Normal(a', 'let x =', 'fit', 'y ~', 'data']) {
      const r = parse(text);
      assert.ok(r.diagnostics.length >= 1, `a diagnostic for ${JSON.stringify(text)}`);
      for (const d of r.diagnostics)
        assert.ok(
          d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length,
          `span ${JSON.stringify(d.span)} in ${JSON.stringify(text)}`,
        );
    }
  });

  test('messages are for people: no Chevrotain token-type names', () => {
    for (const text of [
      'data x.csv',
      'param a in 0, 1',
      'let = 3',
      'fit method',
      'y ~ Normal(a,',
      'param a init',
      'param > 0',
      'param a in (0, )',
    ]) {
      for (const d of parse(text).diagnostics) {
        assert.doesNotMatch(
          d.message,
          /Kw_|LParen|RParen|NumberLit|StringLit|BacktickIdent|Stmt\b|\bEOF\b|-->|<--/,
          `message for ${JSON.stringify(text)}: ${d.message}`,
        );
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Robustness: random garbage never throws.

const ALPHABET = [
  'data',
  'param',
  'let',
  'prior',
  'derive',
  'fit',
  'in',
  'init',
  'a',
  'b',
  'x.y',
  '`q r`',
  '`open',
  'Normal',
  'Mixture',
  'exp',
  '"s.csv"',
  '"open',
  '"\\"',
  '0',
  '-1',
  '.5',
  '1e-3',
  '2.5E+4',
  '1e',
  '~',
  '=',
  ',',
  ';',
  '(',
  ')',
  '+',
  '-',
  '*',
  '/',
  '^',
  '>',
  '<',
  '#c\n',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '@',
  '$',
  '\\',
  '\u00e9',
  '\ud83d\ude00',
  '\ud800',
];

function garbage(next: () => number): string {
  const n = Math.floor(next() * 40);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)] + (next() < 0.5 ? ' ' : '');
  return s;
}

function checkSpansInside(text: string, spans: Span[], what: string): void {
  for (const s of spans)
    assert.ok(
      Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start <= s.end && s.end <= text.length,
      `${what} span ${JSON.stringify(s)} inside ${JSON.stringify(text)}`,
    );
}

function allSpans(st: Statement): Span[] {
  const out: Span[] = [st.span];
  const ex = (e: Expr | undefined): void => {
    if (!e) return;
    out.push(e.span);
    if (e.kind === 'unary') ex(e.operand);
    if (e.kind === 'binary') {
      ex(e.left);
      ex(e.right);
    }
    if (e.kind === 'call') {
      out.push(e.callee.span, e.argsSpan);
      e.args.forEach((a) => {
        out.push(a.span);
        ex(a.value);
      });
    }
  };
  const dist = (d: DistCall | undefined): void => {
    if (d) {
      out.push(d.span, d.name.span, d.argsSpan);
      d.args.forEach((a) => {
        out.push(a.span);
        ex(a.value);
      });
    }
  };
  switch (st.kind) {
    case 'data':
      out.push(st.pathSpan);
      break;
    case 'param':
      st.names.forEach((n) => out.push(n.span));
      if (st.constraint) out.push(st.constraint.span);
      if (st.init) out.push(st.init.span);
      break;
    case 'let':
    case 'derive':
      out.push(st.name.span);
      ex(st.value);
      break;
    case 'likelihood':
      ex(st.lhs);
      dist(st.dist);
      break;
    case 'prior':
      out.push(st.name.span);
      dist(st.dist);
      break;
    case 'fit':
      st.options.forEach((o) => {
        out.push(o.span, o.name.span);
        if (o.value) out.push(o.value.span);
      });
      break;
  }
  return out;
}

describe('robustness', () => {
  test('parse never throws on 500 random token strings (seed 20240601), and all spans stay inside the text', () => {
    const next = rng(20240601);
    for (let i = 0; i < 500; i++) {
      const text = garbage(next);
      let r;
      try {
        r = parse(text);
      } catch (e) {
        assert.fail(`parse threw on ${JSON.stringify(text)}: ${(e as Error).stack}`);
      }
      assert.ok(
        Array.isArray(r.file.statements) && Array.isArray(r.diagnostics),
        `result shape for ${JSON.stringify(text)}`,
      );
      checkSpansInside(
        text,
        r.diagnostics.map((d) => d.span),
        'diagnostic',
      );
      checkSpansInside(text, r.file.statements.flatMap(allSpans), 'AST');
      assert.ok(
        r.diagnostics.every((d) => d.code === 'syntax' && d.severity === 'error' && d.message.length > 0),
        `only syntax errors with messages for ${JSON.stringify(text)}`,
      );
    }
  });

  test('analyze (without data) never throws on 300 random token strings (seed 7)', () => {
    const next = rng(7);
    for (let i = 0; i < 300; i++) {
      const text = garbage(next);
      try {
        const an = analyze(text);
        checkSpansInside(
          text,
          an.diagnostics.map((d) => d.span),
          'diagnostic',
        );
      } catch (e) {
        assert.fail(`analyze threw on ${JSON.stringify(text)}: ${(e as Error).stack}`);
      }
    }
  });

  test('degenerate inputs', () => {
    for (const text of [
      '',
      ' ',
      '\n',
      '\r\n',
      ';',
      '#',
      '"',
      '`',
      '\\',
      '\u0000',
      '(((((((((((',
      ')'.repeat(50),
      '-'.repeat(2000) + 'x',
      '('.repeat(300) + 'x' + ')'.repeat(300),
    ]) {
      assert.doesNotThrow(() => parse(text), `parse(${JSON.stringify(text.slice(0, 40))})`);
    }
    assert.deepEqual(parse('').file.statements, []);
    assert.deepEqual(parse('').diagnostics, []);
  });

  test('the parser instance is reused safely: parsing A, then garbage, then A gives the same tree', () => {
    const a = 'param a, b\ny ~ Normal(a + b * x, 1)\nfit level = 0.9';
    const first = parse(a).file.statements.map(stmtText);
    parse('param ( ( ~ ~ fit = = "');
    assert.deepEqual(parse(a).file.statements.map(stmtText), first);
    assert.deepEqual(parse(a).diagnostics, []);
  });
});
