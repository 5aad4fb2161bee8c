// The `mle` command line against cli.md: exit codes, stdout/stderr discipline and the exact `fit --json` shape.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { textHash } from '../../server/src/fit/text-hash.ts';
import { runCli, showRun, type Run } from './run-cli.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mle-cli-test-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function mle(...args: string[]): Promise<Run> {
  return runCli(args);
}

const show = showRun;

function json(r: Run): any {
  try {
    return JSON.parse(r.stdout);
  } catch (e) {
    assert.fail(`stdout is not JSON (${(e as Error).message})\n${show(r)}`);
  }
}

// Start every process at once; the tests await their own.
const outFile = join(tmp, 'infert.json');
const outOnlyFile = join(tmp, 'infert-out-only.json');
const runs = {
  fitJson: mle('fit', 'examples/infert.mle', '--json', '--out', outFile),
  fitTable: mle('fit', 'examples/infert.mle'),
  fitOutOnly: mle('fit', 'examples/cars-normal.mle', '--out', outOnlyFile),
  fitPriors: mle('fit', 'test/fixtures/models/good/mtcars-priors.mle', '--json'),
  fitSandwich: mle('fit', 'test/fixtures/models/good/longley-init.mle', '--json'),
  fitErrors: mle('fit', 'test/fixtures/models/bad/arity.mle'),
  fitErrorsJson: mle('fit', 'test/fixtures/models/bad/arity.mle', '--json'),
  checkBad: mle('check', 'test/fixtures/models/bad/unknown-name.mle'),
  checkBadJson: mle('check', 'test/fixtures/models/bad/unknown-name.mle', '--json'),
  checkAllCodes: mle('check', 'test/fixtures/models/bad/all-codes.mle'),
  checkGood: mle('check', 'test/fixtures/models/good/expressions.mle'),
  checkWarningOnly: mle('check', 'test/fixtures/models/bad/unused-parameter.mle', '--json'),
  missingModel: mle('fit', 'no/such/model.mle'),
  missingModelCheck: mle('check', 'no-such-model.mle', '--json'),
  unknownCommand: mle('frobnicate', 'examples/infert.mle'),
  unknownOption: mle('fit', 'examples/infert.mle', '--bogus'),
  noCommand: mle(),
  noModel: mle('fit'),
  outWithoutFile: mle('fit', 'examples/infert.mle', '--out'),
};

// ---------------------------------------------------------------------------------------------------------------
// The JSON shape of cli.md

const TOP = [
  'model',
  'data',
  'objective',
  'method',
  'converged',
  'iterations',
  'n',
  'k',
  'logLik',
  'logPosterior',
  'aic',
  'bic',
  'gradientNorm',
  'conditionNumber',
  'level',
  'parameters',
  'derived',
  'covariance',
  'correlation',
  'diagnostics',
];
const DATA = ['path', 'rows', 'rowsUsed', 'rowsDropped'];
const PARAM = ['name', 'estimate', 'se', 'z', 'p', 'ci', 'seRobust'];
const DERIVED = ['name', 'estimate', 'se', 'ci'];
const DIAG = ['severity', 'code', 'message', 'range'];
/** Fields added to the contract and documented as such in server/src/protocol.ts ("fields may be added"). */
const ADDED_TOP = [
  'elapsedMs',
  'restarts',
  'plots',
  'calibration',
  'optimality',
  'kIdentified',
  'kNote',
  'residuals',
  'source',
  'inference',
  'profiles',
];
const ADDED_PARAM = ['constraint', 'edge', 'base', 'index', 'fixed', 'notIdentified', 'clipped'];

/** Required keys all present; any other key must be a documented addition. */
function assertKeys(obj: unknown, required: string[], added: string[], where: string): void {
  assert.ok(obj && typeof obj === 'object' && !Array.isArray(obj), `${where} is an object: ${JSON.stringify(obj)}`);
  const keys = Object.keys(obj);
  for (const k of required) assert.ok(keys.includes(k), `${where} has "${k}"; keys: ${keys.join(', ')}`);
  const extra = keys.filter((k) => !required.includes(k) && !added.includes(k));
  assert.deepEqual(extra, [], `${where}: keys not in cli.md (nor documented additions)`);
}

