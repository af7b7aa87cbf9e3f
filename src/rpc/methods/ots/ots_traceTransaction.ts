import { otsTraceEntries } from "../../../devnet/trace/otterscanOperations.js";
import { parityBlockTraces } from "../../../devnet/trace/parityBlockTraces.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";
import { minedTransaction } from "../trace/minedTransaction.js";

/** The call tree of a mined transaction, frame by frame with its depth (Otterscan's trace view); none for an unknown hash. */
export const ots_traceTransaction = define({
  name: "ots_traceTransaction",
  params: [hash32],
  handler: async ({ devnet }, [hash]) => {
    const found = minedTransaction(devnet, hash);
    if (found === undefined) return [];
    return otsTraceEntries(await parityBlockTraces(devnet, found.mined, { only: found.index }));
  },
});
