// Starts the MLE language server on a connection and wires each editor feature with one line; shared by main.ts and `mle lsp`.

import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { completion } from '../features/completion.ts';
import { hover } from '../features/hover.ts';
import { documentSymbols } from '../features/document-symbols.ts';
import { quickFixes } from '../features/code-actions.ts';
import { fitLenses } from '../features/code-lens.ts';
import { foldingRanges } from '../features/folding.ts';
import { estimateHints } from '../features/inlay-hints.ts';
import { formatDocument, formatRange } from '../features/format.ts';
import { definition, highlights, references } from '../features/navigation.ts';
import { prepareRename, rename } from '../features/rename.ts';
import { semanticTokens } from '../features/semantic-tokens.ts';
import { signatureHelp } from '../features/signature-help.ts';
import { AnalysisCache } from './analyses.ts';
import { accessSettings, foldersChanged } from './access.ts';
import { reportHandler, ReportRequestType } from './report.ts';
import { toCompletionItems, toHover } from './convert.ts';
import {
  toDefinition,
  toHighlights,
  toLocations,
  toPrepareRename,
  toRenameEdit,
  toTextEdits,
} from './convert-navigation.ts';
import {
  SEMANTIC_LEGEND,
  toDocumentSymbols,
  toFoldingRanges,
  toSemanticTokens,
  toSignatureHelp,
} from './convert-outline.ts';
import { docHandler } from './doc-request.ts';
import { fromLspDiagnostics, toCodeActions, toCodeLenses, toInlayHints } from './convert-actions.ts';
import {
  fitDataChanged,
  fitDocumentChanged,
  fitState,
  freshFit,
  hintsEnabled,
  noteFitClient,
  refreshHints,
  rememberFits,
} from './fit-memory.ts';
import { liveFitThreads } from '../node/fit-thread.ts';
import { FitStatusRequest, HistoryRequest, type FitStatus } from '../protocol.ts';
import { compareHandler, CompareRequestType } from './compare.ts';
import { historyHandler, recordHistory } from './history.ts';
import { checkSimulationHandler, CheckSimulationRequestType } from './check-simulation.ts';
import { Validator } from './diagnostics.ts';
import { FitRequestType, fitHandler } from './fit.ts';
import { DataRowsRequestType, dataRowsHandler } from './data-rows.ts';
import { handler, type Services } from './request.ts';
import { dataFilesChanged, registerDataWatcher } from './watch.ts';

const TRANSPORT_FLAGS = /^--(stdio|node-ipc|socket|pipe)(=|$)/;

/**
 * The connection named on the command line (`--stdio`, `--node-ipc` from the VS Code client, `--socket=`, `--pipe=`).
 * With none, stdio: `mle lsp` should just work. The flag is added to argv rather than passing the streams, because
 * only then does the library route console.log to the client instead of corrupting the protocol on stdout.
 */
function defaultConnection(): Connection {
  if (!process.argv.slice(2).some((a) => TRANSPORT_FLAGS.test(a))) process.argv.push('--stdio');
  return createConnection(ProposedFeatures.all);
}

