// Language checks (language.md § Diagnostics) on the fixture models and on small inline models with inline data.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, linkedDataPath } from '../../server/src/language/analyze.ts';
import { loadData, resolveDataPath } from '../../server/src/node/data-source.ts';
import { parseDataFile } from '../../server/src/data/table.ts';
import { Codes, type Diagnostic, type Severity } from '../../server/src/language/diagnostics.ts';
import type { DataLoad } from '../../server/src/language/analysis-types.ts';

const fixtures = fileURLToPath(new URL('../fixtures/models/', import.meta.url));
const badDir = join(fixtures, 'bad');
const goodDir = join(fixtures, 'good');

/** Severities of the codes of language.md's table (the contract). */
const SPEC_SEVERITY: Readonly<Record<string, Severity>> = {
  syntax: 'error',
  'unknown-name': 'error',
  'unknown-distribution': 'error',
  arity: 'error',
  'duplicate-name': 'error',
  'data-file': 'error',
  'non-numeric': 'error',
  'data-support': 'error',
  'missing-rows': 'info',
  'unused-parameter': 'warning',
  'not-identifiable': 'warning',
  collinearity: 'warning',
  'unconstrained-scale': 'warning',
  'too-few-rows': 'warning',
  separation: 'warning',
  'not-converged': 'warning',
  'singular-information': 'warning',
  boundary: 'warning',
  'non-regular': 'warning',
};

/** Analyses a model file with its linked data, loaded the way the CLI and the server load it. */
function analyseFile(path: string) {
  const text = readFileSync(path, 'utf8');
  const dataPath = linkedDataPath(text);
  const data = dataPath === undefined ? undefined : loadData(resolveDataPath(path, dataPath));
  return analyze(text, data);
}

/** Inline data as the edge would deliver it. */
function inlineData(csv: string, path = 'inline.csv'): DataLoad {
  const parsed = parseDataFile(path, csv);
  return parsed.ok ? { ok: true, path, table: parsed.table } : { ok: false, path, error: parsed.error };
}

const show = (ds: readonly Diagnostic[]): string =>
  ds.map((d) => `${d.severity}[${d.code}] ${d.message}`).join('\n  ') || '(none)';

/** The code a bad fixture is named after: the longest known code its file name starts with. */
function codeOfFile(file: string): string | undefined {
  const stem = basename(file, '.mle');
  return Object.keys(SPEC_SEVERITY)
    .filter((c) => stem === c || stem.startsWith(`${c}-`))
    .sort((a, b) => b.length - a.length)[0];
}

const badModels = readdirSync(badDir)
  .filter((f) => f.endsWith('.mle') && f !== 'all-codes.mle')
  .sort();
const goodModels = readdirSync(goodDir)
  .filter((f) => f.endsWith('.mle'))
  .sort();

describe('bad fixtures: each produces the code it is named after', () => {
  test('the fixture set is not empty and every file is named after a code of language.md', () => {
    assert.ok(badModels.length >= 10, `bad models: ${badModels.join(', ')}`);
    for (const f of badModels) assert.ok(codeOfFile(f), `${f} is named after no code of language.md`);
  });

  for (const file of badModels) {
    const code = codeOfFile(file) ?? '?';
    const severity = SPEC_SEVERITY[code];
    test(`${file}: ${severity}[${code}]`, () => {
      const an = analyseFile(join(badDir, file));
      const hits = an.diagnostics.filter((d) => d.code === code);
      assert.ok(hits.length >= 1, `${file} should produce ${code}; got:\n  ${show(an.diagnostics)}`);
      for (const d of hits)
        assert.equal(
          d.severity,
          severity,
          `${file}: severity of ${code} (language.md); got:\n  ${show(an.diagnostics)}`,
        );
      const otherErrors = an.diagnostics.filter((d) => d.severity === 'error' && d.code !== code);
      assert.deepEqual(otherErrors, [], `${file}: no other error; got:\n  ${show(an.diagnostics)}`);
    });
    test(`${file}: exactly one diagnostic (fixtures README)`, () => {
      const an = analyseFile(join(badDir, file));
      assert.equal(
        an.diagnostics.length,
        1,
        `${file} should produce exactly one diagnostic (${code}); got:\n  ${show(an.diagnostics)}`,
      );
    });
  }

  test('the README table names every bad model with its code and the severity of language.md', () => {
    const readme = readFileSync(join(fixtures, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\|\s*`([^`]+\.mle)`\s*\|\s*`([^`]+)`\s*\|\s*(\w+)\s*\|/gm)].map((m) => ({
      file: m[1],
      code: m[2],
      severity: m[3],
    }));
    for (const file of badModels) {
      const row = rows.find((r) => r.file === file);
      assert.ok(row, `${file} has a row in test/fixtures/models/README.md`);
      assert.equal(row.code, codeOfFile(file), `${file}: README code`);
      assert.equal(row.severity, SPEC_SEVERITY[row.code], `${file}: README severity of ${row.code}`);
    }
  });
});

