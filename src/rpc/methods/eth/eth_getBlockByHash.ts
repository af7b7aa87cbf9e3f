import { formatBlock } from "../../format/formatBlock.js";
import { optional } from "../../params/combinators.js";
import { hash32 } from "../../params/hex.js";
import { boolean } from "../../params/scalar.js";
import { define } from "../define.js";

/** The block with this hash, or null. */
export const eth_getBlockByHash = define({
  name: "eth_getBlockByHash",
  params: [hash32, optional(boolean, false)],
  handler: ({ devnet }, [hash, full]) => {
    const mined = devnet.chain.byBlockHash(hash);
    return mined === undefined ? null : formatBlock(mined, full);
  },
});
