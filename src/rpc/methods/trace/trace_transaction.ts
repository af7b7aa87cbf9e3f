import { parityBlockTraces } from "../../../devnet/trace/parityBlockTraces.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";
import { minedTransaction } from "./minedTransaction.js";

/** A mined transaction's Parity-style traces, located in its block; none for an unknown hash (as anvil). */
export const trace_transaction = define({
  name: "trace_transaction",
  params: [hash32],
  handler: async ({ devnet }, [hash]) => {
    const found = minedTransaction(devnet, hash);
    if (found === undefined) return [];
    return parityBlockTraces(devnet, found.mined, { only: found.index });
  },
});