/** Every number in the tree is finite (JSON has no NaN; the text must not contain it either). */
function assertFinite(x: unknown, path: string): void {
  if (typeof x === 'number') assert.ok(Number.isFinite(x), `${path} = ${x}`);
  else if (Array.isArray(x)) x.forEach((v, i) => assertFinite(v, `${path}[${i}]`));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) assertFinite(v, `${path}.${k}`);
}

const isNumOrNull = (x: unknown): boolean => x === null || (typeof x === 'number' && Number.isFinite(x));
const isInterval = (x: unknown): boolean => Array.isArray(x) && x.length === 2 && x.every(isNumOrNull);

function assertDiagnostic(d: any, where: string): void {
  assertKeys(d, DIAG, ['source'], where);
  assert.ok(['error', 'warning', 'info'].includes(d.severity), `${where}.severity ${d.severity}`);
  assert.equal(typeof d.code, 'string', `${where}.code`);
  assert.ok(typeof d.message === 'string' && d.message.length > 0, `${where}.message`);
  assertKeys(d.range, ['start', 'end'], [], `${where}.range`);
  for (const end of ['start', 'end']) {
    assertKeys(d.range[end], ['line', 'character'], [], `${where}.range.${end}`);
    assert.ok(Number.isInteger(d.range[end].line) && d.range[end].line >= 0, `${where}.range.${end}.line`);
    assert.ok(
      Number.isInteger(d.range[end].character) && d.range[end].character >= 0,
      `${where}.range.${end}.character`,
    );
  }
}

