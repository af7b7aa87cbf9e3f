import { define } from "../define.js";
import { pinNextTimestamp } from "./blockTime.js";
import { uint64 } from "./devParams.js";

/**
 * The next block's timestamp, which must be after the latest block's (-32602 otherwise); the
 * clock continues from it.
 */
export const evm_setNextBlockTimestamp = define({
  name: "evm_setNextBlockTimestamp",
  params: [uint64],
  handler: ({ devnet }, [timestamp]) => {
    pinNextTimestamp(devnet, timestamp);
    return null;
  },
});
