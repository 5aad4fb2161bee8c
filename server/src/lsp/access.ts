// What the server may read: workspace folders (followed as they change), the client's trust and its data setting.

import type { InitializeParams, WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import { fsPathOf, type DataAccessSettings } from './analyses.ts';
import type { Validator } from './diagnostics.ts';
import { guard, type Services } from './request.ts';

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

/** The settings after workspace folders were added or removed (the folders are the data roots, so they follow). */
export function changeRoots(access: DataAccessSettings, e: WorkspaceFoldersChangeEvent): DataAccessSettings {
  const path = (f: { uri: string }): string | undefined => fsPathOf(f.uri);
  const removed = new Set(e.removed.map(path));
  const added = e.added.map(path).filter((p): p is string => p !== undefined);
  return { ...access, roots: [...new Set([...access.roots.filter((r) => !removed.has(r)), ...added])] };
}

/** The handler for workspace/didChangeWorkspaceFolders: new roots, then every open model is checked again. */
export function foldersChanged(svc: Services, validator: Validator) {
  return (e: WorkspaceFoldersChangeEvent): void =>
    guard(
      svc,
      'didChangeWorkspaceFolders',
      () => {
        svc.analyses.setAccess(changeRoots(svc.analyses.access, e));
        for (const doc of svc.documents.all()) validator.schedule(doc.uri);
      },
      () => undefined,
    );
}
