// FitRequestParams.defaults over real LSP: the editor's settings reach the fit thread and apply under the model's options.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FitRequestParams, FitResponse } from '../../server/src/protocol.ts';
import { startSession, type Session } from './features-client.ts';

const CSV = 'y\n4.1\n5.3\n3.8\n6.0\n5.1\n4.7\n';
const MODEL = 'data "d.csv"\nparam mu\nparam sigma > 0\ny ~ Normal(mu, sigma)\n';

let dir: string;
let s: Session;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mle-fit-defaults-'));
  writeFileSync(join(dir, 'd.csv'), CSV);
  s = await startSession();
});

after(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function fit(name: string, text: string, defaults?: FitRequestParams['defaults']) {
  const uri = await s.open(join(dir, name), text);
  const params: FitRequestParams = { uri, defaults };
  const r = await s.conn.sendRequest<FitResponse>('mle/fit', params);
  assert.ok(r.ok, JSON.stringify(r));
  return r.result;
}

test('defaults apply when the model sets no fit options', async () => {
  const r = await fit('a.mle', MODEL, { level: 0.9, ci: 'profile' });
  assert.equal(r.level, 0.9);
  assert.ok(r.parameters[0].ci.profile, 'profile interval from ci = profile');
  assert.equal(r.profiles?.length, 2);
});

test("the model's own fit options win", async () => {
  const r = await fit('b.mle', `${MODEL}fit level = 0.99, ci = wald\n`, { level: 0.9, ci: 'profile' });
  assert.equal(r.level, 0.99);
  assert.equal(r.parameters[0].ci.profile, undefined);
});

test('without defaults the built-in ones hold', async () => {
  const r = await fit('c.mle', MODEL);
  assert.equal(r.level, 0.95);
});
