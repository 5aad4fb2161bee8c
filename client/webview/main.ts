// Webview entry point: receives fit outcomes from the extension and renders them; talks to VS Code only by messages.
// Importing the stylesheet makes esbuild emit dist/webview.css beside dist/webview.js (the panel links both).
import './styles.css';
import type { BannerMessage, FromWebview, ToWebview } from './messages.ts';
import { render } from './render.ts';
import { setDisplayDigits } from './format.ts';
import { clearBanner, showBanner } from './status-banner.ts';

/** Provided by VS Code inside webviews; callable once per load. */
declare function acquireVsCodeApi(): { postMessage(message: FromWebview): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('app');
const KINDS: ReadonlySet<string> = new Set<(ToWebview | BannerMessage)['type']>(['running', 'fit', 'errors', 'banner']);

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data as ToWebview | BannerMessage | null;
  // Ignore anything that is not one of ours (VS Code itself may post to the frame).
  if (!root || typeof message !== 'object' || message === null || !KINDS.has(message.type)) return;
  try {
    const post = (m: FromWebview): void => vscode.postMessage(m);
    if (message.type === 'banner') return showBanner(root, message, post);
    // A new outcome (or a new fit under way) replaces whatever the banner said about the old one.
    clearBanner();
    if (message.type === 'fit') setDisplayDigits(message.digits);
    render(root, message, post);
  } catch (err) {
    // A renderer bug should say so in the panel rather than leave a blank page.
    root.replaceChildren(
      Object.assign(document.createElement('p'), {
        id: 'status',
        textContent: `Cannot show the results: ${String(err)}`,
      }),
    );
  }
});

// Only now can messages be received: ask for the last outcome (this also covers a panel rebuilt after being hidden).
vscode.postMessage({ type: 'ready' });
