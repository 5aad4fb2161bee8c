// The one HTML shell of every MLE Studio webview: our bundled script and stylesheet only, under a strict CSP.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';

export interface PageSpec {
  /** The bundle's base name in dist/: `<name>.js` and `<name>.css`. */
  readonly bundle: string;
  readonly title: string;
  /** The page's initial content (inside `<main id="app">`), shown until the script renders. */
  readonly placeholder: string;
  /** Extra CSP sources beyond our own script and style, e.g. `img-src blob:` for PNG export. */
  readonly extraCsp?: string;
}

/** A fresh nonce per load: only our own script and stylesheet may run or apply; everything else is denied. */
export function webviewPage(webview: vscode.Webview, dist: vscode.Uri, spec: PageSpec): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, `${spec.bundle}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(dist, `${spec.bundle}.css`));
  const csp = `default-src 'none'; style-src ${webview.cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';${spec.extraCsp ? ` ${spec.extraCsp};` : ''}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style}" nonce="${nonce}">
  <title>${spec.title}</title>
</head>
<body>
  <main id="app">${spec.placeholder}</main>
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
