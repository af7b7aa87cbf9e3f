/**
 * Otterscan's address-history pages (ots_searchTransactionsBefore / After) over an
 * {@link AddressHistory}, paged as anvil pages them: whole blocks, newest first, until a page
 * holds at least `pageSize` transactions.
 *
 * - Before `block` (0: from the head): blocks below it, newest first; within a block, the last
 *   transaction first. `firstPage` when the search starts at the head.
 * - After `block` (0: from block 1): blocks above it, oldest first, the page then turned over, so
 *   blocks run newest first and, within a block, the first transaction first. `lastPage` when it
 *   starts at block 1.
 * - The other end (`lastPage` before, `firstPage` after) is reached when the search ran out of
 *   blocks before the page filled, or filled it with the chain's last block that way; a page that
 *   fills earlier says there is more, even when no block beyond it touches the address.
 */
import type { TxLocation } from "../chain/types.js";
import type { Devnet } from "../Devnet.js";
import { AddressHistory } from "./AddressHistory.js";

export interface TransactionsPage {
  transactions: TxLocation[];
  firstPage: boolean;
  lastPage: boolean;
}

const FIRST_BLOCK = 1n;

export async function searchTransactionsBefore(
  devnet: Devnet,
  address: string,
  block: bigint,
  pageSize: number,
): Promise<TransactionsPage> {
  const head = devnet.chain.height;
  const from = block === 0n ? head : block - 1n;
  const all = await AddressHistory.of(devnet).transactionsOf(address);
  const blocks = groupByBlock(
    all.filter((tx) => tx.blockNumber <= from && tx.blockNumber >= FIRST_BLOCK),
  ).reverse();
  const { transactions, filledAt } = fill(blocks, pageSize);
  return {
    transactions,
    firstPage: from >= head,
    lastPage: from >= FIRST_BLOCK && (filledAt === undefined || filledAt === FIRST_BLOCK),
  };
}

export async function searchTransactionsAfter(
  devnet: Devnet,
  address: string,
  block: bigint,
  pageSize: number,
): Promise<TransactionsPage> {
  const head = devnet.chain.height;
  const from = block === 0n ? FIRST_BLOCK : block + 1n;
  const all = await AddressHistory.of(devnet).transactionsOf(address);
  const blocks = groupByBlock(all.filter((tx) => tx.blockNumber >= from));
  const { transactions, filledAt } = fill(blocks, pageSize);
  return {
    transactions: transactions.reverse(),
    firstPage: from >= head || filledAt === undefined || filledAt === head,
    lastPage: from === FIRST_BLOCK && from <= head,
  };
}

/** Whole blocks, each last transaction first, until `pageSize` is reached; the block that filled it. */
function fill(blocks: TxLocation[][], pageSize: number): { transactions: TxLocation[]; filledAt?: bigint } {
  const transactions: TxLocation[] = [];
  for (const group of blocks) {
    transactions.push(...[...group].reverse());
    if (transactions.length >= pageSize) return { transactions, filledAt: group[0]?.blockNumber as bigint };
  }
  return { transactions };
}

function groupByBlock(transactions: readonly TxLocation[]): TxLocation[][] {
  const groups: TxLocation[][] = [];
  for (const tx of transactions) {
    const group = groups.at(-1);
    if (group?.[0]?.blockNumber === tx.blockNumber) group.push(tx);
    else groups.push([tx]);
  }
  return groups;
}
