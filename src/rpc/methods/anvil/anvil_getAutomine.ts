import { define } from "../define.js";

/** Whether each transaction is mined as it arrives. */
export const anvil_getAutomine = define({
  name: "anvil_getAutomine",
  params: [],
  handler: ({ devnet }) => devnet.automine,
});
