// Runs test/vscode/suite.ts inside a real VS Code extension host with @vscode/test-electron (`npm run test:vscode`).
//
// Runnable where VS Code can be downloaded: @vscode/test-electron fetches a VS Code build into .vscode-test/
// at run time, which machines limited to the npm registry cannot do (there, test/e2e/ drives code-server instead).
// On a headless Linux box wrap it in a display: `xvfb-run -a npm run test:vscode`.
// Environment: VSCODE_TEST_VERSION picks the VS Code build (default "stable"; "1.91.0" checks the engines floor);
// VSCODE_EXECUTABLE uses an installed VS Code instead of downloading one.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';
import { runTests } from '@vscode/test-electron';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// The extension under test is the development build in dist/ (extension, server and webview bundles).
const b = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);

// The extension host loads the suite with require(), so bundle the TypeScript suite to CommonJS; `vscode` is provided by the host.
const suite = join(ROOT, '.vscode-test', 'suite.cjs');
await build({
  entryPoints: [join(ROOT, 'test/vscode/suite.ts')],
  outfile: suite,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  logLevel: 'warning',
});

// A scratch workspace: the examples plus a model with errors, so the tests never write into the repository.
const work = mkdtempSync(join(tmpdir(), 'mle-vscode-test-'));
const workspace = join(work, 'workspace');
cpSync(join(ROOT, 'examples'), workspace, { recursive: true });
writeFileSync(join(workspace, 'broken.mle'), 'data "cars.csv"\nparam mu\nparam sigma > 0\ndist ~ Normal(mu, sigm)\n');

let code = 1;
try {
  code = await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    version: process.env.VSCODE_TEST_VERSION || 'stable',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--user-data-dir',
      join(work, 'user-data'),
    ],
    extensionTestsEnv: { MLE_TEST_WORKSPACE: workspace },
  });
} catch (err) {
  console.error(`VS Code extension tests failed or could not run: ${err instanceof Error ? err.message : String(err)}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(code);
