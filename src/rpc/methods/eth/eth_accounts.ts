import { define } from "../define.js";

/** The dev accounts' addresses (lowercase). */
export const eth_accounts = define({
  name: "eth_accounts",
  params: [],
  handler: ({ devnet }) => devnet.accounts.map((account) => account.address.toLowerCase()),
});
