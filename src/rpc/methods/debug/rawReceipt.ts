/**
 * A stored receipt in its consensus encoding (what debug_getRawReceipts returns and the receipts
 * root commits to): RLP of [status or state root, cumulative gas, bloom, logs], prefixed with the
 * transaction type for typed transactions (EIP-2718).
 */
import { RLP } from "@ethereumjs/rlp";
import { bigIntToUnpaddedBytes, concatBytes, hexToBytes } from "@ethereumjs/util";
import type { StoredReceipt } from "../../../devnet/chain/types.js";

export function encodeStoredReceipt(receipt: StoredReceipt): Uint8Array {
  const outcome =
    receipt.root === undefined
      ? receipt.status === 1
        ? Uint8Array.of(1)
        : new Uint8Array()
      : hex(receipt.root);
  const encoded = RLP.encode([
    outcome,
    bigIntToUnpaddedBytes(receipt.cumulativeGasUsed),
    hex(receipt.logsBloom),
    receipt.logs.map((log) => [hex(log.address), log.topics.map(hex), hex(log.data)]),
  ]);
  return receipt.type === 0 ? encoded : concatBytes(Uint8Array.of(receipt.type), encoded);
}

function hex(value: string): Uint8Array {
  return hexToBytes(value as `0x${string}`);
}
