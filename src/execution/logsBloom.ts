import type { Common } from "@ethereumjs/common";
import { Bloom, type TxReceipt } from "@ethereumjs/vm";

/** The block's logs bloom: the OR of its receipts' blooms. */
export function blockLogsBloom(receipts: readonly TxReceipt[], common: Common): Uint8Array {
  const bloom = new Bloom(undefined, common);
  for (const receipt of receipts) bloom.or(new Bloom(receipt.bitvector, common));
  return bloom.bitvector;
}
