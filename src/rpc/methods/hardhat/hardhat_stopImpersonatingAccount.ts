import { address } from "../../params/hex.js";
import { define } from "../define.js";

/** Undoes hardhat_impersonateAccount; answers whether the account was impersonated (Hardhat). */
export const hardhat_stopImpersonatingAccount = define({
  name: "hardhat_stopImpersonatingAccount",
  params: [address],
  handler: ({ devnet }, [account]) => devnet.impersonation.remove(account),
});
