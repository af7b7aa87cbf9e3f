import { ResourceNotFoundError } from "../../../errors/DevnetError.js";
import { define } from "../define.js";
import { findBlock } from "../resolveBlock.js";
import { blockDetails } from "./blockDetails.js";
import { blockNumber } from "./blockNumber.js";

/** A block's header, transaction count, issuance and fees (Otterscan's block page). */
export const ots_getBlockDetails = define({
  name: "ots_getBlockDetails",
  params: [blockNumber],
  handler: ({ devnet }, [tag]) => {
    const mined = findBlock(devnet, tag);
    if (mined === undefined) throw new ResourceNotFoundError("block not found");
    return blockDetails(mined);
  },
});
