import { Worker } from "node:worker_threads";
import type { ThreadAnswer, ThreadCall } from "./messages.js";

type Call = ThreadCall extends infer C ? (C extends ThreadCall ? Omit<C, "id"> : never) : never;

/**
 * The main thread's side of the devnet thread (devnetThreadMain): one per process, started on
 * first use (before the tests, so that the devnet loads while Hardhat starts). The thread keeps
 * the process alive only while a call is waiting for its answer.
 */
export class DevnetThread {
  private static started: DevnetThread | undefined;
  private readonly waiting = new Map<number, (answer: ThreadAnswer) => void>();
  private nextCall = 1;
  /** Why the thread ended, once it has: every call then answers with it. */
  private ended: string | undefined;

  private constructor(private readonly worker: Worker) {
    worker.unref();
    worker.on("message", (answer: ThreadAnswer) => {
      const resolve = this.waiting.get(answer.id);
      this.waiting.delete(answer.id);
      if (this.waiting.size === 0) this.worker.unref();
      resolve?.(answer);
    });
    worker.on("error", (error) => {
      this.ended = `the devnet thread ended: ${String(error)}`;
      for (const [id, resolve] of this.waiting) resolve(this.endedAnswer(id));
      this.waiting.clear();
      if (DevnetThread.started === this) DevnetThread.started = undefined;
    });
  }

  /** The process's devnet thread, started if it was not. */
  static shared(): DevnetThread {
    DevnetThread.started ??= new DevnetThread(new Worker(new URL("./devnetThreadEntry.js", import.meta.url)));
    return DevnetThread.started;
  }

  /** Sends a call and waits for its answer (which may carry an error). */
  call(call: Call): Promise<ThreadAnswer> {
    const id = this.nextCall++;
    if (this.ended !== undefined) return Promise.resolve(this.endedAnswer(id));
    if (this.waiting.size === 0) this.worker.ref();
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ ...call, id });
    });
  }

  private endedAnswer(id: number): ThreadAnswer {
    return { id, error: { code: -32603, message: this.ended ?? "" } };
  }
}
