import { ResourceNotFoundError } from "../../../errors/DevnetError.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";
import { blockDetails } from "./blockDetails.js";

/** ots_getBlockDetails for the block with this hash. */
export const ots_getBlockDetailsByHash = define({
  name: "ots_getBlockDetailsByHash",
  params: [hash32],
  handler: ({ devnet }, [hash]) => {
    const mined = devnet.chain.byBlockHash(hash);
    if (mined === undefined) throw new ResourceNotFoundError(`block ${hash} not found`);
    return blockDetails(mined);
  },
});
