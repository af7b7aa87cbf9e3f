/**
 * What the debug-method tests share: a devnet served over real HTTP with the read methods, the
 * transaction methods and the debug methods (until allMethods registers them), and a small
 * JSON-RPC client.
 */
import { Devnet, type DevnetOptions } from "../../../../src/devnet/Devnet.js";
import { createHandler } from "../../../../src/rpc/handler.js";
import { debugMethods } from "../../../../src/rpc/methods/debug/debugMethods.js";
import { devMethods } from "../../../../src/rpc/methods/devMethods.js";
import { eth_call } from "../../../../src/rpc/methods/eth/eth_call.js";
import { eth_estimateGas } from "../../../../src/rpc/methods/eth/eth_estimateGas.js";
import { eth_sendRawTransaction } from "../../../../src/rpc/methods/eth/eth_sendRawTransaction.js";
import { eth_sendTransaction } from "../../../../src/rpc/methods/eth/eth_sendTransaction.js";
import { readMethods } from "../../../../src/rpc/methods/readMethods.js";
import { MethodRegistry } from "../../../../src/rpc/registry.js";
import { startServer } from "../../../../src/rpc/server.js";
import type { RpcMethod } from "../../../../src/rpc/types.js";

export interface DebugTestServer {
  devnet: Devnet;
  url: string;
  close(): Promise<void>;
}

/** A devnet (sequential execution unless told otherwise) with the debug methods, on a free port. */
export async function startDebugServer(options: Partial<DevnetOptions> = {}): Promise<DebugTestServer> {
  const devnet = await Devnet.create({ sequential: true, ...options });
  const registry = new MethodRegistry<Devnet>().register(
    ...readMethods,
    ...devMethods,
    ...debugMethods,
    ...([eth_sendRawTransaction, eth_sendTransaction, eth_call, eth_estimateGas] as RpcMethod<Devnet>[]),
  );
  const server = await startServer({ host: "127.0.0.1", port: 0, handler: createHandler(registry, devnet) });
  return {
    devnet,
    url: server.url,
    async close() {
      await server.close();
      await devnet.close();
    },
  };
}

export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

/** JSON-RPC over fetch; `envelope` keeps errors for code checks. */
export class Rpc {
  private nextId = 1;

  constructor(readonly url: string) {}

  async envelope(method: string, params: unknown[] = []): Promise<{ result?: unknown; error?: RpcError }> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params }),
    });
    return (await response.json()) as { result?: unknown; error?: RpcError };
  }

  async call<T = unknown>(method: string, ...params: unknown[]): Promise<T> {
    const { result, error } = await this.envelope(method, params);
    if (error !== undefined) throw new Error(`${method} failed: ${error.code} ${error.message}`);
    return result as T;
  }

  async error(method: string, ...params: unknown[]): Promise<RpcError> {
    const { result, error } = await this.envelope(method, params);
    if (error === undefined) throw new Error(`${method} succeeded: ${JSON.stringify(result)}`);
    return error;
  }
}
