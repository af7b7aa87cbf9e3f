import { define } from "../define.js";

/** Blocks follow the clock again; true when an interval was set (anvil's answer). */
export const anvil_removeBlockTimestampInterval = define({
  name: "anvil_removeBlockTimestampInterval",
  params: [],
  handler: ({ devnet }) => {
    const wasSet = devnet.nextBlock.timestampInterval !== undefined;
    devnet.updateNextBlock({ timestampInterval: undefined });
    return wasSet;
  },
});
