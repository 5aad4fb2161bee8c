// The `mle.fitModel` command: sends the model to the language server's `mle/fit` request and shows the outcome in the results panel.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type {
  FitProgressNotification,
  FitProgressParams,
  FitRequest,
  FitRequestParams,
  FitDefaults,
  FitResponse,
  JsonDiagnostic,
} from '../../server/src/protocol.ts';
import { progressMessage } from '../../server/src/protocol.ts';
import { logFit, logFitCancelled, logFitFailed } from './output-channel.ts';
import type { ResultsPanel } from './results-panel.ts';

// Typed against the protocol's constant, so a rename there fails the type check here without bundling server code.
const FIT_METHOD: typeof FitRequest = 'mle/fit';
const PROGRESS_METHOD: typeof FitProgressNotification = 'mle/fitProgress';

/** Models being saved by the fit command itself: `mle.fit.onSave` must not start a second fit for that save. */
export const savingForFit = new Set<string>();

/** Progress reports by the id each fit request carries (several fits may run at once, one per model). */
const progressListeners = new Map<string, (p: FitProgressParams) => void>();
let progressIds = 0;

/** Routes the server's mle/fitProgress notifications to the notification of the fit they belong to. */
export function registerFitProgress(client: LanguageClient): vscode.Disposable {
  return client.onNotification(PROGRESS_METHOD, (p: FitProgressParams) => {
    if (p.progressId) progressListeners.get(p.progressId)?.(p);
  });
}

/** Routes the progress reports of another request (compare, check by simulation) carrying `id`; call the result to stop. */
export function onFitProgress(id: string, listener: (p: FitProgressParams) => void): () => void {
  progressListeners.set(id, listener);
  return () => progressListeners.delete(id);
}

/** Registers the command; the returned disposable unregisters it. */
export function registerFitCommand(client: LanguageClient, panel: ResultsPanel): vscode.Disposable {
  // The server's "▶ Fit model" code lens passes the document's URI as a string (LSP commands carry JSON, not Uris).
  return vscode.commands.registerCommand('mle.fitModel', (resource?: vscode.Uri | string) =>
    fitModel(client, panel, typeof resource === 'string' ? vscode.Uri.parse(resource) : resource),
  );
}

/**
 * Fits the model in `resource` (passed by the editor title button), else the active `.mle` editor,
 * else the model shown in the results panel (the panel itself has focus when the user re-runs from it).
 */
async function fitModel(
  client: LanguageClient,
  panel: ResultsPanel,
  resource?: vscode.Uri,
): Promise<FitResponse | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'MLE Studio fits no model and reads no data in Restricted Mode: trust this workspace to fit.',
    );
    return undefined;
  }
  const document = await findDocument(resource instanceof vscode.Uri ? resource : undefined, panel.modelUri);
  if (!document) {
    void vscode.window.showWarningMessage('Open a .mle model file to fit it.');
    return undefined;
  }
  // The server fits the text it has, but saving keeps the file on disk (and `mle fit` from a terminal) in step.
  if (document.isDirty && !document.isUntitled) {
    savingForFit.add(document.uri.toString());
    try {
      await document.save();
    } finally {
      savingForFit.delete(document.uri.toString());
    }
  }
  const file = vscode.workspace.asRelativePath(document.uri);
  panel.showRunning(document.uri, file);

  const progressId = `fit-${++progressIds}`;
  // Settings mle.fit.level / ci / se: defaults the server applies under the model's own `fit` options.
  const cfg = vscode.workspace.getConfiguration('mle', document.uri);
  const defaults: FitDefaults = {
    level: cfg.get<number>('fit.level'),
    ci: cfg.get<FitDefaults['ci']>('fit.ci'),
    se: cfg.get<FitDefaults['se']>('fit.se'),
    // MB; 0: the server's default, a quarter of the RAM.
    memoryBudget: cfg.get<number>('data.memoryBudget'),
  };
  const params: FitRequestParams = { uri: document.uri.toString(), progressId, defaults };
  let response: FitResponse | undefined;
  let cancelled = false;
  const t0 = performance.now();
  try {
    response = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Fitting ${file}`, cancellable: true },
      (progress, token) => {
        progressListeners.set(progressId, (p) => progress.report({ message: progressMessage(p) }));
        // The client sends $/cancelRequest; the server stops the fit's thread and answers "cancelled" at once.
        token.onCancellationRequested(() => (cancelled = true));
        return client.sendRequest<FitResponse>(FIT_METHOD, params, token);
      },
    );
  } catch (err) {
    // A newer fit of the same model replaced this one (the server answered "cancelled"): that fit owns the panel now.
    if (err instanceof vscode.CancellationError && !cancelled) {
      logFitCancelled(file, performance.now() - t0, 'replaced by a newer fit');
      return undefined;
    }
    if (cancelled) {
      logFitCancelled(file, performance.now() - t0);
      panel.showCancelled(file);
      return undefined;
    }
    const message = err instanceof Error ? err.message : String(err);
    logFitFailed(file, message);
    panel.showErrors(document.uri, file, `The fit did not finish: ${message}`, []);
    void vscode.window.showErrorMessage(`MLE fit of ${file} did not finish: ${message}`);
    return undefined;
  } finally {
    progressListeners.delete(progressId);
  }
  // A request the user cancelled resolves empty (the client swallows the server's "cancelled" answer).
  if (cancelled || !response) {
    logFitCancelled(file, performance.now() - t0);
    panel.showCancelled(file);
    return undefined;
  }

  logFit(file, response, performance.now() - t0);
  if (response.ok) {
    panel.showFit(document.uri, file, response.result);
    if (!response.result.converged)
      void vscode.window.showWarningMessage(`MLE fit of ${file} did not converge; see the results panel.`);
  } else {
    panel.showErrors(document.uri, file, response.message, response.diagnostics);
    void vscode.window.showErrorMessage(
      `Cannot fit ${file}: ${response.message.replace(/\.$/, '')}. ${describe(response.diagnostics)}`,
    );
  }
  // Returned so that extension-host tests can assert on the result without scraping the webview.
  return response;
}

async function findDocument(
  resource: vscode.Uri | undefined,
  shown: vscode.Uri | undefined,
): Promise<vscode.TextDocument | undefined> {
  if (resource) return vscode.workspace.openTextDocument(resource);
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'mle') return active;
  return shown ? vscode.workspace.openTextDocument(shown) : undefined;
}

/** One line per error (warnings do not stop a fit, so they are left to the panel). */
function describe(diagnostics: readonly JsonDiagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const shown = errors.slice(0, 5).map((d) => `line ${d.range.start.line + 1}: ${d.message} [${d.code}]`);
  if (errors.length > shown.length) shown.push(`and ${errors.length - shown.length} more`);
  return shown.join('; ');
}
