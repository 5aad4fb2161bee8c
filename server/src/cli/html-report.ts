// Writes a standalone HTML report that reuses the webview renderer (dist/webview.js + css) with the fit inlined.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FitJson } from '../protocol.ts';

/** dist/ holds the bundled webview next to the bundled CLI. */
export function htmlReport(result: FitJson, distDir: string): string | undefined {
  const js = join(distDir, 'webview.js');
  const css = join(distDir, 'webview.css');
  if (!existsSync(js)) return undefined;
  const payload = JSON.stringify({ type: 'fit', file: result.model, result }).replace(/</g, '\\u003c');
  // The renderer asks its host for data with postMessage({type:'ready'}); this shim answers like the extension does.
  const shim = `window.acquireVsCodeApi = () => ({ postMessage(m) { if (m && m.type === 'ready') window.postMessage(${payload}, '*'); } });`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>MLE fit: ${result.model.replace(/[<&]/g, '')}</title>
<style>:root{--vscode-font-family:system-ui,sans-serif;--vscode-editor-background:#fff;--vscode-editor-foreground:#222;--vscode-panel-border:#ccc;--vscode-textLink-foreground:#06c;--vscode-descriptionForeground:#666}
${existsSync(css) ? readFileSync(css, 'utf8') : ''}</style></head>
<body><main id="app"></main><script>${shim}</script><script>${readFileSync(js, 'utf8')}</script></body></html>
`;
}
