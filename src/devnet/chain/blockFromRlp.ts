/**
 * A mined block back from its RLP, its transactions claiming the senders they had (impersonated
 * ones cannot be recovered from their made-up signatures), frozen as mined blocks are.
 */
import { type Block, createBlockFromRLP } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { Address, hexToBytes } from "@ethereumjs/util";
import { claimSender } from "../../execution/internals/claimSender.js";

export function blockFromRlp(rlp: Uint8Array, senders: readonly string[], common: Common): Block {
  // Not frozen until each transaction has claimed its sender.
  const block = createBlockFromRLP(rlp, { common, freeze: false, skipConsensusFormatValidation: true });
  block.transactions.forEach((tx, i) => {
    claimSender(tx, new Address(hexToBytes(senders[i] as `0x${string}`)));
    Object.freeze(tx);
  });
  Object.freeze(block.header);
  return block;
}
