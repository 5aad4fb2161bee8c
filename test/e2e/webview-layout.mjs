// The results webview alone in Chromium (no VS Code): a real fit at 400, 413 and 1,113 px of content width; no table or
// page overflows, no number is clipped, detail rows when narrow, one row when wide. Run: node test/e2e/webview-layout.mjs
// (seconds, not minutes; the full e2e step k checks the same inside VS Code). The panel's CSP is not applied here;
// VS Code's font variables are set to its defaults.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const model = process.argv[2] ?? 'examples/infert.mle';
const out = mkdtempSync(join(tmpdir(), 'mle-webview-'));
await build({
  entryPoints: [join(ROOT, 'client/webview/main.ts')],
  bundle: true,
  format: 'iife',
  outdir: out,
  logLevel: 'warning',
});
const cli = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/cli.ts', 'fit', model, '--json'], {
  cwd: ROOT,
  encoding: 'utf8',
});
const fit = JSON.parse(cli.stdout);
assert.ok(fit.parameters?.length, `no fit from ${model}: ${cli.stdout.slice(0, 300)} ${cli.stderr}`);
// A long exponent form that an ellipsis used to cut: it must show in full.
fit.parameters[0].se = 1.56252e-12;
writeFileSync(
  join(out, 'index.html'),
  `<!doctype html><html><head><link rel="stylesheet" href="main.css">
<style>:root { --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px;
  --vscode-editor-font-family: monospace; }</style></head><body><main id="app"></main>
<script>window.FIT = ${JSON.stringify(fit).replace(/</g, '\\u003c')};
window.acquireVsCodeApi = () => ({ postMessage(m) {
  if (m.type === 'ready') setTimeout(() => window.postMessage({ type: 'fit', file: 'm.mle', result: window.FIT }, '*'));
} });</script><script src="main.js"></script></body></html>`,
);

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const failures = [];
try {
  const page = await browser.newPage();
  await page.goto(`file://${join(out, 'index.html')}`);
  await page.waitForSelector('table#parameters');
  // The viewport is the content width plus the body's padding and the vertical scrollbar.
  const pad = await page.evaluate(() => window.innerWidth - document.querySelector('#app').clientWidth);
  // 413 and 1,113 px: the content of a 500 and a 1,200 px VS Code panel (measured in e2e step k).
  for (const content of [400, 413, 1113]) {
    // Resized, not reloaded: the ResizeObserver refits the tables.
    await page.setViewportSize({ width: content + pad, height: 900 });
    await page.waitForFunction((w) => document.querySelector('#app').clientWidth === w, content);
    await page.waitForTimeout(100);
    const m = await page.evaluate(() => {
      const t = document.querySelector('table#parameters');
      const shown = (e) => e.offsetParent !== null;
      return {
        content: document.querySelector('#app').clientWidth,
        overflow: [...document.querySelectorAll('table, .scroll')].map((e) => [
          e.id || e.className,
          e.tagName === 'TABLE' ? e.scrollWidth - e.parentElement.clientWidth : e.scrollWidth - e.clientWidth,
        ]),
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        layout: t.dataset.layout,
        collapsed: t.dataset.collapsed,
        clipped: [...document.querySelectorAll('td.num, .detail-part')]
          .filter((c) => shown(c) && c.scrollWidth > Math.ceil(c.getBoundingClientRect().width) + 1)
          .map((c) => c.textContent),
        se: [...document.querySelectorAll('table#parameters td.se, table#parameters .detail-item[data-col="se"]')]
          .filter(shown)
          .map((c) => c.textContent),
      };
    });
    console.log(`${content} px: layout ${m.layout}, in detail rows: ${m.collapsed || 'none'}`);
    const check = (ok, what) => ok || failures.push(`${content} px: ${what}: ${JSON.stringify(m)}`);
    check(m.overflow.every(([, o]) => o <= 1) && m.page <= 1, 'a table or the page scrolls sideways');
    check(m.clipped.length === 0, 'clipped numbers');
    check(
      m.se.some((t) => t.includes('1.56252e-12')),
      'the SE 1.56252e-12 shown in full',
    );
    check(content > 1000 ? m.layout === 'row' : m.layout === 'detail', 'narrow: detail rows; wide: one row');
  }
} finally {
  await browser.close();
}
assert.deepEqual(failures, []);
console.log('webview layout: ok');
