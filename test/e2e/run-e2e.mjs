// End-to-end test: the packaged extension in a real VS Code (code-server 4.100.3,
// i.e. VS Code 1.100, served to Debian's Chromium and driven by playwright-core).
// Recipe: shared/notes/real-vscode.md. Run with `npm run test:e2e`.
//
//   setup    provision code-server (scripts/provision-e2e.sh, cached), `npm run package`,
//            temp user-data/extensions dirs, install the .vsix, temp copy of examples/
//            plus a broken model, start code-server on a free loopback port, launch Chromium
//   a        open the workspace, wait for the workbench
//   b        open broken.mle, read its errors in the Problems panel
//   c        open a good model, Ctrl+Space in an expression, find a CSV column in the suggestions
//   d        "MLE: Fit Model", read the first estimate in the webview, compare with `mle fit --json`
//   e        the same for v2 examples (V2_MODELS: factors, censoring, multinomial, K-mixture), reading an element
//   f        a collinear model: its fit-time singular-information warning in the Problems panel ("mle fit"), the
//            badge "converged with warnings", and a residual plot exported to SVG next to the model
//   g        cancel a long fit from the notification, then a small fit finishes within 2 s
//   h        an edit after a fit: stale banner and "results out of date" code lens; undo clears them
//   i        "MLE: Open Data": the viewer's header and first row equal the CSV
//   j        "MLE: Compare Models" on two open models: the compare panel's AICs equal `mle compare --json`
//   k        the results panel at 500 and 1,200 px, light and dark themes: screenshots, no horizontal scrollbar (detail
//            rows at 500 px, one row at 1,200 px), no clipped number
//   l        the Getting Started walkthrough shows its steps
//   m        the results webview alone in Chromium (test/e2e/webview-layout.mjs): detail rows when narrow
//
// Screenshots go to test-results/e2e/*.png, logs to test-results/e2e/logs/.
// Environment: MLE_E2E_MODEL=examples/X.mle picks the good model (default: examples/infert.mle
// if present, else the first examples/*.mle); MLE_E2E_SKIP_PACKAGE=1 reuses dist/mle-studio.vsix;
// MLE_E2E_VSIX=path installs that .vsix instead (no packaging); MLE_E2E_EXAMPLES=dir copies that
// folder instead of examples/; MLE_E2E_KEEP=1 keeps the temp folders; MLE_E2E_HEADED=1 shows the browser (needs a display).

import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  createWriteStream,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The v2 example models the e2e suite fits in the editor, and the element of a vector it reads back. */
const V2_MODELS = [
  { what: 'a factor model', file: 'warpbreaks-factors.mle', element: 'b_wool[B]' },
  { what: 'a censored survival model', file: 'lung-weibull-censored.mle', element: 'b_sex' },
  { what: 'a multinomial model', file: 'iris-multinomial.mle', element: 'b_length[virginica]' },
  { what: 'a three-component mixture', file: 'faithful-mixture3.mle', element: 'w[3]' },
];

