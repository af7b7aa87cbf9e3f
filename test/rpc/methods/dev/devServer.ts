/**
 * What the dev-method tests share: a devnet served over real HTTP with the read methods, the dev
 * methods and the transaction methods. eth_sendTransaction is wired as it will be in the devnet:
 * a sender without a key but impersonated goes through `impersonatedSend`.
 */
import { Devnet, type DevnetOptions } from "../../../../src/devnet/Devnet.js";
import { createHandler, type RpcHandler } from "../../../../src/rpc/handler.js";
import { impersonatedSend } from "../../../../src/rpc/methods/anvil/impersonatedSend.js";
import { define } from "../../../../src/rpc/methods/define.js";
import { devMethods } from "../../../../src/rpc/methods/devMethods.js";
import { eth_call } from "../../../../src/rpc/methods/eth/eth_call.js";
import { eth_createAccessList } from "../../../../src/rpc/methods/eth/eth_createAccessList.js";
import { eth_estimateGas } from "../../../../src/rpc/methods/eth/eth_estimateGas.js";
import { eth_sendRawTransaction } from "../../../../src/rpc/methods/eth/eth_sendRawTransaction.js";
import { eth_sendTransaction } from "../../../../src/rpc/methods/eth/eth_sendTransaction.js";
import { readMethods } from "../../../../src/rpc/methods/readMethods.js";
import { MethodRegistry } from "../../../../src/rpc/registry.js";
import { startServer } from "../../../../src/rpc/server.js";
import type { RpcMethod } from "../../../../src/rpc/types.js";

/** eth_sendTransaction: dev accounts sign, impersonated senders go through impersonatedSend. */
const sendTransaction = define({
  name: "eth_sendTransaction",
  params: eth_sendTransaction.params,
  handler: (ctx, params) => {
    const [request] = params;
    const from = request.from;
    if (from !== undefined && ctx.devnet.keyOf(from) === undefined && ctx.devnet.isImpersonated(from)) {
      return impersonatedSend(ctx.devnet, request);
    }
    return eth_sendTransaction.handler(ctx, params);
  },
});

export interface DevTestServer {
  devnet: Devnet;
  handler: RpcHandler;
  url: string;
  close(): Promise<void>;
}

/** A devnet (sequential execution unless told otherwise) on a free port. */
export async function startDevServer(options: Partial<DevnetOptions> = {}): Promise<DevTestServer> {
  const devnet = await Devnet.create({ sequential: true, ...options });
  const registry = new MethodRegistry<Devnet>().register(
    ...readMethods,
    ...devMethods,
    ...([
      eth_sendRawTransaction,
      sendTransaction,
      eth_call,
      eth_estimateGas,
      eth_createAccessList,
    ] as RpcMethod<Devnet>[]),
  );
  const handler = createHandler(registry, devnet);
  const server = await startServer({ host: "127.0.0.1", port: 0, handler });
  return {
    devnet,
    handler,
    url: server.url,
    async close() {
      await server.close();
      await devnet.close();
    },
  };
}

/** A JSON-RPC client over fetch that keeps the last error object (for code checks). */
export class Rpc {
  private nextId = 1;

  constructor(readonly url: string) {}

  /** The whole response envelope. */
  async envelope(method: string, params: unknown[] = []): Promise<{ result?: unknown; error?: RpcError }> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params }),
    });
    return (await response.json()) as { result?: unknown; error?: RpcError };
  }

  /** The result; throws with the error's code and message when the node answers an error. */
  async call<T = unknown>(method: string, ...params: unknown[]): Promise<T> {
    const { result, error } = await this.envelope(method, params);
    if (error !== undefined) throw new Error(`${method} failed: ${error.code} ${error.message}`);
    return result as T;
  }

  /** The error of a call that must fail. */
  async error(method: string, ...params: unknown[]): Promise<RpcError> {
    const { result, error } = await this.envelope(method, params);
    if (error === undefined) throw new Error(`${method} succeeded: ${JSON.stringify(result)}`);
    return error;
  }

  /** The latest block (timestamps, miners, fees...). */
  latest(): Promise<RpcBlock> {
    return this.call<RpcBlock>("eth_getBlockByNumber", "latest", false);
  }
}

export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

export interface RpcBlock {
  number: string;
  hash: string;
  timestamp: string;
  miner: string;
  gasLimit: string;
  baseFeePerGas?: string;
  mixHash: string;
  transactions: string[];
}
