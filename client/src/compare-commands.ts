// The MLE: Compare Models, MLE: Show Fit History and MLE: Check by Simulation commands, shown in the compare panel.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type {
  CheckSimulationParams,
  CheckSimulationRequest,
  CheckSimulationResponse,
  CompareRequest,
  CompareRequestParams,
  CompareResponse,
  HistoryRequest,
  HistoryResponse,
} from '../../server/src/protocol.ts';
import { progressMessage } from '../../server/src/protocol.ts';
import { onFitProgress } from './fit-command.ts';
import type { ComparePanel } from './compare-panel.ts';

// Typed against the protocol's constants, so a rename there fails the type check here.
const COMPARE_METHOD: typeof CompareRequest = 'mle/compare';
const HISTORY_METHOD: typeof HistoryRequest = 'mle/history';
const CHECK_METHOD: typeof CheckSimulationRequest = 'mle/checkSimulation';

let ids = 0;

/** The .mle files of the workspace for the quick pick, the open ones picked by default; undefined when dismissed. */
async function pickModels(): Promise<vscode.Uri[] | undefined> {
  const files = await vscode.workspace.findFiles('**/*.mle', '**/node_modules/**', 500);
  const open = new Set(
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .flatMap((t) => (t.input instanceof vscode.TabInputText ? [t.input.uri.toString()] : [])),
  );
  const items = files
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri, picked: open.has(uri.toString()) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const chosen = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: 'MLE: Compare Models',
    placeHolder: 'Pick two or more models fitted to the same data',
  });
  return chosen?.map((c) => c.uri);
}

/** Runs `send` under a cancellable progress notification fed by the server's mle/fitProgress for `progressId`. */
function withFitProgress<R>(title: string, progressId: string, send: (token: vscode.CancellationToken) => Thenable<R>) {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) => {
      const stop = onFitProgress(progressId, (p) => progress.report({ message: progressMessage(p) }));
      return Promise.resolve(send(token)).finally(stop);
    },
  );
}

async function compareModels(
  client: LanguageClient,
  panel: ComparePanel,
  given?: readonly vscode.Uri[],
): Promise<CompareResponse | undefined> {
  const uris = given ?? (await pickModels());
  if (!uris) return undefined;
  if (uris.length < 2) {
    void vscode.window.showWarningMessage('Pick at least two models to compare.');
    return undefined;
  }
  const title = uris.map((u) => vscode.workspace.asRelativePath(u)).join(', ');
  panel.show({ type: 'running', section: 'compare', title });
  const progressId = `compare-${++ids}`;
  const params: CompareRequestParams = { uris: uris.map((u) => u.toString()), progressId };
  let r: CompareResponse | undefined;
  try {
    r = await withFitProgress(`Comparing ${uris.length} models`, progressId, (token) =>
      client.sendRequest<CompareResponse>(COMPARE_METHOD, params, token),
    );
  } catch (e) {
    const message = e instanceof vscode.CancellationError ? 'Cancelled.' : `The comparison failed: ${String(e)}`;
    panel.show({ type: 'error', section: 'compare', title, message, diagnostics: [] });
    return undefined;
  }
  if (!r) {
    panel.show({ type: 'error', section: 'compare', title, message: 'Cancelled.', diagnostics: [] });
    return undefined;
  }
  if (r.ok) panel.show({ type: 'compare', title, result: r.result });
  else {
    // A data mismatch or a model that cannot be fitted is an error, in the panel and as a message.
    panel.show({ type: 'error', section: 'compare', title, message: r.message, diagnostics: r.diagnostics });
    void vscode.window.showErrorMessage(`MLE: cannot compare the models: ${r.message}`);
  }
  return r;
}

/** The model a command acts on: the resource passed, else the active .mle editor. */
function modelUri(resource?: vscode.Uri | string): vscode.Uri | undefined {
  if (typeof resource === 'string') return vscode.Uri.parse(resource);
  if (resource) return resource;
  const doc = vscode.window.activeTextEditor?.document;
  return doc?.languageId === 'mle' ? doc.uri : undefined;
}

async function showHistory(
  client: LanguageClient,
  panel: ComparePanel,
  resource?: vscode.Uri | string,
): Promise<HistoryResponse | undefined> {
  const uri = modelUri(resource);
  if (!uri) {
    void vscode.window.showWarningMessage('Open a .mle model to see its fit history.');
    return undefined;
  }
  const r = await client.sendRequest<HistoryResponse>(HISTORY_METHOD, { uri: uri.toString() });
  panel.show({ type: 'history', title: vscode.workspace.asRelativePath(uri), fits: r.fits });
  return r;
}

async function checkBySimulation(
  client: LanguageClient,
  panel: ComparePanel,
  resource?: vscode.Uri | string,
  replicatesArg?: number,
): Promise<CheckSimulationResponse | undefined> {
  const uri = modelUri(resource);
  if (!uri) {
    void vscode.window.showWarningMessage('Open a .mle model to check it by simulation.');
    return undefined;
  }
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('MLE Studio fits no model in Restricted Mode: trust this workspace first.');
    return undefined;
  }
  const replicates =
    replicatesArg ?? vscode.workspace.getConfiguration('mle', uri).get<number>('checkSimulation.replicates', 200);
  const title = vscode.workspace.asRelativePath(uri);
  panel.show({ type: 'running', section: 'check', title });
  const progressId = `check-${++ids}`;
  const params: CheckSimulationParams = { uri: uri.toString(), replicates, progressId };
  let r: CheckSimulationResponse | undefined;
  try {
    r = await withFitProgress(`Checking ${title} by simulation (${replicates} datasets)`, progressId, (token) =>
      client.sendRequest<CheckSimulationResponse>(CHECK_METHOD, params, token),
    );
  } catch (e) {
    r = undefined;
    if (!(e instanceof vscode.CancellationError)) void vscode.window.showErrorMessage(`MLE: ${String(e)}`);
  }
  if (!r) panel.show({ type: 'error', section: 'check', title, message: 'Cancelled.', diagnostics: [] });
  else if (r.ok) panel.show({ type: 'check', title, result: r.result });
  else panel.show({ type: 'error', section: 'check', title, message: r.message, diagnostics: r.diagnostics });
  return r;
}

/** Registers the three commands (the panel is disposed with them); each returns its response for extension-host tests. */
export function registerCompareCommands(client: LanguageClient, panel: ComparePanel): vscode.Disposable {
  return vscode.Disposable.from(
    panel,
    vscode.commands.registerCommand('mle.compareModels', (uris?: readonly vscode.Uri[]) =>
      compareModels(client, panel, Array.isArray(uris) ? uris : undefined),
    ),
    vscode.commands.registerCommand('mle.showFitHistory', (resource?: vscode.Uri | string) =>
      showHistory(client, panel, resource),
    ),
    vscode.commands.registerCommand('mle.checkBySimulation', (resource?: vscode.Uri | string, replicates?: number) =>
      checkBySimulation(client, panel, resource, replicates),
    ),
  );
}
