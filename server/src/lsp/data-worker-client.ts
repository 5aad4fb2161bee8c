// The server's side of the data worker: one job in flight, only the newest analysis queued per document, superseded answers dropped.

import type { Worker } from 'node:worker_threads';
import type {
  AnalyzeResult,
  DataVersion,
  FromWorker,
  Job,
  LoadJob,
  RowsJob,
  RowsResult,
  ToWorker,
  WorkerInit,
} from '../node/data-worker-protocol.ts';
import { spawnWorker } from '../node/spawn-worker.ts';

/** The worker's analysis, or why there is none: a newer job for the document replaced it, or the worker failed. */
export type Outcome =
  | { readonly ok: true; readonly result: AnalyzeResult }
  | { readonly ok: false; readonly reason: 'superseded' | 'failed' };

type Answer = Extract<FromWorker, { kind: 'result' | 'loaded' | 'rows' }> | 'superseded' | 'failed';

interface Pending {
  readonly job: Job;
  readonly done: (a: Answer) => void;
}

export class DataWorker {
  private worker?: Worker;
  private readonly abort = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  private seq = 0;
  private inFlight?: Pending;
  /** Jobs not yet sent: analyses by document (the newest only), loads for fits by `load#seq` (each one answered). */
  private readonly queue = new Map<string, Pending>();
  /** The seq of the newest analysis per document: any other answer for it is stale. */
  private readonly latest = new Map<string, number>();
  /** The highest data generation seen, so a restarted worker continues after it. */
  private lastGen = 0;

  /** `onData` receives every data version the worker loads (its column summaries, values in shared memory). */
  constructor(
    private readonly log: (message: string) => void,
    private readonly onData: (v: DataVersion) => void,
  ) {}

  /** Analyses a document version with its data; resolves when done, superseded (by a newer job for it) or failed. */
  async analyze(
    uri: string,
    version: number,
    text: string,
    dataAbs: string,
    dataPath: string,
    na?: readonly string[],
    table?: string,
  ): Promise<Outcome> {
    const seq = ++this.seq;
    this.latest.set(uri, seq);
    this.queue.get(uri)?.done('superseded');
    // A long analysis of an older text is abandoned at its next checkpoint (it cannot be interrupted mid-way).
    this.abandonInFlight(uri);
    const a = await this.submit(uri, { kind: 'analyze', seq, uri, version, text, dataAbs, dataPath, na, table });
    if (typeof a === 'string') return { ok: false, reason: a };
    return a.kind === 'result' ? { ok: true, result: a } : { ok: false, reason: 'failed' };
  }

  /** The data file as it is on disk now (read again if it changed), for a fit; undefined if the worker failed. */
  async load(job: Omit<LoadJob, 'kind' | 'seq'>): Promise<DataVersion | undefined> {
    const seq = ++this.seq;
    const a = await this.submit(`load#${seq}`, { kind: 'load', seq, ...job });
    return typeof a !== 'string' && a.kind === 'loaded' ? a.data : undefined;
  }

  /** A window of the data file as the worker holds it (read again only if it changed), for the data viewer. */
  async rows(job: Omit<RowsJob, 'kind' | 'seq'>): Promise<RowsResult | undefined> {
    const seq = ++this.seq;
    const a = await this.submit(`rows#${seq}`, { kind: 'rows', seq, ...job });
    return typeof a !== 'string' && a.kind === 'rows' ? a : undefined;
  }

  /** A data file changed on disk: the worker must read it again, even if its mtime and size look unchanged. */
  invalidate(dataAbs: string): void {
    this.worker?.postMessage({ kind: 'invalidate', dataAbs } satisfies ToWorker);
  }

  /** The document was closed: forget its pending analysis. */
  drop(uri: string): void {
    this.queue.get(uri)?.done('superseded');
    this.queue.delete(uri);
    this.latest.delete(uri);
    this.abandonInFlight(uri);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private abandonInFlight(uri: string): void {
    const job = this.inFlight?.job;
    if (job?.kind === 'analyze' && job.uri === uri) Atomics.store(new Int32Array(this.abort), 0, job.seq);
  }

  private submit(key: string, job: Job): Promise<Answer> {
    return new Promise((done) => {
      this.queue.set(key, { job, done });
      this.pump();
    });
  }

  private pump(): void {
    if (this.inFlight) return;
    const next = this.queue.entries().next();
    if (next.done) return;
    const [key, p] = next.value;
    this.queue.delete(key);
    this.inFlight = p;
    try {
      this.ensureWorker().postMessage(p.job satisfies ToWorker);
    } catch (e) {
      this.log(`mle: the data worker could not start: ${String(e)}`);
      this.finish(p.job.seq, 'failed');
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = spawnWorker('data-worker', { abort: this.abort, firstGen: this.lastGen } satisfies WorkerInit);
    // The worker never keeps the server alive on its own: the connection does.
    w.unref();
    w.on('message', (m: FromWorker) => this.receive(m));
    w.on('error', (e) => this.log(`mle: the data worker failed: ${e.stack ?? e.message}`));
    w.on('exit', (code) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      if (code !== 0) this.log(`mle: the data worker exited with code ${code}; it restarts with the next job`);
      if (this.inFlight) this.finish(this.inFlight.job.seq, 'failed');
    });
    this.worker = w;
    return w;
  }

  private receive(m: FromWorker): void {
    switch (m.kind) {
      case 'data':
        this.lastGen = Math.max(this.lastGen, m.data.gen);
        this.onData(m.data);
        return;
      case 'failed':
        this.log(`mle: the data analysis failed: ${m.message}`);
        return this.finish(m.seq, 'failed');
      case 'skipped':
        return this.finish(m.seq, 'superseded');
      default:
        return this.finish(m.seq, m);
    }
  }

  /** Settles the in-flight job `seq` (an analysis no longer the newest for its document becomes "superseded"), then sends the next. */
  private finish(seq: number, answer: Answer): void {
    const p = this.inFlight;
    if (!p || p.job.seq !== seq) return;
    this.inFlight = undefined;
    const stale = p.job.kind === 'analyze' && this.latest.get(p.job.uri) !== seq;
    p.done(stale && typeof answer !== 'string' ? 'superseded' : answer);
    this.pump();
  }
}
