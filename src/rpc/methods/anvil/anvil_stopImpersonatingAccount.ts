import { address } from "../../params/hex.js";
import { define } from "../define.js";

/** Undoes anvil_impersonateAccount. */
export const anvil_stopImpersonatingAccount = define({
  name: "anvil_stopImpersonatingAccount",
  params: [address],
  handler: ({ devnet }, [account]) => {
    devnet.impersonation.remove(account);
    return null;
  },
});
