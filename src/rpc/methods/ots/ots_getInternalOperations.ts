import { internalOperations } from "../../../devnet/trace/otterscanOperations.js";
import { parityBlockTraces } from "../../../devnet/trace/parityBlockTraces.js";
import { ResourceNotFoundError } from "../../../errors/DevnetError.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";
import { minedTransaction } from "../trace/minedTransaction.js";

/** The ether transfers, creations and self-destructs a mined transaction made. */
export const ots_getInternalOperations = define({
  name: "ots_getInternalOperations",
  params: [hash32],
  handler: async ({ devnet }, [hash]) => {
    const found = minedTransaction(devnet, hash);
    if (found === undefined) throw new ResourceNotFoundError(`transaction ${hash} not found`);
    return internalOperations(await parityBlockTraces(devnet, found.mined, { only: found.index }));
  },
});
