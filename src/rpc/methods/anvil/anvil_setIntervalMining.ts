import { define } from "../define.js";
import { uint64 } from "../evm/devParams.js";

/**
 * Mines a block every `seconds` seconds (anvil's unit; evm_setIntervalMining takes Hardhat's
 * milliseconds); 0 stops interval mining and leaves mining manual.
 */
export const anvil_setIntervalMining = define({
  name: "anvil_setIntervalMining",
  params: [uint64],
  handler: ({ devnet }, [seconds]) => {
    devnet.setMining(seconds === 0n ? { mode: "manual" } : { mode: "interval", seconds: Number(seconds) });
    return null;
  },
});
