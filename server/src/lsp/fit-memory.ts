// Remembers each document's last successful fit (for inlay hints, hover and the code lens) and the `mle.inlayHints` setting.

import { DidChangeConfigurationNotification, type ClientCapabilities } from 'vscode-languageserver/node';
import type { FitJson, FitRequestParams, FitResponse } from '../protocol.ts';
import type { Services } from './request.ts';

interface Memory {
  readonly fits: Map<string, FitJson>;
  refreshSupport: boolean;
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
  m.configurationSupport = caps.workspace?.configuration ?? false;
  m.dynamicConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration ?? false;
}

/** The last successful fit of `uri`, if any. */
export const lastFit = (svc: Services, uri: string): FitJson | undefined => memory(svc).fits.get(uri);

/** Wraps the `mle/fit` handler: a successful result is remembered, and the editor asked to redraw the hints. */
export function rememberFits(svc: Services, fit: (params: FitRequestParams) => Promise<FitResponse>) {
  return async (params: FitRequestParams): Promise<FitResponse> => {
    const r = await fit(params);
    if (r.ok) {
      memory(svc).fits.set(params.uri, r.result);
      refreshHints(svc);
    }
    return r;
  };
}

/** Asks the client to request inlay hints again (a new fit, or the setting changed), if it can. */
export function refreshHints(svc: Services): void {
  if (!memory(svc).refreshSupport) return;
  svc.connection.languages.inlayHint.refresh().catch(() => undefined);
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
