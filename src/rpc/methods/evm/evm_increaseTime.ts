import { define } from "../define.js";
import { uint256 } from "./devParams.js";

/** Moves the clock forward by `seconds`; answers the total offset from the wall clock, a JSON number (anvil). */
export const evm_increaseTime = define({
  name: "evm_increaseTime",
  params: [uint256],
  handler: ({ devnet }, [seconds]) => {
    devnet.timeOffset += seconds;
    return Number(devnet.timeOffset);
  },
});
