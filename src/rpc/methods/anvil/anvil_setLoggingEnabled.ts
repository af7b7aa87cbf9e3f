import { boolean } from "../../params/scalar.js";
import { define } from "../define.js";

/** Turns the printing of requests on or off (where the devnet prints them: the CLI without --silent). */
export const anvil_setLoggingEnabled = define({
  name: "anvil_setLoggingEnabled",
  params: [boolean],
  handler: ({ devnet }, [enabled]) => {
    devnet.setLoggingEnabled(enabled);
    return null;
  },
});
