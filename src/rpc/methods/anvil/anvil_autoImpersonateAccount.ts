import { boolean } from "../../params/scalar.js";
import { define } from "../define.js";

/** With true, every sender is impersonated; false goes back to the accounts impersonated one by one. */
export const anvil_autoImpersonateAccount = define({
  name: "anvil_autoImpersonateAccount",
  params: [boolean],
  handler: ({ devnet }, [enabled]) => {
    devnet.impersonation.setAuto(enabled);
    return null;
  },
});
