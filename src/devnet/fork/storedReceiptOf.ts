import type { StoredReceipt } from "../chain/types.js";

type RpcObject = Record<string, unknown>;

/**
 * A remote receipt (eth_getTransactionReceipt's JSON) in the shape the chain stores its own. The
 * remote does not tell what the transaction returned: `returnValue` is empty, and traces of
 * remote blocks run each transaction to its end rather than take its outcome from here.
 */
export function storedReceiptOf(json: RpcObject): StoredReceipt {
  const big = (field: string): bigint => BigInt((json[field] as string | undefined) ?? "0x0");
  const address = (field: string): string | null =>
    typeof json[field] === "string" ? (json[field] as string).toLowerCase() : null;
  const status = big("status") === 1n ? 1 : 0;
  const receipt: StoredReceipt = {
    transactionHash: String(json.transactionHash),
    transactionIndex: Number(big("transactionIndex")),
    from: address("from") ?? "",
    to: address("to"),
    contractAddress: address("contractAddress"),
    gasUsed: big("gasUsed"),
    cumulativeGasUsed: big("cumulativeGasUsed"),
    effectiveGasPrice: big("effectiveGasPrice"),
    status,
    logs: ((json.logs as RpcObject[] | undefined) ?? []).map((log) => ({
      address: String(log.address).toLowerCase(),
      topics: (log.topics as string[]).map(String),
      data: String(log.data),
      logIndex: Number(BigInt(String(log.logIndex))),
    })),
    logsBloom: String(json.logsBloom),
    type: Number(big("type")),
    returnValue: new Uint8Array(),
    error: status === 1 ? undefined : "revert",
  };
  if (typeof json.blobGasUsed === "string") receipt.blobGasUsed = big("blobGasUsed");
  if (typeof json.blobGasPrice === "string") receipt.blobGasPrice = big("blobGasPrice");
  if (typeof json.root === "string") receipt.root = json.root;
  return receipt;
}
