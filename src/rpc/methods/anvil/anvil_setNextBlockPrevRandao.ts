import { InvalidInputError } from "../../../errors/DevnetError.js";
import { define } from "../define.js";
import { word32 } from "../evm/devParams.js";

/** The prevRandao (mixHash) of the next block only; post-merge hardforks only. */
export const anvil_setNextBlockPrevRandao = define({
  name: "anvil_setNextBlockPrevRandao",
  params: [word32],
  handler: ({ devnet }, [prevRandao]) => {
    if (!devnet.common.gteHardfork("paris")) {
      throw new InvalidInputError(
        `prevRandao is only available in post-merge hardforks, the current hardfork is ${devnet.common.hardfork()}`,
      );
    }
    devnet.updateNextBlock({ prevRandao });
    return null;
  },
});
