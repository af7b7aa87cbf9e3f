/**
 * A devnet with every method, served over real HTTP and WebSocket on a free port, and a small
 * JSON-RPC client that keeps error objects for code checks. Shared by the RPC method tests.
 */

import type { Devnet } from "../../src/devnet/Devnet.js";
import type { DevnetOptions } from "../../src/devnet/DevnetOptions.js";
import { createDevnet } from "../../src/rpc/createDevnet.js";
import type { RpcHandler } from "../../src/rpc/handler.js";

export interface DevnetServer {
  devnet: Devnet;
  handler: RpcHandler;
  url: string;
  wsUrl: string;
  close(): Promise<void>;
}

/** Sequential execution unless told otherwise. */
export async function startDevnetServer(options: Partial<DevnetOptions> = {}): Promise<DevnetServer> {
  const handle = await createDevnet({ sequential: true, ...options });
  const { url, wsUrl } = await handle.listen({ port: 0 });
  return { devnet: handle.devnet, handler: handle.handler, url, wsUrl, close: () => handle.close() };
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
}
