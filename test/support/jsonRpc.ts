/**
 * Plain JSON-RPC over HTTP `fetch`, the way wallets and scripts that use no client library talk to
 * a node: the whole response envelope comes back, errors included, so tests can look at codes,
 * messages and `data` exactly as sent.
 */

export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

export interface JsonRpcEnvelope {
  readonly jsonrpc: "2.0";
  readonly id: number | string | null;
  readonly result?: unknown;
  readonly error?: JsonRpcErrorObject;
}

let nextId = 1;

/** POSTs one request and returns the response envelope, whatever it holds. */
export async function rpcEnvelope(
  url: string,
  method: string,
  params: readonly unknown[] = [],
): Promise<JsonRpcEnvelope> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
  });
  return (await res.json()) as JsonRpcEnvelope;
}

/** The result of a request; throws with the error object when the node answers with an error. */
export async function rpcResult<T = unknown>(
  url: string,
  method: string,
  params: readonly unknown[] = [],
): Promise<T> {
  const envelope = await rpcEnvelope(url, method, params);
  if (envelope.error !== undefined) {
    throw new Error(`${method} failed: ${envelope.error.code} ${envelope.error.message}`);
  }
  return envelope.result as T;
}

/** The error object of a request that must fail; throws when the node answers with a result. */
export async function rpcError(
  url: string,
  method: string,
  params: readonly unknown[] = [],
): Promise<JsonRpcErrorObject> {
  const envelope = await rpcEnvelope(url, method, params);
  if (envelope.error === undefined) {
    throw new Error(`${method} was expected to fail but returned ${JSON.stringify(envelope.result)}`);
  }
  return envelope.error;
}

/** A receipt as JSON-RPC returns it (the fields the tests look at). */
export interface RpcReceipt {
  readonly transactionHash: string;
  readonly transactionIndex: string;
  readonly blockHash: string;
  readonly blockNumber: string;
  readonly from: string;
  readonly to: string | null;
  readonly status: string;
  readonly gasUsed: string;
  readonly cumulativeGasUsed: string;
  readonly effectiveGasPrice: string;
  readonly contractAddress: string | null;
  readonly logsBloom: string;
  readonly type: string;
  readonly logs: readonly {
    readonly address: string;
    readonly topics: readonly string[];
    readonly data: string;
    readonly logIndex: string;
    readonly transactionIndex: string;
    readonly blockNumber: string;
  }[];
}

/**
 * Polls `eth_getTransactionReceipt` until the transaction is mined. Anvil may answer
 * `eth_sendRawTransaction` before its block exists; the devnet in automine mines first, so there
 * the first poll already finds it.
 */
export async function waitForReceipt(url: string, hash: string, timeoutMs = 10_000): Promise<RpcReceipt> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const receipt = await rpcResult<RpcReceipt | null>(url, "eth_getTransactionReceipt", [hash]);
    if (receipt !== null) return receipt;
    if (Date.now() > deadline) throw new Error(`no receipt for ${hash} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
