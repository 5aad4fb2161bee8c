// Diagnostics as you type: debounced per document, text-only checks first, the data-aware ones once the linked CSV is loaded.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis } from '../language/analysis-types.ts';
import { toLspDiagnostic } from './convert.ts';
import { guard, type Services } from './request.ts';

/** Typing pauses shorter than this do not trigger a new analysis. */
export const DEBOUNCE_MS = 150;

/** Schedules and publishes the diagnostics of open documents. */
export class Validator {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents validated at least once: the first validation (on open) runs at once, not after the debounce. */
  private readonly seen = new Set<string>();

  constructor(private readonly svc: Services, private readonly delayMs = DEBOUNCE_MS) {}

  /** Validates `uri` after the debounce delay, replacing any pending run. */
  schedule(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    const delay = this.seen.has(uri) ? this.delayMs : 0;
    this.seen.add(uri);
    this.timers.set(uri, setTimeout(() => {
      this.timers.delete(uri);
      void this.validate(uri);
    }, delay));
  }

  /** Publishes the quick diagnostics if the data still has to be read, then the full ones; skips versions that went stale meanwhile. */
  async validate(uri: string): Promise<void> {
    const { documents, analyses } = this.svc;
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    if (guard(this.svc, 'diagnostics', () => analyses.needsLoad(doc), () => false)) {
      this.publish(doc, () => analyses.quick(doc));
      // Let the quick answer go out before a possibly slow first read of a large CSV.
      await new Promise((resolve) => setImmediate(resolve));
      if (documents.get(uri)?.version !== version) return;
    }
    this.publish(doc, () => analyses.full(doc));
  }

  /** Re-validates, without debounce, every open document whose `data` statement resolves to `absPath`. */
  revalidateLinking(absPath: string): void {
    for (const doc of this.svc.documents.all()) {
      const linked = guard(this.svc, 'diagnostics', () => this.svc.analyses.dataPathOf(doc), () => undefined);
      if (linked === absPath) void this.validate(doc.uri);
    }
  }

  /** The document was closed: stop pending work and clear its diagnostics in the editor. */
  clear(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.delete(uri);
    this.seen.delete(uri);
    this.svc.analyses.drop(uri);
    void this.svc.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private publish(doc: TextDocument, analysis: () => Analysis): void {
    guard(this.svc, 'diagnostics', () => {
      const lines = this.svc.analyses.lines(doc);
      const diagnostics = analysis().diagnostics.map((d) => toLspDiagnostic(d, lines));
      void this.svc.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
    }, () => undefined);
  }
}
