/**
 * The shapes Otterscan's methods answer in, as anvil serves them: a block without its
 * transactions but with their count, a receipt with its block's `timestamp`, and transactions
 * with their receipts.
 */
import type { MinedBlock, TxLocation } from "../../../devnet/chain/types.js";
import type { Devnet } from "../../../devnet/Devnet.js";
import { formatBlock, type RpcBlock } from "../../format/formatBlock.js";
import { formatReceipt, type RpcReceipt } from "../../format/formatReceipt.js";
import { formatMinedTransaction, type RpcTransaction } from "../../format/formatTransaction.js";
import { toQuantity } from "../../format/quantity.js";

export type OtsBlock = Omit<RpcBlock, "transactions"> & { transactionCount: number };
export type OtsReceipt = Omit<RpcReceipt, "blockTimestamp"> & { timestamp: string };

/** The block with `transactionCount` in place of its transactions (and full ones when asked). */
export function otsBlock(
  mined: MinedBlock,
  transactions?: RpcTransaction[],
): OtsBlock & { transactions?: RpcTransaction[] } {
  const { transactions: _hashes, withdrawals, ...header } = formatBlock(mined, false);
  return {
    ...header,
    ...(transactions === undefined ? {} : { transactions }),
    ...(withdrawals === undefined ? {} : { withdrawals }),
    transactionCount: mined.block.transactions.length,
  };
}

export function otsReceipt(mined: MinedBlock, index: number): OtsReceipt {
  const { blockTimestamp: _seconds, ...receipt } = formatReceipt(mined, index) as RpcReceipt;
  return { ...receipt, timestamp: toQuantity(mined.block.header.timestamp) };
}

/** Transactions by location, with their receipts, in the given order. */
export function transactionsWithReceipts(
  devnet: Devnet,
  locations: readonly TxLocation[],
): { txs: RpcTransaction[]; receipts: OtsReceipt[] } {
  const txs: RpcTransaction[] = [];
  const receipts: OtsReceipt[] = [];
  for (const { blockNumber, index } of locations) {
    const mined = devnet.chain.byNumber(blockNumber) as MinedBlock;
    txs.push(formatMinedTransaction(mined, index) as RpcTransaction);
    receipts.push(otsReceipt(mined, index));
  }
  return { txs, receipts };
}
