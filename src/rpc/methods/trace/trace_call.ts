import { traceCall } from "../../../devnet/trace/traceCall.js";
import { blockTag } from "../../params/blockTag.js";
import { callRequest } from "../../params/callRequest.js";
import { optional } from "../../params/combinators.js";
import { define } from "../define.js";
import { LATEST, requireBlock } from "../resolveBlock.js";
import { traceTypes } from "./traceTypes.js";

/** A message traced at a block as eth_call runs it: `{ output, stateDiff, trace, vmTrace }`. */
export const trace_call = define({
  name: "trace_call",
  params: [callRequest, traceTypes, optional(blockTag, LATEST)],
  handler: async ({ devnet }, [request, types, tag]) => {
    const { number } = requireBlock(devnet, tag);
    return traceCall(devnet, request, number, { tracer: "parity", ...types, precompileCalls: false });
  },
});