/** Checks a fit result against every rule of cli.md. */
function assertFitJson(r: Run, opts: { profile: boolean; robust: boolean; posterior: boolean }): any {
  assert.equal(r.code, 0, show(r));
  assert.doesNotMatch(r.stdout, /\bNaN\b|\bInfinity\b/, 'no NaN or Infinity in the JSON text');
  const j = json(r);
  assertKeys(j, TOP, ADDED_TOP, 'result');
  assertFinite(j, 'result');
  assert.equal(typeof j.model, 'string');
  assertKeys(j.data, DATA, [], 'data');
  assert.equal(typeof j.data.path, 'string');
  for (const k of ['rows', 'rowsUsed', 'rowsDropped'])
    assert.ok(Number.isInteger(j.data[k]) && j.data[k] >= 0, `data.${k}`);
  assert.equal(j.data.rowsUsed + j.data.rowsDropped, j.data.rows, 'rowsUsed + rowsDropped = rows');
  assert.equal(j.objective, opts.posterior ? 'posterior' : 'likelihood');
  assert.equal(typeof j.method, 'string');
  assert.equal(typeof j.converged, 'boolean');
  assertKeys(j.optimality, ['ok', 'condition', 'maxScaledScore'], [], 'optimality');
  assert.equal(j.optimality.ok, j.converged, 'converged is the verdict of the optimality check');
  assert.ok(typeof j.optimality.condition === 'string' && isNumOrNull(j.optimality.maxScaledScore), 'optimality');
  if (j.restarts) {
    assertKeys(j.restarts, ['runs', 'reachedBest', 'distinctOptima', 'auto'], [], 'restarts');
    const runs = j.restarts.distinctOptima.reduce((s: number, o: any) => s + o.runs, 0);
    assert.ok(runs <= j.restarts.runs, 'distinctOptima count runs that ended at a finite objective');
  }
  assert.ok(Number.isInteger(j.iterations) && j.iterations >= 0, 'iterations');
  assert.equal(j.n, j.data.rowsUsed, 'n = rows used');
  assert.equal(j.k, j.parameters.length, 'k = number of free parameters');
  assert.equal(typeof j.logLik, 'number');
  if (opts.posterior) assert.equal(typeof j.logPosterior, 'number', 'logPosterior set with priors');
  else assert.equal(j.logPosterior, null, 'logPosterior null without priors');
  assert.ok(
    Math.abs(j.aic - (2 * j.k - 2 * j.logLik)) <= 1e-9,
    `aic ${j.aic} = 2k - 2 logLik = ${2 * j.k - 2 * j.logLik}`,
  );
  assert.ok(
    Math.abs(j.bic - (j.k * Math.log(j.n) - 2 * j.logLik)) <= 1e-9,
    `bic ${j.bic} = k ln n - 2 logLik = ${j.k * Math.log(j.n) - 2 * j.logLik}`,
  );
  assert.ok(isNumOrNull(j.gradientNorm) && isNumOrNull(j.conditionNumber), 'gradientNorm, conditionNumber');
  assert.ok(j.level > 0 && j.level < 1, 'level in (0, 1)');

  assert.ok(Array.isArray(j.parameters) && j.parameters.length > 0, 'parameters');
  j.parameters.forEach((p: any, i: number) => {
    const where = `parameters[${i}] (${p.name})`;
    assertKeys(p, PARAM, ADDED_PARAM, where);
    assert.equal(typeof p.name, 'string');
    for (const k of ['estimate', 'se', 'z', 'p']) assert.ok(isNumOrNull(p[k]), `${where}.${k}`);
    assertKeys(p.ci, opts.profile ? ['wald', 'profile'] : ['wald'], [], `${where}.ci`);
    assert.ok(isInterval(p.ci.wald), `${where}.ci.wald`);
    if (opts.profile) assert.ok(isInterval(p.ci.profile), `${where}.ci.profile`);
    if (opts.robust) assert.equal(typeof p.seRobust, 'number', `${where}.seRobust with se = sandwich`);
    else assert.equal(p.seRobust, null, `${where}.seRobust only with se = sandwich`);
  });
  assert.ok(Array.isArray(j.derived), 'derived');
  j.derived.forEach((d: any, i: number) => {
    const where = `derived[${i}] (${d.name})`;
    assertKeys(d, DERIVED, [], where);
    assert.ok(isNumOrNull(d.estimate) && isNumOrNull(d.se), where);
    assertKeys(d.ci, opts.profile ? ['wald', 'profile'] : ['wald'], [], `${where}.ci`);
    assert.ok(isInterval(d.ci.wald), `${where}.ci.wald`);
  });
  for (const m of ['covariance', 'correlation']) {
    if (j[m] === null) continue;
    assert.equal(j[m].length, j.k, `${m} is k × k`);
    for (const row of j[m]) assert.ok(Array.isArray(row) && row.length === j.k && row.every(isNumOrNull), `${m} row`);
  }
  if (j.covariance) {
    for (let a = 0; a < j.k; a++)
      for (let b = 0; b < j.k; b++) {
        const x = j.covariance[a][b];
        const y = j.covariance[b][a];
        if (x !== null && y !== null)
          assert.ok(Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x)), `covariance symmetric at ${a},${b}`);
      }
  }
  if (j.correlation)
    for (let a = 0; a < j.k; a++)
      if (j.correlation[a][a] !== null)
        assert.ok(Math.abs(j.correlation[a][a] - 1) < 1e-9, 'correlation diagonal is 1');
  assert.ok(Array.isArray(j.diagnostics), 'diagnostics');
  j.diagnostics.forEach((d: any, i: number) => assertDiagnostic(d, `diagnostics[${i}]`));
  return j;
}

