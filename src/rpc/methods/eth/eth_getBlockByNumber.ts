import { formatBlock } from "../../format/formatBlock.js";
import { blockNumberOrTag } from "../../params/blockTag.js";
import { optional } from "../../params/combinators.js";
import { boolean } from "../../params/scalar.js";
import { define } from "../define.js";
import { findBlock } from "../resolveBlock.js";

/**
 * The block, with transaction hashes or (second argument true) full transactions; null past the
 * head. A forked devnet's blocks up to the fork block are the remote's.
 */
export const eth_getBlockByNumber = define({
  name: "eth_getBlockByNumber",
  params: [blockNumberOrTag, optional(boolean, false)],
  handler: ({ devnet }, [tag, full]) => {
    const number =
      tag.kind === "number" ? tag.number : tag.kind === "tag" && tag.tag === "earliest" ? 0n : undefined;
    if (number !== undefined && devnet.fork?.owns(number) === true)
      return devnet.fork.blockByNumber(number, full);
    const mined = findBlock(devnet, tag);
    return mined === undefined ? null : formatBlock(mined, full);
  },
});
