import { define } from "../define.js";
import { miningInterval } from "./devParams.js";

/**
 * Mines a block every `interval` milliseconds (Hardhat's unit; anvil_setIntervalMining takes
 * seconds); 0 stops interval mining and leaves mining manual. Hardhat's `[min, max]` range mines
 * at the middle of the range: the devnet's interval is fixed.
 */
export const evm_setIntervalMining = define({
  name: "evm_setIntervalMining",
  params: [miningInterval],
  handler: ({ devnet }, [{ min, max }]) => {
    const ms = (min + max) / 2n;
    devnet.setMining(ms === 0n ? { mode: "manual" } : { mode: "interval", seconds: Number(ms) / 1000 });
    return null;
  },
});
