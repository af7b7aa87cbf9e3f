import { bytesToHex } from "@ethereumjs/util";
import { blockTag } from "../../params/blockTag.js";
import { define } from "../define.js";
import { requireBlock } from "../resolveBlock.js";

/** The RLP of the block's header (its keccak is the block hash). */
export const debug_getRawHeader = define({
  name: "debug_getRawHeader",
  params: [blockTag],
  handler: ({ devnet }, [tag]) => bytesToHex(requireBlock(devnet, tag).block.header.serialize()),
});
