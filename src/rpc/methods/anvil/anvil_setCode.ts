import { address, hexData } from "../../params/hex.js";
import { define } from "../define.js";

/** Replaces an account's code ("0x" removes it); balance, nonce and storage stay. */
export const anvil_setCode = define({
  name: "anvil_setCode",
  params: [address, hexData],
  handler: async ({ devnet }, [account, code]) => {
    await devnet.editState([devnet.accountEdit(account, { code })]);
    return null;
  },
});
