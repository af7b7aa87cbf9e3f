import { parityBlockTraces } from "../../../devnet/trace/parityBlockTraces.js";
import { blockNumberOrTag } from "../../params/blockTag.js";
import { define } from "../define.js";
import { findBlock } from "../resolveBlock.js";

/** Every Parity-style trace of a block's transactions; none for a block past the head (as anvil). */
export const trace_block = define({
  name: "trace_block",
  params: [blockNumberOrTag],
  handler: async ({ devnet }, [tag]) => {
    const mined = findBlock(devnet, tag);
    return mined === undefined ? [] : parityBlockTraces(devnet, mined);
  },
});