/** Starts the server and returns its (listening) connection. */
export function startServer(connection: Connection = defaultConnection()): Connection {
  const documents = new TextDocuments(TextDocument);
  const svc: Services = {
    connection,
    documents,
    analyses: new AnalysisCache(),
    client: { snippetSupport: false, dynamicWatchers: false },
  };
  const validator = new Validator(svc);

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    svc.client.snippetSupport = caps.textDocument?.completion?.completionItem?.snippetSupport ?? false;
    svc.client.dynamicWatchers = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration ?? false;
    svc.client.semanticRefresh = caps.workspace?.semanticTokens?.refreshSupport ?? false;
    svc.client.workspaceFolders = caps.workspace?.workspaceFolders ?? false;
    noteFitClient(svc, caps);
    svc.analyses.access = accessSettings(params);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        // `~` opens the distribution list, `"` the data files, a backtick the column names.
        completionProvider: { triggerCharacters: ['~', '"', '`'] },
        hoverProvider: true,
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: ['='] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentHighlightProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true },
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
        // The folders bound what data may be read: follow them as the user adds and removes folders.
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'mle-studio' },
    };
  });
  connection.onInitialized(() => {
    registerDataWatcher(svc);
    if (svc.client.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders(foldersChanged(svc, validator));
  });

  documents.onDidChangeContent((e) => {
    validator.schedule(e.document.uri);
    fitDocumentChanged(svc, e.document);
  });
  documents.onDidClose((e) => validator.clear(e.document.uri));
  connection.onDidChangeWatchedFiles(dataFilesChanged(svc, validator, (abs) => fitDataChanged(svc, abs)));

  // Editor features: one line each; the features return plain data, convert.ts makes it LSP.
  connection.onCompletion(
    handler(svc, 'completion', (c) =>
      toCompletionItems(completion(c.analysis, c.offset, c), c.lines, svc.client.snippetSupport),
    ),
  );
  connection.onHover(handler(svc, 'hover', (c) => toHover(hover(c.analysis, c.offset, freshFit(svc, c.doc)), c.lines)));
  connection.onRequest(FitRequestType, rememberFits(svc, recordHistory(svc, fitHandler(svc))));
  connection.onRequest(CompareRequestType, compareHandler(svc));
  connection.onRequest(HistoryRequest, historyHandler(svc));
  connection.onRequest(CheckSimulationRequestType, checkSimulationHandler(svc));
  connection.onRequest(ReportRequestType, reportHandler(svc));
  connection.onRequest(DataRowsRequestType, dataRowsHandler(svc));
  connection.onRequest(FitStatusRequest, (): FitStatus => ({ threads: liveFitThreads() }));
  connection.onSignatureHelp(
    handler(svc, 'signatureHelp', (c) => toSignatureHelp(signatureHelp(c.analysis, c.offset))),
  );
  connection.onDefinition(handler(svc, 'definition', (c) => toDefinition(definition(c.analysis, c.offset), c, svc)));
  connection.onReferences(
    docHandler(svc, 'references', (c, p) =>
      toLocations(references(c.analysis, c.offset, p.context.includeDeclaration), c),
    ),
  );
  connection.onPrepareRename(
    handler(svc, 'prepareRename', (c) => toPrepareRename(prepareRename(c.analysis, c.offset), c)),
  );
  connection.onRenameRequest(
    docHandler(svc, 'rename', (c, p) => toRenameEdit(rename(c.analysis, c.offset, p.newName), c)),
  );
  connection.onDocumentHighlight(
    handler(svc, 'documentHighlight', (c) => toHighlights(highlights(c.analysis, c.offset), c)),
  );
  connection.onDocumentSymbol(
    docHandler(svc, 'documentSymbol', (c) => toDocumentSymbols(documentSymbols(c.analysis), c.lines)),
  );
  connection.onFoldingRanges(docHandler(svc, 'foldingRanges', (c) => toFoldingRanges(foldingRanges(c.analysis))));
  connection.languages.semanticTokens.on(
    docHandler(svc, 'semanticTokens', (c) => toSemanticTokens(semanticTokens(c.analysis), c.lines, c.analysis.text), {
      data: [],
    }),
  );
  connection.onDocumentFormatting(docHandler(svc, 'formatting', (c) => toTextEdits(formatDocument(c.analysis), c), []));
  connection.onDocumentRangeFormatting(
    docHandler(
      svc,
      'rangeFormatting',
      (c, p) =>
        toTextEdits(
          formatRange(c.analysis, { start: c.lines.offset(p.range.start), end: c.lines.offset(p.range.end) }),
          c,
        ),
      [],
    ),
  );
  connection.onCodeAction(
    docHandler(
      svc,
      'codeAction',
      (c, p) => toCodeActions(quickFixes(c.analysis, fromLspDiagnostics(p.context.diagnostics, c.lines)), c),
      [],
    ),
  );
  connection.onCodeLens(
    docHandler(
      svc,
      'codeLens',
      (c) => {
        const state = fitState(svc, c.doc);
        return toCodeLenses(fitLenses(c.analysis, state?.fit, !!state?.stale), c);
      },
      [],
    ),
  );
  connection.languages.inlayHint.on(
    docHandler(
      svc,
      'inlayHint',
      async (c, p) =>
        (await hintsEnabled(svc, c.doc.uri))
          ? toInlayHints(
              estimateHints(c.analysis, freshFit(svc, c.doc), {
                start: c.lines.offset(p.range.start),
                end: c.lines.offset(p.range.end),
              }),
              c.lines,
            )
          : [],
      [],
    ),
  );
  connection.onDidChangeConfiguration(() => refreshHints(svc));

  documents.listen(connection);
  connection.listen();
  return connection;
}
