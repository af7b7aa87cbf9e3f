import { InvalidParamsError } from "../../../errors/DevnetError.js";
import { define } from "../define.js";
import { uint256 } from "../evm/devParams.js";

/** The base fee of the next block only; refused before London (-32602), as anvil does. */
export const anvil_setNextBlockBaseFeePerGas = define({
  name: "anvil_setNextBlockBaseFeePerGas",
  params: [uint256],
  handler: ({ devnet }, [baseFee]) => {
    if (!devnet.common.isActivatedEIP(1559)) {
      throw new InvalidParamsError("setNextBlockBaseFeePerGas is only supported when EIP-1559 is active");
    }
    devnet.updateNextBlock({ baseFee });
    return null;
  },
});
