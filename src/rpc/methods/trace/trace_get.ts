import { parityBlockTraces } from "../../../devnet/trace/parityBlockTraces.js";
import { array } from "../../params/combinators.js";
import { hash32 } from "../../params/hex.js";
import { numberLike } from "../../params/scalar.js";
import { define } from "../define.js";
import { minedTransaction } from "./minedTransaction.js";

/**
 * One of a transaction's traces by its position in trace_transaction's list, as reth reads the
 * indices: exactly one index, else null (as is an unknown hash or an index past the end).
 */
export const trace_get = define({
  name: "trace_get",
  params: [hash32, array(numberLike)],
  handler: async ({ devnet }, [hash, indices]) => {
    const found = minedTransaction(devnet, hash);
    const [index] = indices;
    if (found === undefined || index === undefined || indices.length !== 1) return null;
    const traces = await parityBlockTraces(devnet, found.mined, { only: found.index });
    return traces[index] ?? null;
  },
});
