import { define } from "../define.js";

/** Empties the pool. */
export const anvil_dropAllTransactions = define({
  name: "anvil_dropAllTransactions",
  params: [],
  handler: ({ devnet }) =>
    devnet.exclusive(async () => {
      devnet.pool.clear();
      return null;
    }),
});
