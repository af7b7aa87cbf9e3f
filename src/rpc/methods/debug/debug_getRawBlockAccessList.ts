import { bytesToHex } from "@ethereumjs/util";
import { blockAccessListOf } from "../../../devnet/report/blockAccessListOf.js";
import { encodeBlockAccessList } from "../../../parallel/report/encodeBlockAccessList.js";
import { blockTag } from "../../params/blockTag.js";
import { define } from "../define.js";
import { requireBlock } from "../resolveBlock.js";

/** The RLP of a block's EIP-7928 access list (its keccak is what `blockAccessListHash` would hold). */
export const debug_getRawBlockAccessList = define({
  name: "debug_getRawBlockAccessList",
  params: [blockTag],
  handler: async ({ devnet }, [tag]) =>
    bytesToHex(encodeBlockAccessList(await blockAccessListOf(devnet, requireBlock(devnet, tag)))),
});
