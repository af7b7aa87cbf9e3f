import { address } from "../../params/hex.js";
import { define } from "../define.js";
import { uint256 } from "../evm/devParams.js";

const MAX_BALANCE = 2n ** 256n - 1n;

/** Adds wei to an account's balance (capped at 2^256 - 1, as anvil's saturating add). */
export const anvil_addBalance = define({
  name: "anvil_addBalance",
  params: [address, uint256],
  handler: async ({ devnet }, [account, amount]) => {
    // Read and written under the chain lock: a block or another edit cannot come in between.
    await devnet.editState(() => {
      const sum = (devnet.world.getAccount(account)?.balance ?? 0n) + amount;
      return [devnet.accountEdit(account, { balance: sum > MAX_BALANCE ? MAX_BALANCE : sum })];
    });
    return null;
  },
});
