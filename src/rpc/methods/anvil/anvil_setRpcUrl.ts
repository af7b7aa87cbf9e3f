import { string } from "../../params/scalar.js";
import { define } from "../define.js";

/** Points a forked devnet at another URL of the same remote chain; -32602 on a devnet that does not fork. */
export const anvil_setRpcUrl = define({
  name: "anvil_setRpcUrl",
  params: [string],
  handler: async ({ devnet }, [url]) => {
    await devnet.setRemoteUrl(url);
    return null;
  },
});
