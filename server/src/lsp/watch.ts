// Watches the data files: when a CSV/TSV/Parquet/DuckDB file changes on disk, the data worker reloads it and the models that link it are re-checked.

import { DidChangeWatchedFilesNotification, type DidChangeWatchedFilesParams } from 'vscode-languageserver/node';
import { fsPathOf } from './analyses.ts';
import type { Validator } from './diagnostics.ts';
import { guard, type Services } from './request.ts';

export const DATA_GLOB = '**/*.{csv,tsv,parquet,duckdb,ddb}';

/**
 * Asks the client to watch data files. Only when it supports dynamic registration: otherwise it either
 * watches them from its own configuration (the VS Code client does) or not at all.
 */
export function registerDataWatcher(svc: Services): void {
  if (!svc.client.dynamicWatchers) return;
  svc.connection.client
    .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: DATA_GLOB }] })
    .catch((err: unknown) =>
      svc.connection.console.warn(`mle: could not register the data file watcher: ${String(err)}`),
    );
}

/** The handler for workspace/didChangeWatchedFiles. */
export function dataFilesChanged(svc: Services, validator: Validator, alsoNotify?: (abs: string) => void) {
  return (params: DidChangeWatchedFilesParams): void =>
    guard(
      svc,
      'didChangeWatchedFiles',
      () => {
        for (const change of params.changes) {
          const abs = fsPathOf(change.uri);
          if (!abs) continue;
          validator.dataChanged(abs);
          alsoNotify?.(abs);
        }
      },
      () => undefined,
    );
}
