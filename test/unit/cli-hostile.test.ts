// The CLI under hostile conditions: closed pipes, unwritable outputs, refused data paths, and JSON for every failure.
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, showRun, type Run } from './run-cli.ts';
import { CliError, failureReport } from '../../server/src/cli/args.ts';
import { htmlReport } from '../../server/src/cli/html-report.ts';
import { resolveDataAccess, type DataPolicy } from '../../server/src/node/data-access.ts';
import type { FitJson } from '../../server/src/protocol.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mle-hostile-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function mle(args: string[], closeStdout = false): Promise<Run> {
  return runCli(args, closeStdout);
}

const show = showRun;

function json(r: Run): Record<string, unknown> {
  try {
    return JSON.parse(r.stdout) as Record<string, unknown>;
  } catch (e) {
    assert.fail(`stdout is not JSON (${(e as Error).message})\n${show(r)}`);
  }
}

// A model folder with a secret beside it, a CSV outside it, and a link from inside to outside.
const models = join(tmp, 'models');
mkdirSync(models);
writeFileSync(join(tmp, 'outside.csv'), 'y\n1\n2\n4\n');
writeFileSync(join(models, 'secret.txt'), 'SECRETCOLUMN,x\n1,2\n');
symlinkSync(join(tmp, 'outside.csv'), join(models, 'link.csv'));
const model = (name: string, dataLine: string, y = 'y'): string => {
  const p = join(models, name);
  writeFileSync(p, `${dataLine}\nparam m\nparam s > 0\n${y} ~ Normal(m, s)\n`);
  return p;
};
const secretModel = model('secret.mle', 'data "secret.txt"', 'SECRETCOLUM');
const absSecretModel = model('abs-secret.mle', `data "${join(models, 'secret.txt')}"`, 'SECRETCOLUM');
const outsideModel = model('outside.mle', 'data "../outside.csv"');
const linkModel = model('link.mle', 'data "link.csv"');

const runs = {
  epipe: mle(['fit', 'examples/infert.mle', '--json'], true),
  epipeTable: mle(['fit', 'examples/infert.mle'], true),
  htmlMissing: mle(['fit', 'examples/cars-normal.mle', '--html', join(tmp, 'no/such/folder/r.html')]),
  htmlMissingJson: mle(['fit', 'examples/cars-normal.mle', '--json', '--html', join(tmp, 'no/such/r.html')]),
  outIsFolder: mle(['fit', 'examples/cars-normal.mle', '--out', tmp]),
  usageJson: mle(['fit', 'examples/infert.mle', '--json', '--bogus']),
  noCommandJson: mle(['--json']),
  missingModelJson: mle(['fit', 'no/such.mle', '--json']),
  folderModelJson: mle(['check', 'examples', '--json']),
  missingDataJson: mle(['fit', model('missing-data.mle', 'data "nope.csv"'), '--json']),
  secret: mle(['check', secretModel]),
  absSecret: mle(['fit', absSecretModel, '--json']),
  outside: mle(['check', outsideModel]),
  outsideAllowed: mle(['fit', outsideModel, '--allow-data-outside', '--json']),
  link: mle(['check', linkModel]),
};

describe('a closed stdout (mle fit … | head) exits quietly', () => {
  for (const key of ['epipe', 'epipeTable'] as const)
    test(key, async () => {
      const r = await runs[key];
      assert.doesNotMatch(r.stderr, /EPIPE|^\s+at /m, show(r));
      assert.doesNotMatch(r.stderr, /internal error/, show(r));
      assert.equal(r.code, 0, show(r));
    });
});

describe('an unwritable --html/--out is an error after the fit is printed', () => {
  test('--html into a missing folder: the table is printed, then exit 2 naming the folder', async () => {
    const r = await runs.htmlMissing;
    assert.equal(r.code, 2, show(r));
    assert.match(r.stdout, /Maximum likelihood/, `the fit is not lost\n${show(r)}`);
    assert.match(r.stderr, /cannot write --html .*the folder .*no[/\\]such[/\\]folder does not exist/, show(r));
    assert.doesNotMatch(r.stderr, /internal error|ENOENT/, show(r));
  });
  test('with --json: one JSON document, the fit plus `error`', async () => {
    const r = await runs.htmlMissingJson;
    assert.equal(r.code, 2, show(r));
    const j = json(r);
    assert.ok(Array.isArray(j.parameters), show(r));
    assert.match(String(j.error), /cannot write --html/);
  });
  test('--out naming a folder', async () => {
    const r = await runs.outIsFolder;
    assert.equal(r.code, 2, show(r));
    assert.match(r.stdout, /Maximum likelihood/, show(r));
    assert.match(r.stderr, /cannot write --out .*it is a folder/, show(r));
  });
});

