import type { MinedBlock, StoredLog, StoredReceipt } from "../../devnet/chain/types.js";
import { toQuantity } from "./quantity.js";

/** A log as eth_getLogs and receipts serve it. */
export interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockHash: string;
  blockNumber: string;
  blockTimestamp: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  /** True in what log filters and subscriptions are told of a block taken off the chain. */
  removed: boolean;
}

/**
 * The JSON of a mined log, with the block and transaction that emitted it.
 * @example formatLog(receipt.logs[0], mined, receipt).logIndex // "0x0"
 */
export function formatLog(log: StoredLog, mined: MinedBlock, receipt: StoredReceipt): RpcLog {
  return {
    address: log.address,
    topics: [...log.topics],
    data: log.data,
    blockHash: mined.hash,
    blockNumber: toQuantity(mined.number),
    blockTimestamp: toQuantity(mined.block.header.timestamp),
    transactionHash: receipt.transactionHash,
    transactionIndex: toQuantity(receipt.transactionIndex),
    logIndex: toQuantity(log.logIndex),
    removed: false,
  };
}
