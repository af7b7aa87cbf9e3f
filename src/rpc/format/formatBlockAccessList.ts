import type { BlockAccessList } from "../../parallel/report/BlockAccessList.js";
import { toData, toQuantity } from "./quantity.js";

/** A block access list as eth_getBlockAccessList serves it (execution-apis' BlockAccessList). */
export type RpcBlockAccessList = {
  address: string;
  storageChanges: { key: string; changes: { index: string; value: string }[] }[];
  storageReads: string[];
  balanceChanges: { index: string; value: string }[];
  nonceChanges: { index: string; value: string }[];
  codeChanges: { index: string; code: string }[];
}[];

/**
 * The JSON of a block access list: every account with all six fields, slots and storage values as
 * 32-byte words, indices, balances and nonces as quantities, in the RLP's order.
 */
export function formatBlockAccessList(list: BlockAccessList): RpcBlockAccessList {
  return list.map((account) => ({
    address: account.address,
    storageChanges: account.storageChanges.map(({ slot, changes }) => ({
      key: slot,
      changes: changes.map(({ index, value }) => ({ index: toQuantity(index), value: word(value) })),
    })),
    storageReads: [...account.storageReads],
    balanceChanges: account.balanceChanges.map(({ index, balance }) => ({
      index: toQuantity(index),
      value: toQuantity(balance),
    })),
    nonceChanges: account.nonceChanges.map(({ index, nonce }) => ({
      index: toQuantity(index),
      value: toQuantity(nonce),
    })),
    codeChanges: account.codeChanges.map(({ index, code }) => ({
      index: toQuantity(index),
      code: toData(code),
    })),
  }));
}

function word(value: bigint): string {
  return `0x${value.toString(16).padStart(64, "0")}`;
}