describe('mle fit --json', () => {
  test('examples/infert.mle: exit 0, exactly the fields of cli.md, no NaN, aic/bic identities', async () => {
    const r = await runs.fitJson;
    const j = assertFitJson(r, { profile: true, robust: false, posterior: false });
    assert.equal(j.model, 'examples/infert.mle');
    assert.equal(j.data.path, 'examples/infert.csv');
    assert.equal(j.data.rows, 248);
    assert.deepEqual(
      j.parameters.map((p: any) => p.name),
      ['a', 'b_spont', 'b_induced', 'b_age'],
      'parameters in declaration order',
    );
    assert.deepEqual(
      j.derived.map((d: any) => d.name),
      ['odds_ratio_spont'],
    );
    assert.equal(j.converged, true);
    assert.equal(j.level, 0.95);
    assert.equal(r.stderr.trim(), '', `nothing on stderr for a clean fit\n${show(r)}`);
  });

  test('examples/infert.mle: fit ci = profile gives profile intervals that contain the estimate', async () => {
    const j = json(await runs.fitJson);
    for (const p of [...j.parameters, ...j.derived]) {
      assert.ok(
        isInterval(p.ci.profile),
        `${p.name}: ci.profile present (fit ci = profile); ci = ${JSON.stringify(p.ci)}`,
      );
      const [lo, hi] = p.ci.profile;
      if (lo !== null) assert.ok(lo < p.estimate, `${p.name}: profile lower ${lo} < estimate ${p.estimate}`);
      if (hi !== null) assert.ok(hi > p.estimate, `${p.name}: profile upper ${hi} > estimate ${p.estimate}`);
    }
  });

  test('source: the hash of the model text and the stamp of the data file the fit used', async () => {
    const j = json(await runs.fitJson);
    const csv = resolve('examples/infert.csv');
    const st = statSync(csv);
    assertKeys(j.source, ['textHash', 'data'], [], 'source');
    assert.equal(j.source.textHash, textHash(readFileSync('examples/infert.mle', 'utf8')), 'source.textHash');
    assert.deepEqual(j.source.data, { path: csv, size: st.size, mtimeMs: st.mtimeMs }, 'source.data');
  });

  test('--out FILE writes the same JSON as stdout', async () => {
    const r = await runs.fitJson;
    assert.equal(r.code, 0, show(r));
    assert.ok(existsSync(outFile), `${outFile} written`);
    assert.deepEqual(JSON.parse(readFileSync(outFile, 'utf8')), json(r));
  });

  test('--out without --json writes the JSON and prints the table', async () => {
    const r = await runs.fitOutOnly;
    assert.equal(r.code, 0, show(r));
    assert.ok(existsSync(outOnlyFile), `${outOnlyFile} written`);
    const j = JSON.parse(readFileSync(outOnlyFile, 'utf8'));
    assertFitJson(
      { ...r, stdout: readFileSync(outOnlyFile, 'utf8') },
      { profile: true, robust: false, posterior: false },
    ); // cars-normal.mle asks for ci = profile
    for (const p of j.parameters) assert.ok(r.stdout.includes(p.name), `table names ${p.name}\n${show(r)}`);
  });

  test('priors: objective posterior and logPosterior set', async () => {
    assertFitJson(await runs.fitPriors, { profile: false, robust: false, posterior: true });
  });

  test('se = sandwich: seRobust set and se stays model-based', async () => {
    const j = assertFitJson(await runs.fitSandwich, { profile: false, robust: true, posterior: false });
    assert.ok(
      j.parameters.some((p: any) => p.se !== p.seRobust),
      'se and seRobust differ for at least one parameter',
    );
  });
});

