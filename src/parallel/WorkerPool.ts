/**
 * WorkerPool: the worker threads of the parallel engine, started once and kept between blocks.
 * A worker that crashes (an 'error' or 'exit') fails the block in progress — the caller falls
 * back to sequential execution — and is replaced by a fresh one for the next block.
 */
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AnswerSignal } from "./AnswerSignal.js";
import type { FromWorker, ToWorker, WorkerAnswer } from "./messages.js";
import { staleBuiltModules } from "./staleBuiltModules.js";

/**
 * The compiled worker script. Under vitest this module runs from src/ but worker threads cannot
 * load TypeScript (Node 20 does not strip types, and vitest does not reach into worker_threads),
 * so they run dist/: a build older than the sources would test yesterday's engine and pass.
 * Resolved once, at load, so that a stale build fails the test run instead of a spawn, which the
 * devnet would absorb by falling back to sequential execution.
 */
const WORKER_SCRIPT = workerScript();

function workerScript(): URL {
  const here = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return bundledIfFresh(here);
  const built = new URL("../../dist/parallel/worker.js", import.meta.url);
  const stale = staleBuiltModules(
    fileURLToPath(new URL("./worker.ts", import.meta.url)),
    fileURLToPath(new URL("../", import.meta.url)),
    fileURLToPath(new URL("../../dist/", import.meta.url)),
  );
  if (stale.length > 0) {
    const more = stale.length > 1 ? ` (and ${stale.length - 1} more)` : "";
    throw new Error(
      `dist/ is older than src/: the worker threads would run an old build of ${stale[0]}${more}. Run \`npm run build\``,
    );
  }
  return bundledIfFresh(built);
}

/**
 * The one-file build of the worker (dist/bundle/worker.js, from scripts/bundle.mjs) in place of
 * `worker` (dist/parallel/worker.js) when it was built after it: one module loads in about a
 * quarter of the time of the ~450 behind dist's, and every worker of a pool pays that at start.
 * Older (dist/ rebuilt by `tsc` alone, in a checkout), or missing, it is not used. From the
 * bundle itself, `worker` is that file already.
 */
export function bundledIfFresh(worker: URL): URL {
  const bundled = new URL("../bundle/worker.js", worker);
  if (!existsSync(bundled)) return worker;
  // In an installed package (no src/ beside dist/) the dates are those the extraction left, in
  // the tarball's order: they say nothing, and the bundle is the build.
  if (!existsSync(new URL("../../src", worker))) return bundled;
  try {
    return statSync(bundled).mtimeMs >= statSync(worker).mtimeMs ? bundled : worker;
  } catch {
    return worker;
  }
}

export class WorkerPool {
  private workers: (Worker | undefined)[];
  /** Per worker: it answered "warm" (its context built, its warm-up over). */
  private warmed: boolean[];
  /** Per worker, whether it has posted what has not arrived yet (see AnswerSignal). */
  private signals: (AnswerSignal | undefined)[];
  private listener: ((worker: number, message: WorkerAnswer) => void) | undefined;
  private failure: ((error: Error) => void) | undefined;
  /** Workers whose answers go unheard (see hang). */
  private readonly unheard = new WeakSet<Worker>();
  /** Bumped whenever a worker is replaced: its state replica must be sent again. */
  generation = 0;

  constructor(readonly size: number) {
    this.workers = new Array(size).fill(undefined);
    this.warmed = new Array(size).fill(false);
    this.signals = new Array(size).fill(undefined);
  }

  private spawn(id: number): Worker {
    const signal = new AnswerSignal();
    const worker = new Worker(WORKER_SCRIPT, { workerData: { answers: signal.shared } });
    worker.on("message", (message: FromWorker) => {
      signal.received();
      if (this.unheard.has(worker)) return;
      if (message.type === "warm") {
        if (this.workers[id] === worker) this.warmed[id] = true;
        return;
      }
      this.listener?.(id, message);
    });
    const fail = (error: Error) => {
      if (this.workers[id] === worker) {
        this.workers[id] = undefined;
        this.generation++;
      }
      this.failure?.(error);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`worker ${id} exited with code ${code}`)));
    worker.unref();
    this.workers[id] = worker;
    this.warmed[id] = false;
    this.signals[id] = signal;
    return worker;
  }

  /** Ensures every worker runs; returns true when some had to be (re)started. */
  start(): boolean {
    let started = false;
    for (let id = 0; id < this.size; id++) {
      if (this.workers[id] === undefined) {
        this.spawn(id);
        started = true;
      }
    }
    return started;
  }

  /** Every worker runs and has answered "warm" to a "prepare" (false for a pool of none). */
  get warm(): boolean {
    return this.size > 0 && this.workers.every((worker, id) => worker !== undefined && this.warmed[id]);
  }

  /** How many workers run now. */
  get running(): number {
    return this.workers.filter((worker) => worker !== undefined).length;
  }

  /**
   * Worker `id` has posted an answer that has not arrived yet: a thread busy with work of its own
   * lets its event loop run to hear it (see AnswerSignal).
   */
  answerWaitingFrom(id: number): boolean {
    return this.signals[id]?.waiting === true;
  }

  post(id: number, message: ToWorker): void {
    this.workers[id]?.postMessage(message);
  }

  broadcast(message: ToWorker): void {
    for (let id = 0; id < this.size; id++) this.post(id, message);
  }

  /** Routes worker messages and failures to the block in progress. */
  attach(
    onMessage: (worker: number, message: WorkerAnswer) => void,
    onFailure: (error: Error) => void,
  ): void {
    this.listener = onMessage;
    this.failure = onFailure;
  }

  detach(): void {
    this.listener = undefined;
    this.failure = undefined;
  }

  /** Stops a worker (tests use it to crash one mid-block). */
  async kill(id: number): Promise<void> {
    await this.workers[id]?.terminate();
  }

  /** Makes a worker look hung: it keeps running, its answers go unheard (tests use it). */
  hang(id: number): void {
    const worker = this.workers[id];
    if (worker !== undefined) this.unheard.add(worker);
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = new Array(this.size).fill(undefined);
    this.warmed.fill(false);
    this.generation++;
    await Promise.all(workers.map((worker) => worker?.terminate()));
  }
}
