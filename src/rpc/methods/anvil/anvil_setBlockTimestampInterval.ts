import { define } from "../define.js";
import { uint64 } from "../evm/devParams.js";

/**
 * Each later block is `seconds` after its parent instead of following the clock, until
 * anvil_removeBlockTimestampInterval; a pinned next timestamp still wins. As in anvil, it also
 * sets the spacing of anvil_mine's blocks. An interval of 0 still gives each block a second more
 * than its parent (the devnet never mines two blocks at one timestamp).
 */
export const anvil_setBlockTimestampInterval = define({
  name: "anvil_setBlockTimestampInterval",
  params: [uint64],
  handler: ({ devnet }, [seconds]) => {
    devnet.updateNextBlock({ timestampInterval: seconds });
    return null;
  },
});