describe('specific bad fixtures', () => {
  test('unknown-name.mle suggests the nearest column, in the message and in data.suggestion', () => {
    const d = analyseFile(join(badDir, 'unknown-name.mle')).diagnostics.find((x) => x.code === 'unknown-name');
    assert.ok(d, 'unknown-name reported');
    assert.match(d.message, /`Dist`/, 'message names the unknown name');
    assert.match(d.message, /did you mean `dist`\?/i, d.message);
    assert.equal(d.data?.suggestion, 'dist');
  });

  test('unknown-distribution.mle suggests Normal for Norml', () => {
    const d = analyseFile(join(badDir, 'unknown-distribution.mle')).diagnostics.find(
      (x) => x.code === 'unknown-distribution',
    );
    assert.ok(d, 'unknown-distribution reported');
    assert.match(d.message, /`Norml`/);
    assert.match(d.message, /did you mean `Normal`\?/i, d.message);
    assert.equal(d.data?.suggestion, 'Normal');
  });

  test('data-support messages give the count and the first bad row', () => {
    const cases: [string, number, number, string][] = [
      // file, count, first bad row (1-based data row), first bad value
      ['data-support.mle', 2, 3, '2.5'],
      ['data-support-bernoulli.mle', 1, 4, '2'],
    ];
    for (const [file, count, row, value] of cases) {
      const d = analyseFile(join(badDir, file)).diagnostics.find((x) => x.code === 'data-support');
      assert.ok(d, `${file}: data-support reported`);
      assert.match(d.message, new RegExp(`^${count} values?\\b`), `${file}: count ${count} in "${d.message}"`);
      assert.match(d.message, new RegExp(`\\brow ${row}\\b`), `${file}: row ${row} in "${d.message}"`);
      assert.ok(d.message.includes(value), `${file}: value ${value} in "${d.message}"`);
      assert.equal(d.data?.count, count, `${file}: data.count`);
      assert.equal(d.data?.row, row, `${file}: data.row`);
    }
  });

  test('missing-rows gives the number dropped and the number used', () => {
    const d = analyseFile(join(badDir, 'missing-rows.mle')).diagnostics.find((x) => x.code === 'missing-rows');
    assert.ok(d, 'missing-rows reported');
    assert.match(d.message, /\b4 of 10 rows\b/, d.message);
    assert.match(d.message, /\b6 rows are used\b/, d.message);
    assert.equal(d.data?.dropped, 4);
    assert.equal(d.data?.used, 6);
  });

  test('non-numeric names the column, the first bad row and its text', () => {
    const d = analyseFile(join(badDir, 'non-numeric.mle')).diagnostics.find((x) => x.code === 'non-numeric');
    assert.ok(d, 'non-numeric reported');
    assert.match(d.message, /`dist`/);
    assert.match(d.message, /\brow 4\b/);
    assert.ok(d.message.includes('22 ft'), d.message);
  });

  test('data-file names the missing file; no column names are reported as unknown', () => {
    const an = analyseFile(join(badDir, 'data-file.mle'));
    const d = an.diagnostics.find((x) => x.code === 'data-file');
    assert.ok(d, 'data-file reported');
    assert.ok(d.message.includes('no-such-file.csv'), d.message);
    assert.equal(an.text.slice(d.span.start, d.span.end), '"no-such-file.csv"', 'range covers the path');
    assert.deepEqual(
      an.diagnostics.filter((x) => x.code === 'unknown-name'),
      [],
    );
  });

  test('unconstrained-scale names the parameter and the fix', () => {
    const d = analyseFile(join(badDir, 'unconstrained-scale.mle')).diagnostics.find(
      (x) => x.code === 'unconstrained-scale',
    );
    assert.ok(d, 'unconstrained-scale reported');
    assert.match(d.message, /`sigma`/);
    assert.ok(d.message.includes('> 0'), d.message);
  });

  test('not-identifiable names the parameters involved', () => {
    const d = analyseFile(join(badDir, 'not-identifiable.mle')).diagnostics.find((x) => x.code === 'not-identifiable');
    assert.ok(d, 'not-identifiable reported');
    assert.match(d.message, /a1/);
    assert.match(d.message, /a2/);
  });

  test('syntax.mle reports the error on the derive line (line 11)', () => {
    const an = analyseFile(join(badDir, 'syntax.mle'));
    const d = an.diagnostics.find((x) => x.code === 'syntax');
    assert.ok(d, 'syntax reported');
    const line = an.text.slice(0, d.span.start).split('\n').length;
    assert.equal(line, 11, `line of ${d.message}`);
  });
});

