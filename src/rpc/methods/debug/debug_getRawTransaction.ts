import { bytesToHex } from "@ethereumjs/util";
import { rawOf } from "../../../execution/rawTransaction.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";

/** A transaction's signed bytes (typed envelope), mined or waiting in the pool; null if unknown. */
export const debug_getRawTransaction = define({
  name: "debug_getRawTransaction",
  params: [hash32],
  handler: ({ devnet }, [hash]) => {
    const location = devnet.chain.locateTransaction(hash);
    const tx =
      location === undefined
        ? devnet.pool.get(hash)?.tx
        : devnet.chain.byNumber(location.blockNumber)?.block.transactions[location.index];
    return tx === undefined ? null : bytesToHex(rawOf(tx));
  },
});