describe('mle fit (table)', () => {
  test('prints a table naming each parameter and the derived quantity', async () => {
    const r = await runs.fitTable;
    assert.equal(r.code, 0, show(r));
    for (const name of ['a', 'b_spont', 'b_induced', 'b_age', 'odds_ratio_spont']) {
      assert.ok(
        r.stdout.split('\n').some((l) => l.trimStart().startsWith(name + ' ')),
        `a table row starts with ${name}\n${show(r)}`,
      );
    }
    assert.match(r.stdout, /logLik/);
    assert.doesNotMatch(r.stdout, /^\s*[{[]/, 'not JSON');
  });

  test('a model with errors: exit 1, the errors on stderr, nothing fitted', async () => {
    const r = await runs.fitErrors;
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /^test\/fixtures\/models\/bad\/arity\.mle:7:14: error\[arity\] /m, show(r));
    assert.doesNotMatch(r.stdout, /Estimate/, show(r));
  });

  test('a model with errors and --json: exit 1, stdout is only JSON', async () => {
    const r = await runs.fitErrorsJson;
    assert.equal(r.code, 1, show(r));
    const j = json(r);
    assert.ok(Array.isArray(j.diagnostics) && j.diagnostics.some((d: any) => d.code === 'arity'), show(r));
    j.diagnostics.forEach((d: any, i: number) => assertDiagnostic(d, `diagnostics[${i}]`));
  });
});

describe('mle check', () => {
  test('a bad model: exit 1 and file:line:col: error[code] lines on stderr (1-based)', async () => {
    const r = await runs.checkBad;
    assert.equal(r.code, 1, show(r));
    const lines = r.stderr.split('\n').filter((l) => /^\S+:\d+:\d+: (error|warning|info)\[[a-z-]+\] /.test(l));
    assert.deepEqual(
      lines.map((l) => l.replace(/\] .*/, ']')),
      ['test/fixtures/models/bad/unknown-name.mle:9:1: error[unknown-name]'],
      show(r),
    );
    assert.equal(r.stdout, '', 'human output goes to stderr');
  });

  test('all-codes.mle: one line per diagnostic, with all three severities', async () => {
    const r = await runs.checkAllCodes;
    assert.equal(r.code, 1, show(r));
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('test/fixtures/models/bad/all-codes.mle:'));
    for (const sev of ['error', 'warning', 'info'])
      assert.ok(
        lines.some((l) => new RegExp(`^[^:]+:\\d+:\\d+: ${sev}\\[`).test(l)),
        `${sev} line\n${show(r)}`,
      );
  });

  test('--json prints {diagnostics: [...]} with zero-based ranges', async () => {
    const r = await runs.checkBadJson;
    assert.equal(r.code, 1, show(r));
    const j = json(r);
    assert.deepEqual(Object.keys(j), ['diagnostics'], show(r));
    j.diagnostics.forEach((d: any, i: number) => assertDiagnostic(d, `diagnostics[${i}]`));
    const d = j.diagnostics.find((x: any) => x.code === 'unknown-name');
    assert.ok(d, show(r));
    assert.deepEqual(
      d.range,
      { start: { line: 8, character: 0 }, end: { line: 8, character: 4 } },
      'range of `Dist` on line 9 (zero-based 8)',
    );
  });

  test('a good model: exit 0', async () => {
    const r = await runs.checkGood;
    assert.equal(r.code, 0, show(r));
  });

  test('warnings only: exit 0', async () => {
    const r = await runs.checkWarningOnly;
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(
      json(r).diagnostics.map((d: any) => `${d.severity}[${d.code}]`),
      ['warning[unused-parameter]'],
    );
  });
});

describe('usage errors: exit 2, a short message, no stack trace', () => {
  const noStack = (r: Run): void => {
    assert.doesNotMatch(r.stderr, /^\s+at /m, `no stack frames\n${show(r)}`);
    assert.doesNotMatch(r.stderr, /internal error/i, show(r));
  };

  test('missing model file: one line naming the file', async () => {
    const r = await runs.missingModel;
    assert.equal(r.code, 2, show(r));
    noStack(r);
    assert.equal(r.stdout, '', show(r));
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `a one-line message\n${show(r)}`);
    assert.ok(lines[0].includes('no/such/model.mle'), `names the file\n${show(r)}`);
  });

  test('missing model file with check --json: exit 2, stdout has no non-JSON text', async () => {
    const r = await runs.missingModelCheck;
    assert.equal(r.code, 2, show(r));
    noStack(r);
    assert.ok(r.stdout.trim() === '' || json(r), show(r));
    assert.ok(r.stderr.includes('no-such-model.mle'), show(r));
  });

  const cases: [string, keyof typeof runs, RegExp][] = [
    ['unknown command', 'unknownCommand', /frobnicate/],
    ['unknown option', 'unknownOption', /--bogus/],
    ['no command', 'noCommand', /usage/i],
    ['fit without a model', 'noModel', /model/i],
    ['--out without a file name', 'outWithoutFile', /--out/],
  ];
  for (const [what, key, mentions] of cases) {
    test(what, async () => {
      const r = await runs[key];
      assert.equal(r.code, 2, show(r));
      noStack(r);
      assert.match(r.stderr, mentions, show(r));
      assert.equal(r.stdout, '', show(r));
    });
  }
});
