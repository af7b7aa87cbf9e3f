import { address } from "../../params/hex.js";
import { define } from "../define.js";

/**
 * Lets eth_sendTransaction send from `account` without its key (the transaction carries a
 * made-up signature and claims its sender).
 */
export const anvil_impersonateAccount = define({
  name: "anvil_impersonateAccount",
  params: [address],
  handler: ({ devnet }, [account]) => {
    devnet.impersonation.add(account);
    return null;
  },
});
