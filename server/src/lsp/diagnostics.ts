// Diagnostics as you type: debounced per document; text-only checks at once, the data-aware ones from the data worker when ready.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from '../language/diagnostics.ts';
import { toLspDiagnostic } from './convert.ts';
import { guard, type Services } from './request.ts';

/** Typing pauses shorter than this do not trigger a new analysis. */
export const DEBOUNCE_MS = 150;

/** The data-aware diagnostics last published for a document, with the text their spans refer to. */
interface Carried {
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
}

const keyOf = (d: Diagnostic): string => `${d.code}|${d.span.start}|${d.span.end}|${d.message}`;

/**
 * Moves diagnostics from `from` to `to` across the one region that differs between them (common prefix and suffix):
 * spans before it stay, spans after it shift, spans touching it are dropped (the edit may have fixed them).
 */
export function carryOver(diagnostics: readonly Diagnostic[], from: string, to: string): Diagnostic[] {
  if (from === to) return [...diagnostics];
  const max = Math.min(from.length, to.length);
  let prefix = 0;
  while (prefix < max && from.charCodeAt(prefix) === to.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && from.charCodeAt(from.length - 1 - suffix) === to.charCodeAt(to.length - 1 - suffix))
    suffix++;
  const oldEnd = from.length - suffix;
  const delta = to.length - from.length;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.span.end <= prefix) out.push(d);
    else if (d.span.start >= oldEnd) out.push({ ...d, span: { start: d.span.start + delta, end: d.span.end + delta } });
  }
  return out;
}

/** Schedules and publishes the diagnostics of open documents. */
export class Validator {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Documents validated at least once: the first validation (on open) runs at once, not after the debounce. */
  private readonly seen = new Set<string>();
  private readonly carried = new Map<string, Carried>();

  constructor(
    private readonly svc: Services,
    private readonly delayMs = DEBOUNCE_MS,
  ) {}

  /** Validates `uri` after the debounce delay, replacing any pending run. */
  schedule(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    const delay = this.seen.has(uri) ? this.delayMs : 0;
    this.seen.add(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.validate(uri);
      }, delay),
    );
  }

  /**
   * Publishes the text-only diagnostics at once (with the last data-aware ones carried over to the new text, so they do
   * not flicker), then asks the worker for the data-aware analysis and publishes it if the document is still at that version.
   */
  async validate(uri: string): Promise<void> {
    const { documents, analyses } = this.svc;
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const text = doc.getText();
    const quick = guard(
      this.svc,
      'diagnostics',
      () => analyses.quick(doc).diagnostics,
      () => [],
    );
    const linked = guard(
      this.svc,
      'diagnostics',
      () => analyses.dataPathOf(doc) !== undefined,
      () => false,
    );
    if (!linked) {
      this.carried.delete(uri);
      return this.publish(doc, quick);
    }
    const prev = this.carried.get(uri);
    const carried = prev ? carryOver(prev.diagnostics, prev.text, text) : [];
    this.carried.set(uri, { text, diagnostics: carried });
    const quickKeys = new Set(quick.map(keyOf));
    this.publish(
      doc,
      [...quick, ...carried.filter((d) => !quickKeys.has(keyOf(d)))].sort((a, b) => a.span.start - b.span.start),
    );

    // Only now, so that the text diagnostics are out before the worker competes for the CPU.
    const pending = guard(
      this.svc,
      'diagnostics',
      () => analyses.analyzeData(doc),
      () => undefined,
    );
    if (!pending) return;
    const outcome = await pending;
    // A newer edit or data change has its own analysis coming: never publish an older one over it.
    if (!outcome.ok || documents.get(uri)?.version !== version) return;
    this.carried.set(uri, { text, diagnostics: outcome.result.diagnostics.filter((d) => !quickKeys.has(keyOf(d))) });
    this.publish(doc, outcome.result.diagnostics);
    // Columns become known once the worker has the data: let the editor re-colour them (semantic tokens).
    if (this.svc.client.semanticRefresh) void this.svc.connection.languages.semanticTokens.refresh();
  }

  /** A data file changed on disk: the worker reloads it, and every open document linking it is re-checked without debounce. */
  dataChanged(absPath: string): void {
    this.svc.analyses.invalidate(absPath);
    for (const doc of this.svc.documents.all()) {
      const linked = guard(
        this.svc,
        'diagnostics',
        () => this.svc.analyses.dataPathOf(doc),
        () => undefined,
      );
      if (linked === absPath) void this.validate(doc.uri);
    }
  }

  /** The document was closed: stop pending work and clear its diagnostics in the editor. */
  clear(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending);
    this.timers.delete(uri);
    this.seen.delete(uri);
    this.carried.delete(uri);
    this.svc.analyses.drop(uri);
    void this.svc.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private publish(doc: TextDocument, diagnostics: readonly Diagnostic[]): void {
    guard(
      this.svc,
      'diagnostics',
      () => {
        const lines = this.svc.analyses.lines(doc);
        void this.svc.connection.sendDiagnostics({
          uri: doc.uri,
          version: doc.version,
          diagnostics: diagnostics.map((d) => toLspDiagnostic(d, lines)),
        });
      },
      () => undefined,
    );
  }
}
