// Extension entry point: starts the MLE language server and registers the Fit Model command; nothing else lives here.
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerFitCommand, registerFitProgress, savingForFit } from './fit-command.ts';
import type { FitFreshnessNotification, FitFreshnessParams } from '../../server/src/protocol.ts';
import { ResultsPanel } from './results-panel.ts';
import { FitProblems } from './fit-problems.ts';
import { registerSaveResults } from './save-results.ts';
import { createMleLog, serverChannel } from './output-channel.ts';
import { DataPanel, registerOpenData } from './data-panel.ts';
import { ComparePanel } from './compare-panel.ts';
import { registerCompareCommands } from './compare-commands.ts';

const FRESHNESS_METHOD: typeof FitFreshnessNotification = 'mle/fitFreshness';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // The server is bundled next to this file by scripts/build.mjs; IPC keeps stdout free for the server's own logging.
  const module = context.asAbsolutePath('dist/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  // Data files sit beside the model: tell the server when one changes so data-aware diagnostics refresh.
  const dataWatcher = vscode.workspace.createFileSystemWatcher('**/*.{csv,tsv,parquet,duckdb,ddb}');
  // "MLE Studio" output: fit timings and failures, and the server's own messages (routed by `outputChannel`).
  const mleLog = createMleLog();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'mle' },
      { scheme: 'untitled', language: 'mle' },
    ],
    synchronize: { fileEvents: dataWatcher },
    outputChannel: serverChannel(mleLog),
    // Read at every (re)start: Restricted Mode reads no data and fits nothing; the setting widens where data may come from.
    initializationOptions: () => ({
      trusted: vscode.workspace.isTrusted,
      allowDataOutsideWorkspace: vscode.workspace
        .getConfiguration('mle')
        .get<boolean>('data.allowOutsideWorkspace', false),
    }),
  };
  client = new LanguageClient('mle', 'MLE Language Server', serverOptions, clientOptions);

  const problems = new FitProblems();
  const panel = new ResultsPanel(context.extensionUri, (uri, result) => problems.update(uri, result));
  const dataPanel = new DataPanel(context.extensionUri, client);
  context.subscriptions.push(
    dataWatcher,
    problems,
    panel,
    registerFitCommand(client, panel),
    registerSaveResults(client, panel),
    mleLog,
    dataPanel,
    registerOpenData(dataPanel),
    registerFitProgress(client),
    registerCompareCommands(client, new ComparePanel(context.extensionUri)),
    // The server tells when the fit on show no longer matches the model text or its data: the panel says "stale".
    client.onNotification(FRESHNESS_METHOD, (p: FitFreshnessParams) =>
      panel.setFreshness(p.uri, p.stale, p.reason, vscode.workspace.asRelativePath(vscode.Uri.parse(p.uri))),
    ),
    // `mle.fit.onSave`: a saved model is fitted again (off by default: a large fit per save is not free).
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.languageId !== 'mle' || savingForFit.has(doc.uri.toString())) return;
      if (vscode.workspace.getConfiguration('mle', doc.uri).get<boolean>('fit.onSave', false))
        void vscode.commands.executeCommand('mle.fitModel', doc.uri);
    }),
  );
  // The server learns both at initialize: restart it when the user trusts the workspace or changes the setting.
  const restart = (): void => {
    const c = client;
    c?.stop()
      .then(() => c.start())
      .catch((err: unknown) => {
        void vscode.window.showErrorMessage(`MLE language server failed to restart: ${String(err)}`);
      });
  };
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mle.data.allowOutsideWorkspace')) restart();
    }),
  );

  // Not awaited in full: activation should not wait for the server, and requests wait for the start themselves.
  client.start().catch((err: unknown) => {
    void vscode.window.showErrorMessage(
      `MLE language server failed to start: ${err instanceof Error ? err.message : String(err)}`,
    );
  });
}

export async function deactivate(): Promise<void> {
  // A server that never started cannot be stopped cleanly; shutting down must not fail on that.
  await client?.stop().catch(() => undefined);
  client = undefined;
}
