// Writes a standalone HTML report that reuses the webview renderer (dist/webview.js + css) with the fit inlined.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FitJson } from '../protocol.ts';

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The report's Content-Security-Policy, as strict as the webview's: nothing loads from anywhere, and only the page's own
 * inline script and style (pinned by their hashes, since a file has no per-load nonce) may run or apply.
 */
export function reportCsp(scripts: readonly string[], style: string): string {
  return [
    "default-src 'none'",
    `style-src ${sha256(style)}`,
    `script-src ${scripts.map(sha256).join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** dist/ holds the bundled webview next to the bundled CLI. */
export function htmlReport(result: FitJson, distDir: string): string | undefined {
  const js = join(distDir, 'webview.js');
  const css = join(distDir, 'webview.css');
  if (!existsSync(js)) return undefined;
  // `<` is escaped so that no text of the fit (a model path, a message) can close the script element.
  const payload = JSON.stringify({ type: 'fit', file: result.model, result }).replace(/</g, '\\u003c');
  // The renderer asks its host for data with postMessage({type:'ready'}); this shim answers like the extension does.
  const shim = `window.acquireVsCodeApi = () => ({ postMessage(m) { if (m && m.type === 'ready') window.postMessage(${payload}, '*'); } });`;
  const renderer = readFileSync(js, 'utf8').replace(/<\/script/gi, '<\\/script');
  const style = `:root{--vscode-font-family:system-ui,sans-serif;--vscode-editor-background:#fff;--vscode-editor-foreground:#222;--vscode-panel-border:#ccc;--vscode-textLink-foreground:#06c;--vscode-descriptionForeground:#666}
${existsSync(css) ? readFileSync(css, 'utf8').replace(/<\/style/gi, '<\\/style') : ''}`;
  const title = result.model.replace(/[<>&"']/g, '');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportCsp([shim, renderer], style)}">
<title>MLE fit: ${title}</title>
<style>${style}</style></head>
<body><main id="app"></main><script>${shim}</script><script>${renderer}</script></body></html>
`;
}
