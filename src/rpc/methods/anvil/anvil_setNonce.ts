import { address } from "../../params/hex.js";
import { define } from "../define.js";
import { uint64 } from "../evm/devParams.js";

/** Sets an account's nonce. */
export const anvil_setNonce = define({
  name: "anvil_setNonce",
  params: [address, uint64],
  handler: async ({ devnet }, [account, nonce]) => {
    await devnet.editState([devnet.accountEdit(account, { nonce })]);
    return null;
  },
});
