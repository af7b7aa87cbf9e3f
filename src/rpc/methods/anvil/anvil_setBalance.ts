import { address } from "../../params/hex.js";
import { define } from "../define.js";
import { uint256 } from "../evm/devParams.js";

/** Sets an account's balance, in wei. */
export const anvil_setBalance = define({
  name: "anvil_setBalance",
  params: [address, uint256],
  handler: async ({ devnet }, [account, balance]) => {
    await devnet.editState([devnet.accountEdit(account, { balance })]);
    return null;
  },
});
