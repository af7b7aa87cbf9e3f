/**
 * A JSON-RPC client on its own thread (see rawTxSenderWorker.ts) that sends lists of raw
 * transactions; the caller times each list from the request to the reply.
 */
import { Worker } from "node:worker_threads";
import type { SenderReply, SenderRequest } from "./rawTxSenderWorker.ts";

export class RawTxSender {
  private readonly worker: Worker;
  private readonly ready: Promise<void>;

  constructor() {
    this.worker = new Worker(new URL("./rawTxSenderWorker.ts", import.meta.url));
    this.ready = new Promise((resolve, reject) => {
      this.worker.once("message", () => resolve());
      this.worker.once("error", reject);
    });
  }

  /** Resolves once the worker runs (so that its start-up is not timed). */
  started(): Promise<void> {
    return this.ready;
  }

  /** Sends the raw transactions (0x hex) in order; resolves with the last one's hash. */
  async send(url: string, transactions: string[]): Promise<string> {
    await this.ready;
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.worker.once("error", onError);
      this.worker.once("message", (reply: SenderReply) => {
        this.worker.off("error", onError);
        if (reply.kind === "done") resolve(reply.lastHash);
        else reject(new Error(`eth_sendRawTransaction: ${reply.error}`));
      });
      this.worker.postMessage({ url, transactions } satisfies SenderRequest);
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
