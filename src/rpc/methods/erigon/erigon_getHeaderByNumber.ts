import { formatBlock } from "../../format/formatBlock.js";
import { define } from "../define.js";
import { blockNumber } from "../ots/blockNumber.js";
import { findBlock } from "../resolveBlock.js";

/** The block with its transaction hashes, as anvil answers it; Otterscan asks for it. */
export const erigon_getHeaderByNumber = define({
  name: "erigon_getHeaderByNumber",
  params: [blockNumber],
  handler: ({ devnet }, [tag]) => {
    const mined = findBlock(devnet, tag);
    return mined === undefined ? null : formatBlock(mined, false);
  },
});
