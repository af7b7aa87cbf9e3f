import { InvalidInputError } from "../../../errors/DevnetError.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";

/**
 * Removes a transaction from the pool; answers whether it was there (Hardhat). A mined
 * transaction cannot be dropped: -32000, as in Hardhat.
 */
export const hardhat_dropTransaction = define({
  name: "hardhat_dropTransaction",
  params: [hash32],
  handler: ({ devnet }, [hash]) =>
    devnet.exclusive(async () => {
      if (devnet.pool.remove(hash) !== undefined) return true;
      if (devnet.chain.locateTransaction(hash) !== undefined) {
        throw new InvalidInputError(`Transaction ${hash} cannot be dropped because it's already mined`);
      }
      return false;
    }),
});
