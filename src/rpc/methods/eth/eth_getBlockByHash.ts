import { formatBlock } from "../../format/formatBlock.js";
import { optional } from "../../params/combinators.js";
import { hash32 } from "../../params/hex.js";
import { boolean } from "../../params/scalar.js";
import { define } from "../define.js";

/** The block with this hash, or null; on a forked devnet, the remote's up to the fork block. */
export const eth_getBlockByHash = define({
  name: "eth_getBlockByHash",
  params: [hash32, optional(boolean, false)],
  handler: ({ devnet }, [hash, full]) => {
    const mined = devnet.chain.byBlockHash(hash);
    const fork = devnet.fork;
    if (fork !== undefined && (mined === undefined || fork.owns(mined.number)))
      return fork.blockByHash(hash, full);
    return mined === undefined ? null : formatBlock(mined, full);
  },
});
