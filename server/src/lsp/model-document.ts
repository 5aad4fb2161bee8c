// What the custom requests on a model share: its document (open, or read from disk) and its progress notifications.

import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FitProgress } from '../engine/optimize/progress.ts';
import { FitProgressNotification, type FitProgressParams } from '../protocol.ts';
import { fsPathOf } from './analyses.ts';
import type { Services } from './request.ts';

/**
 * The model as the editor has it (unsaved edits included), else as on disk (`open: false`: the caller drops it from
 * the cache afterwards, since no close notification will). Undefined when it is not open and has no file path;
 * throws when the file cannot be read.
 */
export function modelDocument(svc: Services, uri: string): { doc: TextDocument; open: boolean } | undefined {
  const doc = svc.documents.get(uri);
  if (doc) return { doc, open: true };
  const path = fsPathOf(uri);
  return path ? { doc: TextDocument.create(uri, 'mle', 0, readFileSync(path, 'utf8')), open: false } : undefined;
}

/** Sends `mle/fitProgress` for `uri` (tagged with the client's progressId), with the time since `t0`. */
export function progressNotifier(
  svc: Services,
  uri: string,
  progressId: string | undefined,
  t0: number,
): (p: FitProgress | { phase: 'preparing' }) => void {
  return (p) => {
    const n: FitProgressParams = { uri, progressId, ...p, elapsedMs: performance.now() - t0 };
    void svc.connection.sendNotification(FitProgressNotification, n).catch(() => undefined);
  };
}
