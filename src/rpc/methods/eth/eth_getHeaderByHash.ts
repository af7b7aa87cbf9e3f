import { formatHeader } from "../../format/formatBlock.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";

/** The header of the block with this hash (geth), or null. */
export const eth_getHeaderByHash = define({
  name: "eth_getHeaderByHash",
  params: [hash32],
  handler: ({ devnet }, [hash]) => {
    const mined = devnet.chain.byBlockHash(hash);
    return mined === undefined ? null : formatHeader(mined);
  },
});
