import { address } from "../../params/hex.js";
import { define } from "../define.js";

/** Removes every pool transaction of one sender. */
export const anvil_removePoolTransactions = define({
  name: "anvil_removePoolTransactions",
  params: [address],
  handler: ({ devnet }, [sender]) =>
    devnet.exclusive(async () => {
      for (const entry of [...devnet.pool.all()]) {
        if (entry.sender.toLowerCase() === sender) devnet.pool.remove(entry.hash);
      }
      return null;
    }),
});
