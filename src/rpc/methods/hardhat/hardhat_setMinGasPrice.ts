import { InvalidInputError, InvalidParamsError } from "../../../errors/DevnetError.js";
import { define } from "../define.js";
import { uint256 } from "../evm/devParams.js";

/** Refused under EIP-1559, as anvil_setMinGasPrice (the base fee is the floor). */
export const hardhat_setMinGasPrice = define({
  name: "hardhat_setMinGasPrice",
  params: [uint256],
  handler: ({ devnet }) => {
    if (devnet.common.isActivatedEIP(1559)) {
      throw new InvalidParamsError("hardhat_setMinGasPrice is not supported when EIP-1559 is active");
    }
    throw new InvalidInputError("hardhat_setMinGasPrice is not supported by pevm-devnet");
  },
});
