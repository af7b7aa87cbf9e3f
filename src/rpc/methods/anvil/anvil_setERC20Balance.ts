import { define } from "../define.js";
import { anvil_dealERC20 } from "./anvil_dealERC20.js";

/** anvil's other name for anvil_dealERC20 (holder, token, amount). */
export const anvil_setERC20Balance = define({
  name: "anvil_setERC20Balance",
  params: anvil_dealERC20.params,
  handler: anvil_dealERC20.handler,
});
