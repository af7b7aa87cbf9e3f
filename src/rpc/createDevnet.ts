/**
 * The devnet as a library: an EIP-1193 provider in-process, and `listen()` to serve it over
 * HTTP and WebSocket.
 * @example
 * const devnet = await createDevnet();
 * await devnet.request({ method: "eth_blockNumber" }); // "0x0"
 * const { url } = await devnet.listen({ port: 8545 });
 */

import { Devnet } from "../devnet/Devnet.js";
import type { DevnetOptions } from "../devnet/DevnetOptions.js";
import { DevnetError, isDevnetError } from "../errors/DevnetError.js";
import { openConnection } from "./connection.js";
import { createHandler, type RpcHandler } from "./handler.js";
import { createMethodRegistry } from "./methods/allMethods.js";
import { mayReadBlockHashes } from "./readsBlockHashes.js";
import { reportPages } from "./reportPages.js";
import type { JsonRpcResponse, Notification } from "./types.js";

export interface DevnetHandle {
  /** The chain itself (state, blocks, pool). */
  devnet: Devnet;
  /** EIP-1193: resolves with the result, rejects with an error carrying `code` and `data`. */
  request(args: { method: string; params?: unknown[] | object }): Promise<unknown>;
  /** Subscriptions push through here (eth_subscribe over the in-process provider). */
  on(event: "message", listener: (message: { type: "eth_subscription"; data: unknown }) => void): void;
  /** Serves the devnet over HTTP and WebSocket on one port. */
  listen(options?: { host?: string; port?: number }): Promise<{ url: string; wsUrl: string; port: number }>;
  /** Stops the server (if any) and the miner. */
  close(): Promise<void>;
  /** The JSON-RPC handler (for transports of your own). */
  handler: RpcHandler;
}

export interface CreateDevnetOptions extends Partial<DevnetOptions> {
  /**
   * Called with each request's method name while logging is on (anvil_setLoggingEnabled); the
   * CLI prints them unless --silent.
   */
  onRequest?: (method: string) => void;
}

export async function createDevnet(options: CreateDevnetOptions = {}): Promise<DevnetHandle> {
  const { onRequest, ...devnetOptions } = options;
  const devnet = await Devnet.create(devnetOptions);
  const handler = createHandler(createMethodRegistry(), devnet, {
    retry: (error) => devnet.loadMiss(error),
    // Requests wait for KZG (loading since start, see Devnet.kzgLoaded), for a block whose
    // transaction was answered before it was mined (Devnet.blockInFlight), and reads of blocks
    // for the reserved blocks' hashes.
    before: async (method) => {
      await devnet.kzgLoaded();
      await devnet.blockInFlight;
      if (mayReadBlockHashes(method)) await devnet.reservedHashesKnown();
    },
    // The engine's warm-up waits for a moment without requests, and pauses during them
    // (BlockExecutorChoice).
    onRequest: (method: string) => {
      devnet.executor.workStarted();
      if (onRequest !== undefined && devnet.loggingEnabled) onRequest(method);
    },
    onRequestDone: () => devnet.executor.workDone(),
  });
  const listeners: ((message: { type: "eth_subscription"; data: unknown }) => void)[] = [];
  const push = (notification: Notification) => {
    for (const listener of listeners) listener({ type: "eth_subscription", data: notification.params });
  };
  const { connection, close: closeConnection } = openConnection("in-process", push);
  let server: { close(): Promise<void> } | undefined;
  let nextId = 1;

  return {
    devnet,
    handler,
    async request({ method, params }) {
      const response = (await handler.handle(
        { jsonrpc: "2.0", id: nextId++, method, params: params ?? [] },
        connection,
      )) as JsonRpcResponse;
      if ("error" in response) {
        throw new DevnetError(response.error.code, response.error.message, { data: response.error.data });
      }
      return response.result;
    },
    on(_event, listener) {
      listeners.push(listener);
    },
    async listen({ host = "127.0.0.1", port = 8545 } = {}) {
      // Loaded here: an in-process devnet (a Hardhat suite's connections) never pays for express
      // and ws.
      const { startServer } = await import("./server.js");
      const running = await startServer({ host, port, handler, pages: reportPages(devnet) });
      server = running;
      return { url: running.url, wsUrl: running.wsUrl, port: running.port };
    },
    async close() {
      closeConnection();
      await server?.close();
      await devnet.close();
    },
  };
}

export { isDevnetError };
