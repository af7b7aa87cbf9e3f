import type { MinedBlock } from "../../devnet/chain/types.js";
import { formatLog, type RpcLog } from "./formatLog.js";
import { toQuantity } from "./quantity.js";

/** A receipt as eth_getTransactionReceipt serves it (anvil's fields). */
export interface RpcReceipt {
  type: string;
  /** "0x1" success, "0x0" failure; absent before Byzantium, where `root` stands instead. */
  status?: string;
  root?: string;
  cumulativeGasUsed: string;
  logs: RpcLog[];
  logsBloom: string;
  transactionHash: string;
  transactionIndex: string;
  blockHash: string;
  blockNumber: string;
  gasUsed: string;
  effectiveGasPrice: string;
  blobGasUsed?: string;
  blobGasPrice?: string;
  from: string;
  to: string | null;
  contractAddress: string | null;
  /** Seconds, as a JSON number: anvil serves it this way. */
  blockTimestamp: number;
}

/**
 * The JSON of the receipt of the transaction at `index` in a mined block, or undefined when
 * the block has no such transaction.
 * @example formatReceipt(devnet.head, 0)?.status // "0x1"
 */
export function formatReceipt(mined: MinedBlock, index: number): RpcReceipt | undefined {
  const receipt = mined.receipts[index];
  if (receipt === undefined) return undefined;
  const out: RpcReceipt = {
    type: toQuantity(receipt.type),
    cumulativeGasUsed: toQuantity(receipt.cumulativeGasUsed),
    logs: receipt.logs.map((log) => formatLog(log, mined, receipt)),
    logsBloom: receipt.logsBloom,
    transactionHash: receipt.transactionHash,
    transactionIndex: toQuantity(receipt.transactionIndex),
    blockHash: mined.hash,
    blockNumber: toQuantity(mined.number),
    gasUsed: toQuantity(receipt.gasUsed),
    effectiveGasPrice: toQuantity(receipt.effectiveGasPrice),
    from: receipt.from.toLowerCase(),
    to: receipt.to === null ? null : receipt.to.toLowerCase(),
    contractAddress: receipt.contractAddress === null ? null : receipt.contractAddress.toLowerCase(),
    blockTimestamp: Number(mined.block.header.timestamp),
  };
  if (receipt.root !== undefined) out.root = receipt.root;
  else out.status = toQuantity(receipt.status);
  if (receipt.type === 3) {
    out.blobGasUsed = toQuantity(receipt.blobGasUsed ?? 0n);
    out.blobGasPrice = toQuantity(receipt.blobGasPrice ?? 0n);
  }
  return out;
}
