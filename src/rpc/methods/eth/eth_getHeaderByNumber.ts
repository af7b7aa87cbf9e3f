import { formatHeader } from "../../format/formatBlock.js";
import { blockNumberOrTag } from "../../params/blockTag.js";
import { define } from "../define.js";
import { findBlock } from "../resolveBlock.js";

/** The header of a block (geth): a block's fields without its body; null past the head. */
export const eth_getHeaderByNumber = define({
  name: "eth_getHeaderByNumber",
  params: [blockNumberOrTag],
  handler: ({ devnet }, [tag]) => {
    const mined = findBlock(devnet, tag);
    return mined === undefined ? null : formatHeader(mined);
  },
});
