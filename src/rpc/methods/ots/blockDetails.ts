/** What ots_getBlockDetails* answer: the block, its issuance (none after the merge) and its fees. */
import type { MinedBlock } from "../../../devnet/chain/types.js";
import { toQuantity } from "../../format/quantity.js";
import { type OtsBlock, otsBlock } from "./otsFormat.js";

export interface BlockDetails {
  block: OtsBlock;
  issuance: { blockReward: string; uncleReward: string; issuance: string };
  totalFees: string;
}

export function blockDetails(mined: MinedBlock): BlockDetails {
  const fees = mined.receipts.reduce((sum, receipt) => sum + receipt.gasUsed * receipt.effectiveGasPrice, 0n);
  return {
    block: otsBlock(mined),
    issuance: { blockReward: "0x0", uncleReward: "0x0", issuance: "0x0" },
    totalFees: toQuantity(fees),
  };
}
