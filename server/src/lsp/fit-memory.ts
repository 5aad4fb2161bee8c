// Remembers each document's last successful fit (for inlay hints, hover and the code lens), whether it is still current, and the `mle.inlayHints` setting.

import {
  DidChangeConfigurationNotification,
  type CancellationToken,
  type ClientCapabilities,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { textHash } from '../fit/text-hash.ts';
import { fileStamp } from '../node/file-stamp.ts';
import {
  FitFreshnessNotification,
  type FitFreshnessParams,
  type FitJson,
  type FitRequestParams,
  type FitResponse,
} from '../protocol.ts';
import type { Services } from './request.ts';

interface Remembered {
  readonly fit: FitJson;
  /** Set when the data file changed on disk after the fit (its size or mtime differ from `fit.source.data`). */
  dataChanged: boolean;
  /** The text hash of one document version, so each version is hashed once. */
  hashed?: { readonly version: number; readonly hash: string };
  /** The state last sent to the client (a fit starts fresh). */
  sent: FitFreshnessParams['reason'] | 'fresh';
}

interface Memory {
  readonly fits: Map<string, Remembered>;
  refreshSupport: boolean;
  codeLensRefresh: boolean;
  configurationSupport: boolean;
  dynamicConfiguration: boolean;
  configurationRegistered: boolean;
}

/** One memory per server: keyed by its services, so nothing here needs a field in the shared Services. */
const memories = new WeakMap<Services, Memory>();

function memory(svc: Services): Memory {
  let m = memories.get(svc);
  if (!m) {
    m = {
      fits: new Map(),
      refreshSupport: false,
      codeLensRefresh: false,
      configurationSupport: false,
      dynamicConfiguration: false,
      configurationRegistered: false,
    };
    memories.set(svc, m);
  }
  return m;
}

/** Called from initialize: what the client can do about refreshing hints and reading settings. */
export function noteFitClient(svc: Services, caps: ClientCapabilities): void {
  const m = memory(svc);
  m.refreshSupport = caps.workspace?.inlayHint?.refreshSupport ?? false;
  m.codeLensRefresh = caps.workspace?.codeLens?.refreshSupport ?? false;
  m.configurationSupport = caps.workspace?.configuration ?? false;
  m.dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration ?? false;
}

/** The last successful fit of the document, and what changed since (undefined: nothing, the fit is current). */
export function fitState(
  svc: Services,
  doc: TextDocument,
): { readonly fit: FitJson; readonly stale?: 'model' | 'data' } | undefined {
  const r = memory(svc).fits.get(doc.uri);
  if (!r) return undefined;
  return { fit: r.fit, stale: staleness(r, doc) };
}

/** The last fit of the document if it is still current: hover and inlay hints never show numbers of another text or data. */
export function freshFit(svc: Services, doc: TextDocument): FitJson | undefined {
  const s = fitState(svc, doc);
  return s && !s.stale ? s.fit : undefined;
}

function staleness(r: Remembered, doc: TextDocument): 'model' | 'data' | undefined {
  const want = r.fit.source?.textHash;
  if (want !== undefined) {
    if (r.hashed?.version !== doc.version) r.hashed = { version: doc.version, hash: textHash(doc.getText()) };
    if (r.hashed.hash !== want) return 'model';
  }
  return r.dataChanged ? 'data' : undefined;
}

/**
 * Wraps the `mle/fit` handler: a successful result is remembered (fresh), and the editor asked to redraw the hints and
 * lenses. A fit that was cancelled or replaced rejects and leaves the memory as it was.
 */
export function rememberFits(
  svc: Services,
  fit: (params: FitRequestParams, token?: CancellationToken) => Promise<FitResponse>,
) {
  return async (params: FitRequestParams, token?: CancellationToken): Promise<FitResponse> => {
    const r = await fit(params, token);
    if (r.ok) {
      memory(svc).fits.set(params.uri, { fit: r.result, dataChanged: false, sent: 'fresh' });
      refreshHints(svc);
    }
    return r;
  };
}

/** The document's text changed: tell the client when its last fit turns stale, or current again (an undo). */
export function fitDocumentChanged(svc: Services, doc: TextDocument): void {
  const r = memory(svc).fits.get(doc.uri);
  if (r) announce(svc, doc.uri, r, staleness(r, doc));
}

/** A data file changed on disk: every fit computed from another version of it is stale. */
export function fitDataChanged(svc: Services, abs: string): void {
  let changed = false;
  for (const [uri, r] of memory(svc).fits) {
    const d = r.fit.source?.data;
    if (!d || d.path !== abs || r.dataChanged) continue;
    const now = fileStamp(abs);
    if (now && now.size === d.size && now.mtimeMs === d.mtimeMs) continue;
    r.dataChanged = true;
    changed = true;
    const doc = svc.documents.get(uri);
    announce(svc, uri, r, doc ? staleness(r, doc) : 'data');
  }
  // Edits make the editor ask again by themselves; a change on disk does not.
  if (changed) refreshHints(svc);
}

function announce(svc: Services, uri: string, r: Remembered, stale: 'model' | 'data' | undefined): void {
  const now = stale ?? 'fresh';
  if (now === r.sent) return;
  r.sent = now;
  const params: FitFreshnessParams = stale ? { uri, stale: true, reason: stale } : { uri, stale: false };
  void svc.connection.sendNotification(FitFreshnessNotification, params).catch(() => undefined);
}

/** Asks the client to request inlay hints and code lenses again (a new fit, stale data, a setting), if it can. */
export function refreshHints(svc: Services): void {
  const m = memory(svc);
  if (m.refreshSupport) svc.connection.languages.inlayHint.refresh().catch(() => undefined);
  if (m.codeLensRefresh) svc.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}

/**
 * Whether inlay hints are on for `uri`: `mle.inlayHints.enabled`, read with workspace/configuration (default true
 * when the client cannot be asked). The first call also asks the client to report setting changes.
 */
export async function hintsEnabled(svc: Services, uri: string): Promise<boolean> {
  const m = memory(svc);
  if (m.dynamicConfiguration && !m.configurationRegistered) {
    m.configurationRegistered = true;
    svc.connection.client.register(DidChangeConfigurationNotification.type, { section: 'mle' }).catch(() => undefined);
  }
  if (!m.configurationSupport) return true;
  const section = (await svc.connection.workspace.getConfiguration({ scopeUri: uri, section: 'mle.inlayHints' })) as {
    enabled?: unknown;
  } | null;
  return section?.enabled !== false;
}
