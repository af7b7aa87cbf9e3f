import { bytesToHex } from "@ethereumjs/util";
import { blockTag } from "../../params/blockTag.js";
import { define } from "../define.js";
import { requireBlock } from "../resolveBlock.js";

/** The RLP of the whole block: header, transactions, uncles (and withdrawals since Shanghai). */
export const debug_getRawBlock = define({
  name: "debug_getRawBlock",
  params: [blockTag],
  handler: ({ devnet }, [tag]) => bytesToHex(requireBlock(devnet, tag).block.serialize()),
});
