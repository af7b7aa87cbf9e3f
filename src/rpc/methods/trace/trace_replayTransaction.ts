import { traceMinedBlock } from "../../../devnet/trace/traceMinedBlock.js";
import { ResourceNotFoundError } from "../../../errors/DevnetError.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";
import { minedTransaction } from "./minedTransaction.js";
import { traceTypes } from "./traceTypes.js";

/** A mined transaction replayed over its block's state before it: `{ output, stateDiff, trace, vmTrace }`. */
export const trace_replayTransaction = define({
  name: "trace_replayTransaction",
  params: [hash32, traceTypes],
  handler: async ({ devnet }, [hash, types]) => {
    const found = minedTransaction(devnet, hash);
    if (found === undefined) throw new ResourceNotFoundError(`transaction ${hash} not found`);
    const [trace] = await traceMinedBlock(
      devnet,
      found.mined,
      { tracer: "parity", ...types, precompileCalls: false },
      { only: found.index },
    );
    return trace?.result ?? null;
  },
});
