import { InvalidInputError, InvalidParamsError } from "../../../errors/DevnetError.js";
import { define } from "../define.js";
import { uint256 } from "../evm/devParams.js";

/**
 * A minimum gas price has no meaning under EIP-1559 (the base fee is the floor): refused there
 * with -32602, as anvil does. Before London the devnet has no minimum gas price to set either.
 */
export const anvil_setMinGasPrice = define({
  name: "anvil_setMinGasPrice",
  params: [uint256],
  handler: ({ devnet }) => {
    if (devnet.common.isActivatedEIP(1559)) {
      throw new InvalidParamsError("anvil_setMinGasPrice is not supported when EIP-1559 is active");
    }
    throw new InvalidInputError("anvil_setMinGasPrice is not supported by pevm-devnet");
  },
});
