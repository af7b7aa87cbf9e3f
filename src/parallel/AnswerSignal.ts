/**
 * AnswerSignal: tells the coordinator's thread, without handling it, that a worker has posted an
 * answer it has not heard yet.
 *
 * The coordinator executes chunks of its own, and a worker's answer waits in its event queue
 * until such a chunk ends. On real blocks a chunk of a few swaps takes 10-20 ms, and the worker,
 * its results posted, sat idle that long with nothing new to run (mainnet block 17034869: its
 * first chunk done after 11 ms, heard after 23). With this signal the coordinator looks between
 * two of its transactions, and hears the answer there.
 *
 * A worker counts what it posts in memory both threads share; the coordinator counts what it
 * receives. They differ while an answer is on its way.
 */

/** The worker's side: count each message once it is posted. */
export class AnswerCount {
  private readonly posted: Int32Array;

  constructor(shared: SharedArrayBuffer) {
    this.posted = new Int32Array(shared);
  }

  /** A message was posted to the coordinator. */
  bump(): void {
    Atomics.add(this.posted, 0, 1);
  }
}

/** The coordinator's side, one per worker (a replaced worker gets a new one). */
export class AnswerSignal {
  readonly shared = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  private readonly posted = new Int32Array(this.shared);
  private heard = 0;

  /** A message of the worker's arrived. */
  received(): void {
    this.heard++;
  }

  /** The worker has posted a message that has not arrived yet. */
  get waiting(): boolean {
    return Atomics.load(this.posted, 0) !== this.heard;
  }
}
