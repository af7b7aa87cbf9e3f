import { blockTag } from "../../params/blockTag.js";
import { optional } from "../../params/combinators.js";
import { address } from "../../params/hex.js";
import { define } from "../define.js";
import { LATEST, requireBlock } from "../resolveBlock.js";

/** Whether the account has code at the block. */
export const ots_hasCode = define({
  name: "ots_hasCode",
  params: [address, optional(blockTag, LATEST)],
  handler: ({ devnet }, [account, tag]) =>
    devnet.stateAt(requireBlock(devnet, tag).number).getCode(account).length > 0,
});
