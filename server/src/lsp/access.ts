// What the server may read, from the initialize request: workspace folders, the client's trust and its data setting.

import type { InitializeParams } from 'vscode-languageserver/node';
import { fsPathOf, type DataAccessSettings } from './analyses.ts';

/**
 * The client's `initializationOptions` (the VS Code client sends them; other editors may): `trusted: false` in
 * Restricted Mode, `allowDataOutsideWorkspace` from the `mle.data.allowOutsideWorkspace` setting.
 */
interface MleInitOptions {
  readonly trusted?: unknown;
  readonly allowDataOutsideWorkspace?: unknown;
}

export function accessSettings(params: InitializeParams): DataAccessSettings {
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const roots = folders.map(fsPathOf).filter((p): p is string => p !== undefined);
  const o = (params.initializationOptions ?? {}) as MleInitOptions;
  return { roots, allowOutside: o.allowDataOutsideWorkspace === true, trusted: o.trusted !== false };
}
