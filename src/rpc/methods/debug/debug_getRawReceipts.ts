import { bytesToHex } from "@ethereumjs/util";
import { blockTag } from "../../params/blockTag.js";
import { define } from "../define.js";
import { requireBlock } from "../resolveBlock.js";
import { encodeStoredReceipt } from "./rawReceipt.js";

/** The block's receipts in their consensus encoding, one hex string each. */
export const debug_getRawReceipts = define({
  name: "debug_getRawReceipts",
  params: [blockTag],
  handler: ({ devnet }, [tag]) =>
    requireBlock(devnet, tag).receipts.map((receipt) => bytesToHex(encodeStoredReceipt(receipt))),
});