describe('all-codes.mle', () => {
  const an = analyseFile(join(badDir, 'all-codes.mle'));
  const readme = readFileSync(join(fixtures, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('`all-codes.mle`'));
  const listed =
    section
      .slice(section.indexOf('of each of:'), section.indexOf('Not included'))
      .match(/`([a-z-]+)`/g)
      ?.map((s) => s.slice(1, -1)) ?? [];

  test('the README lists the codes all-codes.mle must produce', () => {
    assert.ok(listed.length >= 10, `codes parsed from the README: ${listed.join(', ')}`);
    for (const c of listed) assert.ok(c in SPEC_SEVERITY, `${c} is a code of language.md`);
  });

  for (const code of listed) {
    test(`produces ${code} (${SPEC_SEVERITY[code]})`, () => {
      const hits = an.diagnostics.filter((d) => d.code === code);
      assert.ok(hits.length >= 1, `all-codes.mle should produce ${code}; got:\n  ${show(an.diagnostics)}`);
      for (const d of hits) assert.equal(d.severity, SPEC_SEVERITY[code], `severity of ${code}`);
    });
  }

  test('Normall suggests Normal and sigmaa suggests sigma', () => {
    const dist = an.diagnostics.find((d) => d.code === 'unknown-distribution' && d.data?.name === 'Normall');
    assert.ok(dist, show(an.diagnostics));
    assert.match(dist.message, /did you mean `Normal`\?/i);
    assert.equal(dist.data?.suggestion, 'Normal');
    const name = an.diagnostics.find((d) => d.code === 'unknown-name' && d.data?.name === 'sigmaa');
    assert.ok(name, show(an.diagnostics));
    assert.match(name.message, /did you mean `sigma`\?/i);
    assert.equal(name.data?.suggestion, 'sigma');
  });

  test('diagnostics are sorted by position and lie inside the text', () => {
    for (let i = 1; i < an.diagnostics.length; i++)
      assert.ok(an.diagnostics[i - 1].span.start <= an.diagnostics[i].span.start, 'sorted');
    for (const d of an.diagnostics)
      assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= an.text.length, `${d.code} span`);
  });
});

