/**
 * Worker thread of RawTxSender: sends raw transactions with `eth_sendRawTransaction` over HTTP,
 * one request awaited after the other, and reports the last hash. Running the client here keeps
 * its HTTP cost off the main thread, where an in-process devnet serves the requests (anvil and
 * `hardhat node` are measured with the client in another process too).
 */
import { parentPort } from "node:worker_threads";
import { LeanJsonRpcClient } from "./leanHttpClient.ts";

export type SenderRequest = { url: string; transactions: string[] };
export type SenderReply = { kind: "done"; lastHash: string } | { kind: "failed"; error: string };

if (parentPort === null) throw new Error("rawTxSenderWorker.ts runs as a worker thread");
const port = parentPort;

port.on("message", (request: SenderRequest) => {
  const send = async (): Promise<SenderReply> => {
    const rpc = new LeanJsonRpcClient(request.url);
    let lastHash = "";
    for (const raw of request.transactions)
      lastHash = await rpc.call<string>("eth_sendRawTransaction", [raw]);
    rpc.close();
    return { kind: "done", lastHash };
  };
  send().then(
    (reply) => port.postMessage(reply),
    (error: unknown) =>
      port.postMessage({
        kind: "failed",
        error: error instanceof Error ? error.message : String(error),
      } satisfies SenderReply),
  );
});
port.postMessage({ kind: "ready" });
