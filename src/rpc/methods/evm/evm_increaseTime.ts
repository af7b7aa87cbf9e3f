import { define } from "../define.js";
import { uint256 } from "./devParams.js";

/**
 * Moves the clock forward by `seconds`; answers the total offset from the wall clock, as a JSON
 * number (anvil; Hardhat answers a decimal string).
 */
export const evm_increaseTime = define({
  name: "evm_increaseTime",
  params: [uint256],
  handler: ({ devnet }, [seconds]) => {
    devnet.updateNextBlock({ timeOffset: devnet.nextBlock.timeOffset + seconds });
    return Number(devnet.nextBlock.timeOffset);
  },
});
