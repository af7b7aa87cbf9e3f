import { InvalidInputError } from "../../../errors/DevnetError.js";
import { define } from "../define.js";
import { uint64 } from "./devParams.js";

/** The gas limit of the blocks to come; 0 is refused, as in Hardhat. */
export const evm_setBlockGasLimit = define({
  name: "evm_setBlockGasLimit",
  params: [uint64],
  handler: ({ devnet }, [gasLimit]) => {
    if (gasLimit === 0n) throw new InvalidInputError("Block gas limit must be greater than 0");
    devnet.updateNextBlock({ gasLimit });
    return true;
  },
});