// Re-run under the spec reporter (Node 20 prints TAP when stdout is not a terminal).
if (!process.execArgv.some((a) => a.startsWith('--test-reporter'))) {
  const child = spawn(
    process.execPath,
    ['--test-reporter=spec', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}

async function main() {
  const { test, after } = await import('node:test');
  const assert = (await import('node:assert/strict')).default;

  const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const OUT = join(ROOT, 'test-results', 'e2e');
  const LOGS = join(OUT, 'logs');
  const VSIX = process.env.MLE_E2E_VSIX ? resolve(process.env.MLE_E2E_VSIX) : join(ROOT, 'dist', 'mle-studio.vsix');
  const WAIT = Number(process.env.MLE_E2E_WAIT_MS || 120_000); // generous: 2 shared cores
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(LOGS, { recursive: true });

  const T0 = Date.now();
  const log = (...a) => console.log(`[e2e ${((Date.now() - T0) / 1000).toFixed(1).padStart(6)}s]`, ...a);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  /** Polls fn until it returns a truthy value (returned) or the time is up (throws, naming what). */
  async function waitFor(what, fn, { timeout = WAIT, interval = 500 } = {}) {
    const end = Date.now() + timeout;
    let lastErr;
    for (;;) {
      try {
        const v = await fn();
        if (v) return v;
      } catch (e) {
        if (e.fatal) throw e;
        lastErr = e;
      }
      if (Date.now() > end) {
        throw new Error(
          `timed out after ${timeout / 1000} s waiting for ${what}${lastErr ? ` (last error: ${lastErr.message.split('\n')[0]})` : ''}`,
        );
      }
      await sleep(interval);
    }
  }

  /** Runs a command, echoing its output; throws with the exit code. */
  function run(cmd, args, opts = {}) {
    log(`$ ${cmd} ${args.join(' ')}`);
    return new Promise((res, rej) => {
      const p = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'], ...opts });
      p.on('error', rej);
      p.on('exit', (code, sig) =>
        code === 0 ? res() : rej(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? sig}`)),
      );
    });
  }

  // Environment for code-server: without the variables of a surrounding VS Code terminal,
  // which would make the CLI forward --install-extension to that other instance.
  const csEnv = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^VSCODE_|^CODE_SERVER_|^PASSWORD$|^HASHED_PASSWORD$/.test(k)),
  );

  const S = {
    codeServer: null,
    tmp: null,
    userData: null,
    extDir: null,
    ws: null,
    port: 0,
    server: null,
    browser: null,
    page: null,
    model: null,
    columns: [],
    dataPath: null,
  };
  let shotNo = 0;
  const shots = [];
  async function shot(name) {
    if (!S.page) return null;
    const file = join(OUT, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
    try {
      await S.page.screenshot({ path: file, timeout: 30_000 });
      shots.push(file);
      log(`screenshot: ${relative(ROOT, file)}`);
      return file;
    } catch (e) {
      log(`screenshot ${name} failed: ${e.message}`);
      return null;
    }
  }

  let blocker = null; // name of a failed step that later steps need
  function step(name, fn, { critical = true, timeout = 10 * 60_000 } = {}) {
    test(name, { timeout }, async (t) => {
      if (blocker) return t.skip(`needs "${blocker}", which failed`);
      // MLE_E2E_ONLY=a,k runs the setup and those scenario steps only (a local loop; CI runs them all).
      const only = process.env.MLE_E2E_ONLY?.split(',');
      if (only && !name.startsWith('setup') && !only.some((l) => name.startsWith(`${l}.`)))
        return t.skip('not in MLE_E2E_ONLY');
      try {
        await fn(t);
      } catch (e) {
        if (critical) blocker = name;
        await shot(
          `${name
            .replace(/[^a-z0-9]+/gi, '-')
            .replace(/^-|-$/g, '')
            .toLowerCase()
            .slice(0, 50)}-FAILED`,
        );
        throw e;
      }
    });
  }

  after(async () => {
    if (S.browser) await S.browser.close().catch(() => {});
    await stopServer();
    if (S.userData && existsSync(join(S.userData, 'logs'))) {
      try {
        cpSync(join(S.userData, 'logs'), join(LOGS, 'vscode'), { recursive: true });
      } catch {}
    }
    if (S.tmp && process.env.MLE_E2E_KEEP !== '1') rmSync(S.tmp, { recursive: true, force: true });
    else if (S.tmp) log(`kept temp folder ${S.tmp}`);
    if (shots.length)
      console.log(`\nScreenshots (${relative(ROOT, OUT)}):\n${shots.map((f) => `  ${f}`).join('\n')}\nLogs: ${LOGS}\n`);
  });

  async function stopServer() {
    const p = S.server;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    log(`stopping code-server (pid ${p.pid} and its process group)`);
    const exited = new Promise((r) => p.once('exit', r));
    try {
      process.kill(-p.pid, 'SIGTERM');
    } catch {
      try {
        p.kill('SIGTERM');
      } catch {}
    }
    const t = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!t) {
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {}
      await Promise.race([exited, sleep(5_000)]);
    }
    // Children that left the group (none expected) would be gone with the group kill above.
    try {
      process.kill(-p.pid, 'SIGKILL');
    } catch {}
  }
  process.on('exit', () => {
    const p = S.server;
    if (p && p.exitCode === null && p.signalCode === null) {
      try {
        process.kill(-p.pid, 'SIGKILL');
      } catch {}
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Setup

  step(
    'setup: provision code-server and Chromium (scripts/provision-e2e.sh)',
    async () => {
      const t = Date.now();
      const out = await new Promise((res, rej) => {
        log('$ bash scripts/provision-e2e.sh');
        const p = spawn('bash', [join(ROOT, 'scripts/provision-e2e.sh')], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let buf = '';
        p.stdout.on('data', (d) => {
          buf += d;
          process.stdout.write(d);
        });
        p.on('error', rej);
        p.on('exit', (code) => (code === 0 ? res(buf) : rej(new Error(`provision-e2e.sh exited with ${code}`))));
      });
      const m = /^CODE_SERVER=(.+)$/m.exec(out);
      assert.ok(m, 'provision-e2e.sh did not print CODE_SERVER=...');
      S.codeServer = m[1].trim();
      assert.ok(existsSync(S.codeServer), `${S.codeServer} missing`);
      log(`provisioned in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    },
    { timeout: 30 * 60_000 },
  );

  step(
    'setup: package the extension (npm run package -> dist/mle-studio.vsix)',
    async () => {
      if (process.env.MLE_E2E_VSIX) {
        assert.ok(existsSync(VSIX), `${VSIX} missing`);
        return log('MLE_E2E_VSIX: using', VSIX);
      }
      if (process.env.MLE_E2E_SKIP_PACKAGE === '1' && existsSync(VSIX))
        return log('MLE_E2E_SKIP_PACKAGE=1: reusing', VSIX);
      rmSync(VSIX, { force: true });
      await run('npm', ['run', 'package']);
      assert.ok(existsSync(VSIX), `${VSIX} was not produced`);
      log(`vsix: ${VSIX} (${(statSync(VSIX).size / 1024).toFixed(0)} KiB)`);
    },
    { timeout: 15 * 60_000 },
  );

  step('setup: temp profile, install the vsix, workspace with a broken model', async () => {
    S.tmp = mkdtempSync(join(tmpdir(), 'mle-e2e-'));
    S.userData = join(S.tmp, 'user-data');
    S.extDir = join(S.tmp, 'extensions');
    S.ws = join(S.tmp, 'workspace');
    mkdirSync(join(S.userData, 'User'), { recursive: true });
    mkdirSync(S.extDir, { recursive: true });
    writeFileSync(
      join(S.userData, 'User', 'settings.json'),
      JSON.stringify(
        {
          'security.workspace.trust.enabled': false,
          'workbench.startupEditor': 'none',
          // Completion must come from the language server, not from words of the document.
          'editor.wordBasedSuggestions': 'off',
        },
        null,
        2,
      ),
    );
    writeFileSync(join(S.tmp, 'config.yaml'), 'auth: none\n'); // keep code-server off ~/.config

    // Workspace: a copy of examples/ so nothing is written into the repo.
    const examples = process.env.MLE_E2E_EXAMPLES ? resolve(process.env.MLE_E2E_EXAMPLES) : join(ROOT, 'examples');
    assert.ok(existsSync(examples), 'examples/ folder is missing');
    cpSync(examples, S.ws, { recursive: true });
    const models = readdirSync(S.ws)
      .filter((f) => f.endsWith('.mle'))
      .sort();
    assert.ok(models.length, 'no examples/*.mle model to test with');
    let chosen = process.env.MLE_E2E_MODEL
      ? relative('examples', process.env.MLE_E2E_MODEL.replace(/^\.\//, ''))
      : null;
    if (chosen && !existsSync(join(S.ws, chosen))) {
      log(`MLE_E2E_MODEL=${process.env.MLE_E2E_MODEL} not found, falling back`);
      chosen = null;
    }
    chosen ??= models.includes('infert.mle') ? 'infert.mle' : models[0];
    S.model = join(S.ws, chosen);
    const text = readFileSync(S.model, 'utf8');
    const dm = /^\s*data\s+"((?:[^"\\]|\\.)*)"/m.exec(text);
    assert.ok(dm, `${chosen}: no data "..." statement found`);
    S.dataPath = resolve(dirname(S.model), dm[1].replace(/\\(.)/g, '$1'));
    const [header, firstRow = ''] = readFileSync(S.dataPath, 'utf8').split(/\r?\n/);
    const sep = extname(S.dataPath).toLowerCase() === '.tsv' ? '\t' : ',';
    const cells = (line) => line.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    S.columns = cells(header).filter(Boolean);
    const row = cells(firstRow);
    log(`good model: ${chosen}; data ${relative(S.ws, S.dataPath)} with columns ${S.columns.join(', ')}`);

    // A model with an unknown distribution and an unknown column.
    // Its outcome is a numeric column, so that the only errors are the two planted ones.
    const simple = (c) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(c);
    const y =
      S.columns.find((c, i) => simple(c) && row[i] !== '' && Number.isFinite(Number(row[i]))) ??
      S.columns.find(simple) ??
      S.columns[0];
    const dataRel = relative(S.ws, S.dataPath).split('\\').join('/');
    writeFileSync(
      join(S.ws, 'broken.mle'),
      [
        '# Deliberately broken model for the end-to-end test.',
        `data "${dataRel}"`,
        'param mu, sigma > 0',
        'let eta = mu + no_such_column',
        `${y} ~ Normall(eta, sigma)`,
        '',
      ].join('\n'),
    );

    const r = spawnSync(
      S.codeServer,
      ['--user-data-dir', S.userData, '--extensions-dir', S.extDir, '--install-extension', VSIX, '--force'],
      { env: csEnv, encoding: 'utf8', timeout: 5 * 60_000 },
    );
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    assert.equal(r.status, 0, `code-server --install-extension exited with ${r.status ?? r.signal}`);
    const installed = readdirSync(S.extDir).filter((d) => !d.startsWith('.') && d !== 'extensions.json');
    assert.ok(
      installed.some((d) => d.startsWith('mle-studio.mle-studio')),
      `extension not in ${S.extDir}: ${installed.join(', ')}`,
    );
    log(`installed: ${installed.join(', ')}`);
  });

  step('setup: start code-server on a free loopback port', async () => {
    S.port = await new Promise((res, rej) => {
      const srv = createServer();
      srv.on('error', rej);
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address();
        srv.close(() => res(port));
      });
    });
    const logFile = join(LOGS, 'code-server.log');
    const out = createWriteStream(logFile);
    const args = [
      '--config',
      join(S.tmp, 'config.yaml'),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${S.port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      S.userData,
      '--extensions-dir',
      S.extDir,
      S.ws,
    ];
    log(`$ code-server ${args.join(' ')}  (log: ${relative(ROOT, logFile)})`);
    // Own process group, so that stopping it also stops its VS Code server children.
    S.server = spawn(S.codeServer, args, { env: csEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    S.server.stdout.pipe(out);
    S.server.stderr.pipe(out);
    log(`code-server pid ${S.server.pid}`);
    await waitFor(`http://127.0.0.1:${S.port}/healthz`, async () => {
      if (S.server.exitCode !== null)
        throw Object.assign(new Error(`code-server exited with ${S.server.exitCode}; see ${logFile}`), { fatal: true });
      const r = await fetch(`http://127.0.0.1:${S.port}/healthz`).catch(() => null);
      return r?.ok;
    });
    log(`code-server is up on 127.0.0.1:${S.port}`);
  });

  step('setup: launch Chromium (playwright-core, /usr/bin/chromium)', async () => {
    const { chromium } = await import('playwright-core');
    S.browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: process.env.MLE_E2E_HEADED !== '1',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--headless',
      ].filter((a) => a !== '--headless' || process.env.MLE_E2E_HEADED !== '1'),
      timeout: WAIT,
    });
    const ctx = await S.browser.newContext({ viewport: { width: 1600, height: 1000 } });
    S.page = await ctx.newPage();
    S.page.setDefaultTimeout(WAIT);
    const consoleLog = createWriteStream(join(LOGS, 'browser-console.log'));
    S.page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
    S.page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.message}\n`));
    log(`Chromium ${S.browser.version()}`);
  });

  // ---------------------------------------------------------------------------------------------
  // UI helpers

  const qi = () => S.page.locator('.quick-input-widget');
  async function escapeAll() {
    for (let i = 0; i < 3; i++) {
      await S.page.keyboard.press('Escape');
      await sleep(150);
    }
  }

  /** Opens a file of the workspace with Ctrl+P. */
  async function quickOpen(file) {
    await escapeAll();
    await S.page.keyboard.press('Control+P');
    await qi().waitFor({ state: 'visible' });
    await S.page.keyboard.type(file, { delay: 20 });
    await waitFor(`"${file}" in the quick-open list`, async () => {
      const labels = await qi()
        .locator('.monaco-list-row')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') || r.textContent || ''));
      return labels.length && labels[0].includes(file);
    });
    await S.page.keyboard.press('Enter');
    // Each editor group has an active tab: the file may open in the group beside a results panel, so any group's
    // active tab counts (the first one alone made this wait flaky after a fit had focused the second group).
    await waitFor(`the editor tab of ${file}`, async () => {
      const labels = await S.page
        .locator('.tabs-container .tab.active')
        .evaluateAll((tabs) => tabs.map((t) => t.getAttribute('aria-label') || ''));
      return labels.some((l) => l.includes(file));
    });
    await S.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
  }

  /** Runs a command from the command palette (F1). */
  async function palette(title) {
    await escapeAll();
    await S.page.keyboard.press('F1');
    await qi().waitFor({ state: 'visible' });
    await S.page.keyboard.type(title, { delay: 20 });
    await waitFor(
      `"${title}" in the command palette`,
      async () => {
        const labels = await qi()
          .locator('.monaco-list-row')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') || r.textContent || ''));
        return labels.length && labels[0].toLowerCase().includes(title.toLowerCase());
      },
      { timeout: 30_000 },
    );
    await S.page.keyboard.press('Enter');
  }

  async function gotoLineCol(line, col) {
    await escapeAll();
    await S.page.keyboard.press('Control+G');
    await qi().waitFor({ state: 'visible' });
    await S.page.keyboard.type(`${line}:${col}`, { delay: 20 });
    await sleep(300);
    await S.page.keyboard.press('Enter');
    await waitFor(
      `cursor at Ln ${line}, Col ${col}`,
      async () => {
        const t = await S.page
          .locator('.statusbar')
          .innerText()
          .catch(() => '');
        return t.includes(`Ln ${line}, Col ${col}`);
      },
      { timeout: 20_000 },
    );
  }

  /** Rows of the Problems panel (their accessible labels, which hold message, code and position). */
  async function problemRows() {
    return S.page
      .locator('.part.panel .markers-panel .monaco-list-row')
      .evaluateAll((rows) =>
        rows.map((r) => `${r.getAttribute('aria-label') || ''} ${r.innerText || ''}`.replace(/\s+/g, ' ').trim()),
      );
  }

  // ---------------------------------------------------------------------------------------------
  // Scenario

  step(
    'a. the workspace opens in VS Code (code-server) with the workbench',
    async () => {
      const url = `http://127.0.0.1:${S.port}/?folder=${encodeURIComponent(S.ws)}`;
      log(`open ${url}`);
      await S.page.goto(url, { waitUntil: 'domcontentloaded', timeout: WAIT });
      await S.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: WAIT });
      // The explorer lists the workspace files once the remote file system answers.
      await waitFor(
        'broken.mle in the explorer',
        async () =>
          (await S.page
            .locator(
              '.explorer-folders-view .monaco-list-row[aria-label*="broken.mle"], .explorer-folders-view .monaco-list-row:has-text("broken.mle")',
            )
            .count()) > 0,
      ).catch((e) => log(`(explorer check skipped: ${e.message})`));
      await S.page.mouse.click(800, 500); // focus the workbench (empty editor area)
      await shot('workbench');
    },
    { timeout: 5 * 60_000 },
  );

  step(
    'b. broken.mle: its errors show in the Problems panel',
    async () => {
      await quickOpen('broken.mle');
      await shot('broken-model');
      // Ctrl+Shift+M toggles Problems; retry through the palette if the panel does not show.
      await S.page.keyboard.press('Control+Shift+M');
      const shown = await waitFor(
        'the Problems panel',
        async () => S.page.locator('.part.panel .markers-panel').isVisible(),
        { timeout: 10_000 },
      ).catch(() => false);
      if (!shown)
        await palette('View: Focus on Problems View').catch(() => palette('Problems: Focus on Problems View'));
      await S.page.locator('.part.panel .markers-panel').waitFor({ state: 'visible' });
      const rows = await waitFor('errors naming "Normall" and "no_such_column" in the Problems panel', async () => {
        const r = await problemRows();
        return r.some((x) => x.includes('Normall')) && r.some((x) => x.includes('no_such_column')) ? r : null;
      }).catch(async (e) => {
        throw new Error(`${e.message}\nProblems rows: ${JSON.stringify(await problemRows().catch(() => []), null, 1)}`);
      });
      log(`Problems panel:\n  ${rows.join('\n  ')}`);
      const bad = rows.find((x) => x.includes('Normall'));
      assert.match(bad, /\bunknown-distribution\b/, 'the Normall error should carry the code unknown-distribution');
      const badCol = rows.find((x) => x.includes('no_such_column'));
      assert.match(badCol, /\bunknown-name\b/, 'the no_such_column error should carry the code unknown-name');
      // The editor underlines the errors too.
      await waitFor(
        'error squiggles in the editor',
        async () => (await S.page.locator('.monaco-editor .squiggly-error').count()) > 0,
        { timeout: 30_000 },
      );
      await shot('problems-panel');
    },
    { critical: false },
  );

  step(
    'c. completion in a good model offers the CSV columns',
    async () => {
      const file = relative(S.ws, S.model);
      await quickOpen(basename(file));
      // Find a column used in an expression (after `=` or inside parentheses) and put the cursor
      // two characters into it: the suggestions, filtered by that prefix, must list the column.
      const lines = readFileSync(S.model, 'utf8').split(/\r?\n/);
      const cols = S.columns.filter((c) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(c) && c.length >= 3);
      let at = null;
      for (let i = 0; i < lines.length && !at; i++) {
        const code = lines[i].replace(/#.*$/, '');
        if (/^\s*(data|param|fit)\b/.test(code)) continue;
        const start = Math.max(code.indexOf('='), code.indexOf('('));
        if (start < 0) continue;
        for (const c of cols) {
          const re = new RegExp(`(?<![A-Za-z0-9_.\`])${c}(?![A-Za-z0-9_.])`, 'g');
          let m;
          while ((m = re.exec(code)))
            if (m.index > start) {
              at = { line: i + 1, col: m.index + 1 + 2, column: c };
              break;
            }
          if (at) break;
        }
      }
      assert.ok(at, `no CSV column (${cols.join(', ')}) found in an expression of ${file}`);
      log(`cursor in "${at.column}" at Ln ${at.line}, Col ${at.col} of ${file}`);
      await gotoLineCol(at.line, at.col);
      const widget = S.page.locator('.editor-widget.suggest-widget');
      const labels = await waitFor(
        `"${at.column}" in the suggest widget`,
        async () => {
          if (
            !(await widget.isVisible().catch(() => false)) ||
            /No suggestions/i.test(await widget.innerText().catch(() => ''))
          ) {
            await S.page.keyboard.press('Escape');
            await S.page.keyboard.press('Control+Space');
            await sleep(1500);
          }
          const items = await widget.locator('.monaco-list-row').evaluateAll((rows) =>
            rows.map((r) => ({
              label: (r.querySelector('.label-name')?.textContent || '').trim(),
              icon: [...(r.querySelector('.suggest-icon')?.classList || [])]
                .filter((c) => c.startsWith('codicon-symbol'))
                .join(' '),
            })),
          );
          return items.some((x) => x.label === at.column) ? items : null;
        },
        { interval: 1000 },
      );
      log(`suggestions: ${labels.map((x) => `${x.label}${x.icon ? ` (${x.icon})` : ''}`).join(', ')}`);
      await shot('completion');
      await S.page.keyboard.press('Escape');
    },
    { critical: false },
  );

  /**
   * The parameter rows of the results webview showing a converged fit; with `element`, only a webview that has a
   * row of that name (so an earlier fit's panel is not mistaken for this one).
   */
  async function readWebview(element) {
    const sel = element ? `row ${element}` : 'table#parameters tr[data-param] td.estimate[data-value]';
    return waitFor(
      `${sel} and #status "converged" in a webview frame`,
      async () => {
        for (const frame of S.page.frames()) {
          if (frame === S.page.mainFrame()) continue;
          const r = await frame
            .evaluate(() => {
              const rows = [...document.querySelectorAll('table#parameters tr[data-param]')];
              if (!rows.length) return null;
              return {
                status: document.querySelector('#status')?.textContent ?? null,
                rows: rows.map((tr) => ({
                  name: tr.getAttribute('data-param'),
                  estimate: tr.querySelector('td.estimate')?.getAttribute('data-value') ?? null,
                  se: tr.querySelector('td.se')?.getAttribute('data-value') ?? null,
                })),
              };
            })
            .catch(() => null);
          if (!r || r.rows[0]?.estimate == null || !/converged/i.test(r.status ?? '')) continue;
          if (element && !r.rows.some((x) => x.name === element)) continue;
          return { frame, ...r };
        }
        return null;
      },
      { interval: 1000 },
    ).catch(async (e) => {
      // Say what the webviews show instead (an error message, a spinner...).
      const seen = [];
      for (const frame of S.page.frames()) {
        if (frame === S.page.mainFrame() || /webWorkerExtensionHost/i.test(frame.url())) continue;
        const txt = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        if (txt.trim())
          seen.push(
            `[frame ${frame.url().split('?')[0].split('/').pop()}] ${txt.trim().replace(/\s+/g, ' ').slice(0, 600)}`,
          );
      }
      throw new Error(`${e.message}\nwebview frames show:\n${seen.join('\n') || '(no webview frame with text)'}`);
    });
  }

  /** `mle fit --json` on a model of the workspace. */
  function cliFit(model) {
    const cli = spawnSync(process.execPath, [join(ROOT, 'bin', 'mle.cjs'), 'fit', model, '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 5 * 60_000,
    });
    assert.equal(cli.status, 0, `mle fit --json ${model} exited with ${cli.status}: ${cli.stderr}`);
    return JSON.parse(cli.stdout);
  }

  /** Asserts that a webview row and the CLI's parameter of the same name agree to 1e-9. */
  function sameEstimate(row, json) {
    const p = json.parameters.find((q) => q.name === row.name);
    assert.ok(p, `${row.name} is not a parameter of mle fit --json: ${json.parameters.map((q) => q.name).join(', ')}`);
    const a = Number(row.estimate),
      b = p.estimate;
    const rel = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
    log(`${row.name}: webview ${a}, CLI ${b}, relative difference ${rel.toExponential(2)}`);
    assert.ok(
      Number.isFinite(a) && (a === b || rel < 1e-9),
      `estimate of ${row.name}: webview ${row.estimate} vs CLI ${b} (relative difference ${rel})`,
    );
  }

  step(
    'd. "MLE: Fit Model" shows the estimates in a webview, equal to `mle fit --json`',
    async () => {
      const file = relative(S.ws, S.model);
      await quickOpen(basename(file));
      await palette('MLE: Fit Model');
      const found = await readWebview(null);
      log(`webview #status: ${found.status.trim()}`);
      log(`webview parameters: ${found.rows.map((r) => `${r.name}=${r.estimate} (se ${r.se})`).join(', ')}`);
      await shot('fit-results-webview');
      const json = cliFit(S.model);
      const first = found.rows[0];
      assert.equal(first.name, json.parameters[0].name, 'the first webview row should be the first declared parameter');
      sameEstimate(first, json);
      for (const r of found.rows) {
        // informative: the other rows too
        const p = json.parameters.find((q) => q.name === r.name);
        if (p && Number(r.estimate) !== p.estimate) log(`  note: ${r.name} webview ${r.estimate} vs CLI ${p.estimate}`);
      }
    },
    { critical: false },
  );

  // v2 models: a factor model, and more (see V2_MODELS), fitted in the editor; one vector element read by name.
  for (const { file, element, what } of V2_MODELS)
    step(
      `e. ${what} (${file}): "MLE: Fit Model", element ${element} in the webview equals \`mle fit --json\``,
      async () => {
        assert.ok(existsSync(join(S.ws, file)), `${file} is not in the workspace`);
        await escapeAll();
        await quickOpen(file);
        await palette('MLE: Fit Model');
        const found = await readWebview(element);
        log(`webview (${file}) #status: ${found.status.trim()}`);
        await shot(`fit-${basename(file, '.mle')}`);
        sameEstimate(
          found.rows.find((r) => r.name === element),
          cliFit(join(S.ws, file)),
        );
      },
      { critical: false },
    );

  step(
    'f. a collinear model: fit-time warning in the Problems panel, honest badge, residual plot exported as SVG',
    async () => {
      // The data of test/reference/k-identified.json (R: lm df 4 of 5); x2 = 2·x1 exactly.
      const ref = JSON.parse(readFileSync(join(ROOT, 'test', 'reference', 'k-identified.json'), 'utf8'));
      const d = ref.data;
      writeFileSync(
        join(S.ws, 'collinear.csv'),
        ['y,x1,x2,x3', ...d.y.map((y, i) => `${y},${d.x1[i]},${d.x2[i]},${d.x3[i]}`)].join('\n') + '\n',
      );
      writeFileSync(
        join(S.ws, 'collinear.mle'),
        'data "collinear.csv"\nparam a\nparam b1\nparam b2\nparam b3\nparam sigma > 0\n' +
          'y ~ Normal(a + b1 * x1 + b2 * x2 + b3 * x3, sigma)\n',
      );
      await escapeAll();
      await quickOpen('collinear.mle');
      await palette('MLE: Fit Model');
      const found = await readWebview('b2');
      log(`webview (collinear.mle) #status: ${found.status.trim()}`);
      assert.match(found.status, /converged with warnings \(\d+\)/, 'the badge counts the warnings');
      await S.page.keyboard.press('Control+Shift+M');
      await S.page
        .locator('.part.panel .markers-panel')
        .waitFor({ state: 'visible', timeout: 10_000 })
        .catch(() => palette('View: Focus on Problems View'));
      const rows = await waitFor('a singular-information row from "mle fit" in the Problems panel', async () => {
        const r = await problemRows();
        return r.some((x) => x.includes('singular-information') && /mle fit/.test(x)) ? r : null;
      }).catch(async (e) => {
        throw new Error(`${e.message}\nProblems rows: ${JSON.stringify(await problemRows().catch(() => []), null, 1)}`);
      });
      log(`Problems panel:\n  ${rows.join('\n  ')}`);
      await shot('fit-problems');
      // SVG export: the button posts the serialized SVG; the save dialog proposes collinear-<plot>.svg beside the model.
      const before = new Set(readdirSync(S.ws));
      await found.frame
        .locator('figure.residual-plot[data-plot="residuals-fitted"] .export-bar button', { hasText: /^SVG$/ })
        .first()
        .click();
      await S.page.waitForTimeout(1500);
      await S.page.keyboard.press('Enter'); // accept the proposed file name (code-server's simple save dialog)
      const svgFile = await waitFor('an exported .svg next to the model', async () =>
        readdirSync(S.ws).find((f) => f.endsWith('.svg') && !before.has(f)),
      );
      const svg = readFileSync(join(S.ws, svgFile), 'utf8');
      log(`exported ${svgFile}: ${svg.length} characters`);
      assert.match(svg, /^<\?xml[^>]*>\s*<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/, 'a standalone SVG document');
      assert.match(svg, /<path class="points"/, 'with the residual points');
    },
    { critical: false },
  );

  /** A webview frame whose text satisfies `ok(frame-state)`: body text, #status, and the banner's state (or null). */
  /** Every webview frame's status line and banner (for a failure's log). */
  async function webviewStates() {
    const out = [];
    for (const frame of S.page.frames()) {
      if (frame === S.page.mainFrame()) continue;
      const st = await frame
        .evaluate(() => ({
          status: document.querySelector('#status')?.textContent ?? '',
          banner: document.querySelector('#banner')?.getAttribute('data-state') ?? null,
        }))
        .catch(() => null);
      if (st && st.status) out.push(st);
    }
    return out;
  }

  async function webviewWhere(what, ok, opts = {}) {
    return waitFor(
      what,
      async () => {
        for (const frame of S.page.frames()) {
          if (frame === S.page.mainFrame()) continue;
          const st = await frame
            .evaluate(() => ({
              text: document.body?.innerText ?? '',
              status: document.querySelector('#status')?.textContent ?? '',
              banner: document.querySelector('#banner')?.getAttribute('data-state') ?? null,
            }))
            .catch(() => null);
          if (st && ok(st)) return st;
        }
        return null;
      },
      opts,
    );
  }

  step(
    'g. cancelling a long fit frees the server: a small fit right after it finishes within 2 s',
    async () => {
      // 300,000 rows of a heavy-tailed regression with profile intervals: some 17 s of one core when not cancelled.
      let seed = 1;
      const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
      const rows = ['y,x'];
      for (let i = 0; i < 300_000; i++) {
        const x = rand() * 10;
        rows.push(`${(1 + 0.5 * x + (rand() - 0.5) / (rand() + 0.05)).toFixed(5)},${x.toFixed(4)}`);
      }
      writeFileSync(join(S.ws, 'long-fit.csv'), rows.join('\n') + '\n');
      writeFileSync(
        join(S.ws, 'long-fit.mle'),
        'data "long-fit.csv"\nparam a\nparam b\nparam s > 0\nparam nu > 0\ny ~ StudentT(a + b * x, s, nu)\nfit ci = profile\n',
      );
      await quickOpen('long-fit.mle');
      await palette('MLE: Fit Model');
      const toast = S.page.locator('.notifications-toasts .notification-toast', { hasText: 'Fitting long-fit.mle' });
      // The notification shows the server's progress: phase, iteration and log-likelihood.
      const message = await waitFor(
        'the fit notification reporting an iteration',
        async () => {
          const t = await toast.innerText().catch(() => '');
          return /iteration \d+/.test(t) ? t : null;
        },
        { timeout: 60_000, interval: 250 },
      );
      log(`progress: ${message.replace(/\s+/g, ' ')}`);
      await shot('fit-progress');
      // A click in the toast's first frames can be lost while it re-renders with each progress report: the toast
      // closes when the cancel took, so click until it has gone (three tries), and say what the panel showed if not.
      for (let attempt = 1; ; attempt++) {
        await toast
          .locator('a.monaco-button, .monaco-button', { hasText: 'Cancel' })
          .first()
          .click({ timeout: 5000 })
          .catch((e) => log(`cancel click ${attempt}: ${e.message.split('\n')[0]}`));
        const gone = await toast
          .waitFor({ state: 'detached', timeout: 3000 })
          .then(() => true)
          .catch(() => false);
        if (gone) break;
        log(
          `after cancel click ${attempt} the toast still shows: ${(await toast.innerText().catch(() => '')).replace(/\s+/g, ' ')}`,
        );
        if (attempt === 3) break;
      }
      await webviewWhere('the "cancelled" banner in the results panel', (st) => st.banner === 'cancelled', {
        timeout: 10_000,
        interval: 200,
      }).catch(async (e) => {
        for (const st of await webviewStates()) log(`webview: status "${st.status}", banner ${st.banner}`);
        throw e;
      });
      await shot('fit-cancelled');

      const file = basename(S.model);
      await quickOpen(file);
      await palette('MLE: Fit Model');
      const t0 = Date.now();
      await webviewWhere(
        `the results of ${file}, converged`,
        (st) => st.text.includes(file) && /converged/i.test(st.status) && !/Fitting/.test(st.status) && !st.banner,
        { timeout: 30_000, interval: 100 },
      );
      const ms = Date.now() - t0;
      log(`small fit after the cancel: ${ms} ms`);
      assert.ok(ms < 2000, `the fit of ${file} after a cancelled long fit took ${ms} ms (over 2 s)`);
    },
    { critical: false },
  );

  step(
    'h. an edit after a fit: the panel says the results are stale and the code lens says out of date; undo clears it',
    async () => {
      const file = basename(S.model);
      await quickOpen(file);
      await palette('MLE: Fit Model');
      await webviewWhere(
        `fresh results of ${file}`,
        (st) => st.text.includes(file) && /converged/i.test(st.status) && !st.banner,
      );
      await escapeAll();
      // The active group's editor (the model just fitted), not whichever editor comes first in the page.
      await S.page
        .locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines')
        .first()
        .click();
      await S.page.keyboard.press('Control+End');
      await S.page.keyboard.type('# edited', { delay: 20 });
      await webviewWhere('the "stale" banner', (st) => st.banner === 'stale-model', { timeout: 20_000 });
      await waitFor(
        'the code lens "results out of date"',
        async () =>
          /results out of date/.test(
            await S.page
              .locator('.monaco-editor .codelens-decoration')
              .allInnerTexts()
              .then((t) => t.join(' ')),
          ),
        { timeout: 20_000 },
      );
      await shot('fit-stale');
      for (let i = 0; i < 8; i++) await S.page.keyboard.press('Control+Z');
      await webviewWhere('the banner gone after undo', (st) => st.text.includes(file) && !st.banner, {
        timeout: 20_000,
      });
    },
    { critical: false },
  );

  step(
    'i. "MLE: Open Data" shows the model\'s data: the header names its columns and the first row equals the CSV',
    async () => {
      await quickOpen(basename(S.model));
      await palette('MLE: Open Data');
      const [, firstLine = ''] = readFileSync(S.dataPath, 'utf8').split(/\r?\n/);
      const sep = extname(S.dataPath).toLowerCase() === '.tsv' ? '\t' : ',';
      const want = firstLine.split(sep).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
      const seen = await waitFor(
        'the data viewer with its first row',
        async () => {
          for (const frame of S.page.frames()) {
            if (frame === S.page.mainFrame()) continue;
            const r = await frame
              .evaluate(() => {
                const head = [...document.querySelectorAll('#grid thead th')].map((th) => th.firstChild?.textContent);
                const row = document.querySelector('#grid tbody tr');
                const cells = row ? [...row.querySelectorAll('td')].map((td) => td.textContent) : [];
                return head.length && cells.length && cells[1] !== '…' ? { head, cells } : null;
              })
              .catch(() => null);
            if (r) return r;
          }
          return null;
        },
        { interval: 500 },
      );
      log(`data viewer header: ${seen.head.join(', ')}; first row: ${seen.cells.join(', ')}`);
      await shot('data-viewer');
      assert.deepEqual(seen.head, ['#', ...S.columns], 'the header: row number, then the CSV columns');
      assert.equal(seen.cells[0], '1', 'the row number column starts at 1');
      const same = (a, b) =>
        a === b || (a === 'NA' && (b === '' || b === 'NA')) || (b !== '' && Number(a) === Number(b));
      want.forEach((c, j) =>
        assert.ok(same(seen.cells[j + 1], c), `column ${S.columns[j]}: viewer ${seen.cells[j + 1]}, CSV ${c}`),
      );
    },
    { critical: false },
  );

  step(
    'j. "MLE: Compare Models" with the open models picked: the comparison table in the compare panel, as `mle compare`',
    async () => {
      // One editor group again (the data viewer's step left three): the models open side by side in it.
      await palette('View: Close All Editor Groups');
      for (const f of ['leuk-exponential.mle', 'leuk-weibull.mle']) await quickOpen(f);
      await palette('MLE: Compare Models');
      // The quick pick lists the workspace's models with the open ones already picked: accept it.
      await waitFor('the model quick pick', async () => (await qi().locator('.monaco-list-row').count()) > 1);
      // A multi-select quick pick is accepted with its OK button (Enter only toggles the focused row there).
      await qi().getByRole('button', { name: 'OK' }).first().click();
      const st = await webviewWhere(
        'the comparison of the two leuk models',
        (x) => /Model comparison/.test(x.text) && /Akaike weight/.test(x.text) && /leuk-weibull\.mle/.test(x.text),
        { timeout: 60_000 },
      );
      const want = spawnSync(
        process.execPath,
        [join(ROOT, 'dist', 'cli.cjs'), 'compare', 'leuk-exponential.mle', 'leuk-weibull.mle', '--json'],
        { cwd: S.ws, encoding: 'utf8' },
      );
      const cli = JSON.parse(want.stdout);
      for (const m of cli.models)
        assert.ok(
          st.text.includes(String(Number(m.aic.toPrecision(7)))),
          `the panel shows AIC ${m.aic} of ${m.model}:\n${st.text.slice(0, 800)}`,
        );
      await shot('compare-models');
    },
    { critical: false },
  );

  step(
    'k. the results panel at 500 px and 1,200 px wide, light and dark: screenshots',
    async () => {
      const settingsFile = join(S.userData, 'User', 'settings.json');
      const base = JSON.parse(readFileSync(settingsFile, 'utf8'));
      // The model and its results only: two equal editor groups, so the panel's width follows the window's.
      await palette('View: Close All Editor Groups');
      await quickOpen(basename(S.model));
      await palette('View: Close Primary Side Bar');
      await palette('MLE: Fit Model');
      let toggled = false;
      try {
        for (const theme of ['Default Light Modern', 'Default Dark Modern']) {
          const dark = theme.includes('Dark');
          // The workspace starts light; the dark pass toggles to the preferred dark theme (Default Dark Modern) with
          // VS Code's own command, which applies at once (a theme written to the settings file is not picked up by
          // code-server's workbench).
          if (dark) {
            await palette('Preferences: Toggle between Light/Dark Themes');
            toggled = true;
          }
          for (const width of [500, 1200]) {
            // The panel opens beside the model: two equal editor groups right of the 48 px activity bar.
            await S.page.setViewportSize({ width: 2 * width + 48, height: 900 });
            await S.page.waitForTimeout(1500);
            const found = await readWebview(null);
            // The webview's body carries VS Code's theme class once the theme has been applied to it.
            await waitFor(
              `the panel in the ${theme} theme`,
              () =>
                found.frame.evaluate((d) => document.body.classList.contains(d ? 'vscode-dark' : 'vscode-light'), dark),
              { timeout: 10_000 },
            ).catch(() => undefined);
            const m = await found.frame.evaluate(() => {
              const t = document.querySelector('table#parameters');
              const shown = (e) => e.offsetParent !== null && e.getClientRects().length > 0;
              return {
                width: document.documentElement.clientWidth,
                // Every results table within its box (responsive-table.ts moves columns into detail rows instead).
                overflow: Math.max(
                  0,
                  ...[...document.querySelectorAll('table')].map((x) => x.scrollWidth - x.parentElement.clientWidth),
                ),
                page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                layout: t?.dataset.layout ?? null,
                collapsed: t?.dataset.collapsed ?? null,
                details: t ? t.querySelectorAll('tr.detail:not([hidden])').length : 0,
                // A number cut by its cell (ellipsis or hidden overflow) is wider inside than its box.
                clipped: [...document.querySelectorAll('td.num, .detail-value')]
                  .filter((c) => shown(c) && c.scrollWidth > c.clientWidth + 1)
                  .map((c) => c.textContent),
                dark: document.body.classList.contains('vscode-dark'),
              };
            });
            log(
              `panel ${width} px (${dark ? 'dark' : 'light'}): measured ${m.width} px, table overflow ${m.overflow} px, ` +
                `layout ${m.layout}, in detail rows: ${m.collapsed || 'none'}`,
            );
            await shot(`panel-${width}px-${dark ? 'dark' : 'light'}`);
            assert.ok(Math.abs(m.width - width) <= 80, `the panel is ${m.width} px wide, not about ${width}`);
            assert.equal(m.dark, dark, `the panel is in the ${dark ? 'dark' : 'light'} theme`);
            assert.ok(
              m.overflow <= 1 && m.page <= 1,
              `no horizontal scrollbar: table ${m.overflow} px, page ${m.page} px`,
            );
            assert.deepEqual(m.clipped, [], 'numbers shown in full, never clipped');
            if (width === 500)
              assert.ok(
                m.layout === 'detail' && m.details > 0,
                `at 500 px the table uses detail rows: ${JSON.stringify(m)}`,
              );
            else assert.equal(m.layout, 'row', `at 1,200 px every column stays in the row: ${JSON.stringify(m)}`);
          }
        }
      } finally {
        if (toggled) await palette('Preferences: Toggle between Light/Dark Themes').catch(() => undefined);
        writeFileSync(settingsFile, JSON.stringify(base, null, 2));
        await S.page.setViewportSize({ width: 1600, height: 1000 });
      }
    },
    { critical: false },
  );

  step(
    'l. the Getting Started walkthrough lists its steps',
    async () => {
      await palette('Welcome: Open Walkthrough');
      await S.page.keyboard.type('Get started with MLE Studio', { delay: 20 });
      await S.page.waitForTimeout(800);
      await S.page.keyboard.press('Enter');
      const text = await waitFor(
        'the walkthrough page with its steps',
        async () => {
          const t = await S.page
            .locator('.gettingStartedContainer')
            .first()
            .innerText()
            .catch(() => '');
          return /Get started with MLE Studio/.test(t) && /Fit the model/.test(t) ? t : null;
        },
        { timeout: 30_000 },
      );
      await shot('walkthrough');
      for (const s of ['Open an example model', 'See problems as you type', 'Fit the model', 'Compare and export'])
        assert.ok(text.includes(s), `walkthrough step "${s}" is shown`);
    },
    { critical: false },
  );

  step(
    'm. the results webview alone in Chromium at 400, 413 and 1,113 px: no overflow, no clipped number',
    async () => {
      const r = spawnSync(process.execPath, [join(ROOT, 'test/e2e/webview-layout.mjs')], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 5 * 60_000,
      });
      log(r.stdout.trim());
      assert.equal(r.status, 0, `test/e2e/webview-layout.mjs failed:\n${r.stdout}\n${r.stderr}`);
    },
    { critical: false },
  );
}
