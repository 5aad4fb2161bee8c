// Extension-host tests (run by test/vscode/run.mjs): activation, diagnostics, completion and the Fit Model command, in a real VS Code.
// No mocha: a plain list of async checks with node:assert, run in order, all reported, failing the run if any fails.
import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { FitResponse } from '../../server/src/protocol.ts';

const WORKSPACE = process.env.MLE_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
const GOOD = 'infert.mle';
const BROKEN = 'broken.mle';
const TIMEOUT = 60_000;

/** Polls `fn` until it returns a truthy value; server start-up and data loading take a variable time. */
async function waitFor<T>(
  what: string,
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeout = TIMEOUT,
): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(join(WORKSPACE, name)));
  return vscode.window.showTextDocument(doc);
}

const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code);

const tests: [string, () => Promise<void>][] = [
  [
    'a .mle file gets the mle language and activates the extension',
    async () => {
      const editor = await open(GOOD);
      assert.equal(editor.document.languageId, 'mle');
      const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'mle-studio');
      assert.ok(ext, 'the extension under development is installed');
      await waitFor('activation', () => ext.isActive);
      assert.ok((await vscode.commands.getCommands(true)).includes('mle.fitModel'));
    },
  ],
  [
    'a misspelt name is reported as an unknown-name error',
    async () => {
      const editor = await open(BROKEN);
      const diags = await waitFor('diagnostics on broken.mle', () => {
        const ds = vscode.languages.getDiagnostics(editor.document.uri);
        return ds.length > 0 && ds;
      });
      const unknown = diags.find((d) => codeOf(d) === 'unknown-name');
      assert.ok(unknown, `unknown-name among ${diags.map(codeOf).join(', ')}`);
      assert.equal(unknown.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(unknown.range.start.line, 3);
    },
  ],
  [
    'the good example has no errors',
    async () => {
      const editor = await open(GOOD);
      // Wait for the server's first answer (an empty list is also an answer, so give it a moment, then check).
      await new Promise((r) => setTimeout(r, 2000));
      const errors = vscode.languages
        .getDiagnostics(editor.document.uri)
        .filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepEqual(
        errors.map((d) => d.message),
        [],
      );
    },
  ],
  [
    'completion in an expression offers the data columns',
    async () => {
      const editor = await open(GOOD);
      const line = editor.document
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('let eta'));
      assert.ok(line >= 0);
      const at = new vscode.Position(line, editor.document.lineAt(line).text.indexOf('spontaneous'));
      const list = await waitFor('completion items', async () => {
        const r = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          editor.document.uri,
          at,
        );
        return r.items.length > 0 && r;
      });
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      for (const column of ['spontaneous', 'induced', 'age', 'case'])
        assert.ok(labels.includes(column), `${column} in ${labels.join(', ')}`);
    },
  ],
  [
    'MLE: Fit Model fits the active model',
    async () => {
      await open(GOOD);
      const response = await vscode.commands.executeCommand<FitResponse | undefined>('mle.fitModel');
      assert.ok(response?.ok, `fit failed: ${JSON.stringify(response)}`);
      const fit = response.result;
      assert.equal(fit.converged, true);
      assert.deepEqual(
        fit.parameters.map((p) => p.name),
        ['a', 'b_spont', 'b_induced', 'b_age'],
      );
      assert.equal(fit.n, 248);
      for (const p of fit.parameters)
        assert.ok(Number.isFinite(p.estimate) && Number.isFinite(p.se), `${p.name}: ${p.estimate} ± ${p.se}`);
    },
  ],
  [
    'MLE: Fit Model on a model with errors returns the errors instead of a fit',
    async () => {
      const editor = await open(BROKEN);
      const response = await vscode.commands.executeCommand<FitResponse | undefined>(
        'mle.fitModel',
        editor.document.uri,
      );
      assert.ok(response && !response.ok, `expected errors, got ${JSON.stringify(response)}`);
      assert.ok(response.diagnostics.some((d) => d.code === 'unknown-name'));
    },
  ],
];

/** Entry point called by the extension host (see `extensionTestsPath` in run.mjs). */
export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, fn] of tests) {
    const t0 = Date.now();
    try {
      await fn();
      console.log(`✔ ${name} (${Date.now() - t0} ms)`);
    } catch (err) {
      failures.push(name);
      console.error(`✖ ${name}\n  ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  console.log(`${tests.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length > 0) throw new Error(`${failures.length} extension-host test(s) failed: ${failures.join('; ')}`);
}
