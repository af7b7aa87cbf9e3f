import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";

/** Removes a transaction from the pool; answers its hash, or null when the pool did not hold it (anvil). */
export const anvil_dropTransaction = define({
  name: "anvil_dropTransaction",
  params: [hash32],
  handler: ({ devnet }, [hash]) =>
    devnet.exclusive(async () => (devnet.pool.remove(hash) === undefined ? null : hash)),
});