describe('good fixtures: no error, no warning', () => {
  test('there are good models', () => assert.ok(goodModels.length >= 5, goodModels.join(', ')));
  for (const file of goodModels) {
    test(file, () => {
      const an = analyseFile(join(goodDir, file));
      assert.ok(an.data?.ok, `${file}: its data loads`);
      const bad = an.diagnostics.filter((d) => d.severity !== 'info');
      assert.deepEqual(bad, [], `${file}: expected no error or warning; got:\n  ${show(an.diagnostics)}`);
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Inline models with inline data: model, CSV, codes that must appear, codes that must not.

const CARS = 'speed,dist\n4,2\n4,10\n7,4\n7,22\n8,16\n9,10\n10,18\n10,26\n10,34\n11,17\n';
const HEAD = 'data "inline.csv"\nparam a, b\nparam sigma > 0\n';

interface Case {
  readonly name: string;
  readonly model: string;
  readonly csv?: string;
  /** The path the data was loaded from (default inline.csv). */
  readonly dataPath?: string;
  readonly expect: readonly string[];
  readonly absent?: readonly string[];
  /** Substrings the message of the first expected code must contain. */
  readonly message?: readonly string[];
  readonly suggestion?: string;
}

const cases: Case[] = [
  { name: 'a valid regression', model: `${HEAD}dist ~ Normal(a + b * speed, sigma)`, csv: CARS, expect: [] },
  {
    name: 'unknown column with a close match',
    model: `${HEAD}dist ~ Normal(a + b * sped, sigma)`,
    csv: CARS,
    expect: ['unknown-name'],
    message: ['`sped`', 'speed'],
    suggestion: 'speed',
  },
  {
    name: 'unknown parameter with a close match',
    model: `${HEAD}dist ~ Normal(a + b * speed + bb, sigma)`,
    csv: CARS,
    expect: ['unknown-name'],
    suggestion: 'b',
  },
  {
    name: 'unknown name with nothing close: no suggestion',
    model: `${HEAD}dist ~ Normal(a + b * zzzzzzzz, sigma)`,
    csv: CARS,
    expect: ['unknown-name'],
    message: ['zzzzzzzz'],
  },
  {
    name: 'unknown function suggests the nearest function',
    model: `${HEAD}dist ~ Normal(exq(a) + b * speed, sigma)`,
    csv: CARS,
    expect: ['unknown-name'],
    message: ['exq'],
    suggestion: 'exp',
  },
  {
    name: 'unknown distribution Normall',
    model: `${HEAD}dist ~ Normall(a + b * speed, sigma)`,
    csv: CARS,
    expect: ['unknown-distribution'],
    message: ['Normall', 'Normal'],
    suggestion: 'Normal',
  },
  {
    name: 'distribution names are case-sensitive',
    model: `${HEAD}dist ~ normal(a + b * speed, sigma)`,
    csv: CARS,
    expect: ['unknown-distribution'],
    suggestion: 'Normal',
  },
  {
    name: 'unknown distribution Poison',
    model: 'data "inline.csv"\nparam l > 0\ndist ~ Poison(l)',
    csv: CARS,
    expect: ['unknown-distribution'],
    suggestion: 'Poisson',
  },
  { name: 'too many arguments', model: `${HEAD}dist ~ Normal(a + b * speed, sigma, 3)`, csv: CARS, expect: ['arity'] },
  {
    name: 'too few arguments',
    model: 'data "inline.csv"\nparam a, b\ndist ~ Normal(a + b * speed)',
    csv: CARS,
    expect: ['arity'],
  },
  {
    name: 'wrong argument name',
    model: `${HEAD}dist ~ Normal(mu = a + b * speed, sd = sigma)`,
    csv: CARS,
    expect: ['arity'],
    message: ['sd'],
  },
  {
    name: 'named arguments in any order',
    model: `${HEAD}dist ~ Normal(sigma = sigma, mu = a + b * speed)`,
    csv: CARS,
    expect: [],
  },
  {
    name: 'parameter named like a column',
    model: `${HEAD}param speed\ndist ~ Normal(a + b * speed, sigma)`,
    csv: CARS,
    expect: ['duplicate-name'],
  },
  {
    name: 'let and derive share a name',
    model: `${HEAD}let m = a + b * speed\nderive m = a * b\ndist ~ Normal(m, sigma)`,
    csv: CARS,
    expect: ['duplicate-name'],
  },
  {
    name: 'parameter declared twice in one statement',
    model: `${HEAD}param c, c\ndist ~ Normal(a + b * speed + c * speed ^ 2, sigma)`,
    csv: CARS,
    expect: ['duplicate-name'],
  },
  {
    name: 'unused parameter',
    model: `${HEAD}param c\ndist ~ Normal(a + b * speed, sigma)`,
    csv: CARS,
    expect: ['unused-parameter'],
    message: ['`c`'],
  },
  {
    name: 'a parameter used only in a derive is unused by the objective',
    model: `${HEAD}param c\ndist ~ Normal(a + b * speed, sigma)\nderive d = c * 2`,
    csv: CARS,
    expect: ['unused-parameter'],
  },
  {
    name: 'a parameter used only in a prior is unused by the likelihood',
    model: `${HEAD}param c\ndist ~ Normal(a + b * speed, sigma)\nprior c ~ Normal(0, 1)`,
    csv: CARS,
    expect: [],
  },
  {
    name: 'scale without constraint',
    model: 'data "inline.csv"\nparam a, b, s\ndist ~ Normal(a + b * speed, s)',
    csv: CARS,
    expect: ['unconstrained-scale'],
    message: ['`s`', '> 0'],
  },
  {
    name: 'scale with an interval constraint is fine',
    model: 'data "inline.csv"\nparam a, b\nparam s in (0, 100)\ndist ~ Normal(a + b * speed, s)',
    csv: CARS,
    expect: [],
  },
  {
    name: 'a positive rate as exp(param) needs no constraint',
    model: 'data "inline.csv"\nparam l\ndist ~ Poisson(exp(l))',
    csv: CARS,
    expect: [],
    absent: ['unconstrained-scale'],
  },
  {
    name: 'Poisson on fractional and negative values',
    model: 'data "inline.csv"\nparam l > 0\ny ~ Poisson(l)',
    csv: 'y\n1\n2\n-1\n0.5\n3\n',
    expect: ['data-support'],
    message: ['2 values', 'row 3'],
  },
  {
    name: 'Bernoulli on 0/1 and TRUE/FALSE is fine',
    model: 'data "inline.csv"\nparam p in (0, 1)\ny ~ Bernoulli(p)',
    csv: 'y\n1\n0\nTRUE\nfalse\n',
    expect: [],
  },
  {
    name: 'Bernoulli on a 2',
    model: 'data "inline.csv"\nparam p in (0, 1)\ny ~ Bernoulli(p)',
    csv: 'y\n1\n0\n2\n',
    expect: ['data-support'],
    message: ['1 value', 'row 3'],
  },
  {
    name: 'Binomial above its size column',
    model: 'data "inline.csv"\nparam p in (0, 1)\ny ~ Binomial(n, p)',
    csv: 'y,n\n1,3\n4,3\n0,2\n',
    expect: ['data-support'],
    message: ['row 2'],
  },
  {
    name: 'Exponential on a negative value',
    model: 'data "inline.csv"\nparam r > 0\ny ~ Exponential(r)',
    csv: 'y\n1\n0\n-2\n',
    expect: ['data-support'],
    message: ['row 3'],
  },
  {
    name: 'Beta on 0',
    model: 'data "inline.csv"\nparam p, q > 0\ny ~ Beta(p, q)',
    csv: 'y\n0.5\n0\n0.2\n',
    expect: ['data-support'],
    message: ['row 2'],
  },
  {
    name: 'Gamma on 0',
    model: 'data "inline.csv"\nparam p, q > 0\ny ~ Gamma(p, q)',
    csv: 'y\n0.5\n2\n0\n',
    expect: ['data-support'],
    message: ['row 3'],
  },
  {
    name: 'support of a let of columns',
    model: 'data "inline.csv"\nparam l > 0\nlet z = y - 3\nz ~ Poisson(l)',
    csv: 'y\n3\n4\n2\n',
    expect: ['data-support'],
    message: ['row 3'],
  },
  {
    name: 'text column used in arithmetic',
    model: `${HEAD}dist ~ Normal(a + b * speed, sigma)`,
    csv: 'speed,dist\n4,2\n4,x10\n7,4\n',
    expect: ['non-numeric'],
    message: ['`dist`', 'row 2', 'x10'],
  },
  {
    name: 'text column not used is fine',
    model: `${HEAD}dist ~ Normal(a + b * speed, sigma)`,
    csv: 'speed,dist,name\n4,2,a\n4,10,b\n7,4,c\n8,5,d\n',
    expect: [],
  },
  {
    name: 'missing cells in used columns',
    model: `${HEAD}dist ~ Normal(a + b * speed, sigma)`,
    csv: 'speed,dist\n4,2\nNA,10\n7,\n8,5\n9,.\n10,3\n',
    expect: ['missing-rows'],
    message: ['3 of 6 rows', '3 rows are used'],
  },
  {
    name: 'fewer rows than parameters',
    model: `${HEAD}dist ~ Normal(a + b * speed, sigma)`,
    csv: 'speed,dist\n4,2\n5,3\n',
    expect: ['too-few-rows'],
    message: ['2 rows', '3 parameters'],
  },
  {
    name: 'header only',
    model: `${HEAD}dist ~ Normal(a + b * speed, sigma)`,
    csv: 'speed,dist\n',
    expect: ['too-few-rows'],
  },
  { name: 'empty data file', model: `${HEAD}dist ~ Normal(a + b * speed, sigma)`, csv: '', expect: ['data-file'] },
  { name: 'no data statement', model: 'param a\ny ~ Normal(a, 1)', expect: ['data-file'] },
  {
    name: 'two data statements',
    model: `${HEAD}data "other.csv"\ndist ~ Normal(a + b * speed, sigma)`,
    csv: CARS,
    expect: ['data-file'],
  },
  {
    name: 'data file that is neither csv nor tsv',
    model: 'data "inline.xlsx"\nparam a, b\nparam sigma > 0\ndist ~ Normal(a + b * speed, sigma)',
    csv: CARS,
    dataPath: 'inline.xlsx',
    expect: ['data-file'],
    message: ['inline.xlsx'],
  },
  {
    name: 'Uniform is non-regular',
    model: 'data "inline.csv"\nparam lo, hi\ndist ~ Uniform(lo, hi)',
    csv: CARS,
    expect: ['non-regular'],
  },
  {
    name: 'only a sum of two parameters enters',
    model: `${HEAD}param c\ndist ~ Normal(a + c + b * speed, sigma)`,
    csv: CARS,
    expect: ['not-identifiable'],
    message: ['a', 'c'],
  },
  {
    name: 'a product of two parameters only enters',
    model: `${HEAD}param c\ndist ~ Normal(a + b * c * speed, sigma)`,
    csv: CARS,
    expect: ['not-identifiable'],
    message: ['b', 'c'],
  },
  {
    name: 'collinear columns',
    model: `${HEAD}param c\ndist ~ Normal(a + b * speed + c * speed2, sigma)`,
    csv: 'speed,speed2,dist\n4,8,2\n4,8,10\n7,14,4\n7,14,22\n8,16,16\n9,18,10\n',
    expect: ['not-identifiable'],
    message: ['speed2'],
  },
  {
    name: 'a column nearly (not exactly) a multiple of another: collinearity, naming it and how close',
    model: `${HEAD}param c\ndist ~ Normal(a + b * speed + c * speed_kmh, sigma)`,
    // speed_kmh = 1.609344·speed written to 4 decimals: 1 − R² ≈ 4e-11, not an exact dependency.
    csv: 'speed,speed_kmh,dist\n4,6.4374,2\n4,6.4374,10\n7,11.2654,4\n7,11.2654,22\n8,12.8748,16\n9,14.4841,10\n',
    expect: ['collinearity'],
    message: ['`speed_kmh` is nearly a linear function of `speed`', 'R² = 1 − ', 'scaled condition number'],
  },
  {
    name: 'backtick column with spaces',
    model: 'data "inline.csv"\nparam a, b\nparam s > 0\n`y value` ~ Normal(a + b * `x value`, s)',
    csv: '"x value","y value"\n1,2\n2,4\n3,5\n4,9\n',
    expect: [],
  },
  {
    name: 'dotted column names',
    model: 'data "inline.csv"\nparam a, b\nparam s > 0\nSepal.Length ~ Normal(a + b * Petal.Width, s)',
    csv: 'Sepal.Length,Petal.Width\n5.1,0.2\n4.9,0.2\n7,1.4\n6.3,2.5\n',
    expect: [],
  },
];

describe('inline models', () => {
  for (const c of cases) {
    test(c.name, () => {
      const data = c.csv === undefined ? undefined : inlineData(c.csv, c.dataPath);
      const an = analyze(c.model, data);
      const codes = an.diagnostics.map((d) => d.code);
      const ctx = `model:\n${c.model}\ndata:\n${c.csv ?? '(none)'}\ngot:\n  ${show(an.diagnostics)}`;
      for (const code of c.expect) {
        assert.ok(codes.includes(code as never), `expected ${code}\n${ctx}`);
        const d = an.diagnostics.find((x) => x.code === code)!;
        assert.equal(d.severity, SPEC_SEVERITY[code], `severity of ${code}\n${ctx}`);
      }
      const unexpected = an.diagnostics.filter((d) => d.severity !== 'info' && !c.expect.includes(d.code));
      assert.deepEqual(
        unexpected.map((d) => d.code),
        [],
        `no other error or warning\n${ctx}`,
      );
      for (const code of c.absent ?? []) assert.ok(!codes.includes(code as never), `${code} must not appear\n${ctx}`);
      if (c.expect.length) {
        const d = an.diagnostics.find((x) => x.code === c.expect[0])!;
        for (const s of c.message ?? [])
          assert.ok(d.message.includes(s), `message contains ${JSON.stringify(s)}: ${d.message}`);
        if (c.suggestion !== undefined) {
          assert.equal(d.data?.suggestion, c.suggestion, `data.suggestion\n${ctx}`);
          assert.ok(
            d.message.includes(`\`${c.suggestion}\``),
            `the message names the suggestion ${c.suggestion}: ${d.message}`,
          );
        }
      }
      for (const d of an.diagnostics)
        assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= c.model.length, `span of ${d.code}`);
    });
  }
  test('the inline table exercises every static code of language.md', () => {
    const covered = new Set(cases.flatMap((c) => c.expect));
    const fitTime = ['separation', 'not-converged', 'singular-information', 'boundary', 'syntax'];
    for (const code of Object.keys(SPEC_SEVERITY))
      if (!fitTime.includes(code)) assert.ok(covered.has(code), `no inline case for ${code}`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Names and data

describe('names depend on whether data is loaded', () => {
  const model = 'data "cars10.csv"\nparam a, b\nparam sigma > 0\nDist ~ Normal(a + b * speed, sigma)';
  test('without data, undeclared names might be columns: not reported', () => {
    const an = analyze(model);
    assert.deepEqual(
      an.diagnostics.filter((d) => d.code === 'unknown-name'),
      [],
      show(an.diagnostics),
    );
    assert.deepEqual(
      an.diagnostics.filter((d) => d.severity === 'error'),
      [],
      show(an.diagnostics),
    );
  });
  test('with the data loaded, they are', () => {
    const an = analyze(model, inlineData(CARS));
    const names = an.diagnostics.filter((d) => d.code === 'unknown-name').map((d) => d.data?.name);
    assert.deepEqual(names, ['Dist'], show(an.diagnostics));
  });
  test('a data file that failed to load does not make columns unknown', () => {
    const an = analyze(model, { ok: false, path: 'cars10.csv', error: 'file not found' });
    assert.deepEqual(
      an.diagnostics.filter((d) => d.code === 'unknown-name'),
      [],
      show(an.diagnostics),
    );
    assert.ok(
      an.diagnostics.some((d) => d.code === 'data-file'),
      show(an.diagnostics),
    );
  });
  test('unknown functions and distributions are reported even without data', () => {
    const an = analyze('data "x.csv"\nparam a\ny ~ Normall(exq(a), 1)');
    assert.deepEqual(an.diagnostics.map((d) => d.code).sort(), ['unknown-distribution', 'unknown-name']);
  });
});

describe('a syntax error is reported once, not echoed by semantic errors on the fragments recovery leaves', () => {
  // Each model is valid except for one syntax error; with its data loaded, the only error must be that syntax error.
  const models: [string, string][] = [
    [
      'operator without operand',
      'data "inline.csv"\nparam a, b\nparam sigma > 0\nlet e = a + * b\ndist ~ Normal(a + b * speed, sigma)',
    ],
    [
      'missing comma between parameter names',
      'data "inline.csv"\nparam a b\nparam sigma > 0\ndist ~ Normal(a + b * speed, sigma)',
    ],
    ['unquoted data path', 'data inline.csv\nparam a, b\nparam sigma > 0\ndist ~ Normal(a + b * speed, sigma)'],
    [
      'missing comma between arguments',
      'data "inline.csv"\nparam a, b\nparam sigma > 0\ndist ~ Normal(a + b * speed sigma)',
    ],
    [
      'missing closing parenthesis',
      'data "inline.csv"\nparam a, b\nparam sigma > 0\ndist ~ Normal(a + b * speed, sigma\nderive d = a + b',
    ],
    [
      'constraint without a name',
      'data "inline.csv"\nparam a, b\nparam > 0\nparam sigma > 0\ndist ~ Normal(a + b * speed, sigma)',
    ],
    [
      'missing distribution',
      'data "inline.csv"\nparam a, b\nparam sigma > 0\ndist ~ Normal(a + b * speed, sigma)\nspeed ~\nfit level = 0.9',
    ],
  ];
  for (const [what, model] of models) {
    test(what, () => {
      const an = analyze(model, inlineData(CARS));
      const errors = an.diagnostics.filter((d) => d.severity === 'error');
      const ctx = `model:\n${model}\ngot:\n  ${errors.map((d) => `${d.code} at ${JSON.stringify(model.slice(d.span.start, d.span.end))}: ${d.message}`).join('\n  ')}`;
      assert.deepEqual(
        errors.map((d) => d.code),
        ['syntax'],
        `exactly one error, the syntax error\n${ctx}`,
      );
    });
  }
});

describe('let order', () => {
  const cases: [string, string, boolean][] = [
    [
      'a let used by a later let before its definition',
      'data "x.csv"\nparam a, b\nparam s > 0\nlet m2 = m * 2\nlet m = a + b * speed\ndist ~ Normal(m2, s)',
      true,
    ],
    [
      'a let used in a likelihood above it',
      'data "x.csv"\nparam a, b\nparam s > 0\ndist ~ Normal(m, s)\nlet m = a + b * speed',
      true,
    ],
    [
      'a let used in its own definition',
      'data "x.csv"\nparam a\nparam s > 0\nlet m = m + a\ndist ~ Normal(m, s)',
      true,
    ],
    [
      'lets in order',
      'data "x.csv"\nparam a, b\nparam s > 0\nlet m = a + b * speed\nlet m2 = m * 2\ndist ~ Normal(m2, s)',
      false,
    ],
  ];
  for (const [what, model, reported] of cases) {
    for (const withData of [false, true]) {
      test(`${what} (${withData ? 'with' : 'without'} data)`, () => {
        const an = analyze(model, withData ? inlineData(CARS) : undefined);
        const errs = an.diagnostics.filter(
          (d) => d.severity === 'error' && (d.code === 'unknown-name' || d.code === Codes.letOrder),
        );
        if (!reported) {
          assert.deepEqual(errs, [], `${model}\ngot:\n  ${show(an.diagnostics)}`);
          return;
        }
        assert.equal(errs.length, 1, `one let-order error for\n${model}\ngot:\n  ${show(an.diagnostics)}`);
        assert.match(errs[0].message, /before/i, errs[0].message);
        assert.equal(model.slice(errs[0].span.start, errs[0].span.end), 'm', 'range covers the early use of m');
      });
    }
  }
});