describe('every failure under --json is JSON on stdout', () => {
  const cases: [keyof typeof runs, number, string, RegExp][] = [
    ['usageJson', 2, 'usage', /unknown option --bogus/],
    ['noCommandJson', 2, 'usage', /unknown command --json|no command/],
    ['missingModelJson', 2, 'input', /no such file/],
    ['folderModelJson', 2, 'input', /it is a folder/],
  ];
  for (const [key, code, kind, message] of cases)
    test(key, async () => {
      const r = await runs[key];
      assert.equal(r.code, code, show(r));
      const j = json(r);
      assert.equal(j.kind, kind, show(r));
      assert.match(String(j.error), message, show(r));
    });
  test('unreadable data: the model-error document with the data-file diagnostic', async () => {
    const r = await runs.missingDataJson;
    assert.equal(r.code, 1, show(r));
    const j = json(r) as { diagnostics: { code: string; message: string }[] };
    assert.ok(
      j.diagnostics.some((d) => d.code === 'data-file' && /file not found/.test(d.message)),
      show(r),
    );
  });
  test('an internal error: one line, JSON with kind internal, exit 70; the stack only when asked', () => {
    const r = failureReport(new TypeError('boom'), true);
    assert.deepEqual(JSON.parse(r.stdout), { error: 'internal error: boom', kind: 'internal' });
    assert.equal(r.code, 70);
    assert.equal(r.stderr, 'mle: internal error: boom\n');
    assert.match(failureReport(new TypeError('boom'), false, true).stderr, /at /);
    assert.equal(failureReport(new CliError('usage', 'x'), false).stdout, '');
  });
});

describe('data files the model may not read are refused, never opened', () => {
  test('a .txt beside the model: refused for its extension, its contents never quoted', async () => {
    for (const r of [await runs.secret, await runs.absSecret]) {
      assert.equal(r.code, 1, show(r));
      assert.match(r.stderr + r.stdout, /is not a data file MLE Studio reads, so it was not read/, show(r));
      assert.doesNotMatch(r.stderr + r.stdout, /SECRETCOLUMN/, `the file was read: its header is quoted\n${show(r)}`);
    }
  });
  test('../outside.csv is refused with a data-file error naming the flag', async () => {
    const r = await runs.outside;
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /error\[data-file\] .*outside the model's folder.*--allow-data-outside/, show(r));
  });
  test('--allow-data-outside reads it (mean of 1, 2, 4)', async () => {
    const r = await runs.outsideAllowed;
    assert.equal(r.code, 0, show(r));
    const m = (json(r).parameters as { name: string; estimate: number }[]).find((p) => p.name === 'm')!;
    assert.ok(Math.abs(m.estimate - 7 / 3) < 1e-6, show(r));
  });
  test('a symbolic link inside the folder that leads outside is refused', async () => {
    const r = await runs.link;
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /outside the model's folder/, show(r));
  });
  test('the policy: inside roots, outside, allowed, unsaved models, extensions', () => {
    const policy: DataPolicy = {
      roots: ['/w'],
      allowOutside: false,
      howToAllow: 'allow it',
      rootsName: 'the workspace',
    };
    assert.deepEqual(resolveDataAccess('/w/m/a.mle', 'd/x.csv', policy), { ok: true, abs: '/w/m/d/x.csv' });
    assert.deepEqual(resolveDataAccess('/w/m/a.mle', '../x.csv', policy), { ok: true, abs: '/w/x.csv' });
    assert.ok(!resolveDataAccess('/w/m/a.mle', '../../x.csv', policy).ok);
    assert.ok(!resolveDataAccess('/w/m/a.mle', '/etc/x.csv', policy).ok);
    assert.ok(!resolveDataAccess('/w/m/a.mle', '/w2/x.csv', policy).ok, 'a sibling folder with a common prefix');
    assert.ok(resolveDataAccess('/w/m/a.mle', '/etc/x.csv', { ...policy, allowOutside: true }).ok);
    assert.ok(!resolveDataAccess('/w/m/a.mle', '/etc/passwd', { ...policy, allowOutside: true }).ok);
    assert.ok(!resolveDataAccess(undefined, 'x.csv', policy).ok, 'an unsaved model with a relative path');
    assert.ok(resolveDataAccess(undefined, '/w/x.csv', policy).ok);
    const e = resolveDataAccess('/w/m/a.mle', '/etc/x.csv', policy);
    assert.ok(!e.ok && /outside the workspace .*allow it/.test(e.error));
  });
});

describe('the --html report has a strict Content-Security-Policy', () => {
  const dist = join(tmp, 'dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'webview.js'), 'console.log("renderer </script> inside a string");');
  writeFileSync(join(dist, 'webview.css'), 'body { color: red }');
  const fit = { model: 'm</title><script>alert(1)</script>.mle' } as unknown as FitJson;
  const page = htmlReport(fit, dist)!;
  const hash = (s: string): string => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;

  test('nothing loads from anywhere; only the two inline scripts and the style, by hash', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1];
    assert.ok(csp, page.slice(0, 500));
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    assert.equal(scripts.length, 2, 'the shim and the renderer');
    for (const s of scripts) assert.ok(csp.includes(hash(s)), `script hash in the CSP: ${hash(s)}`);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1];
    assert.ok(csp.includes(`style-src ${hash(style)}`), 'style hash in the CSP');
  });
  test('no text of the fit or the bundle can close the script or title element', () => {
    assert.doesNotMatch(page, /<script>alert/);
    assert.equal([...page.matchAll(/<\/script>/g)].length, 2, 'only the two closing tags of our scripts');
  });
});
