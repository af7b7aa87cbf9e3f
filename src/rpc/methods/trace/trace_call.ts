import { traceCall } from "../../../devnet/trace/traceCall.js";
import { blockTag } from "../../params/blockTag.js";
import { callRequest } from "../../params/callRequest.js";
import { optional } from "../../params/combinators.js";
import { stateOverride } from "../../params/stateOverride.js";
import { define } from "../define.js";
import { toAccountOverrides } from "../eth/toAccountOverrides.js";
import { LATEST, requireBlock } from "../resolveBlock.js";
import { traceTypes } from "./traceTypes.js";

/**
 * A message traced at a block as eth_call runs it, with reth's optional state overrides:
 * `{ output, stateDiff, trace, vmTrace }`.
 */
export const trace_call = define({
  name: "trace_call",
  params: [callRequest, traceTypes, optional(blockTag, LATEST), optional(stateOverride)],
  handler: async ({ devnet }, [request, types, tag, stateOverrides]) => {
    const { number } = requireBlock(devnet, tag);
    const overrides = toAccountOverrides(stateOverrides);
    return traceCall(
      devnet,
      request,
      number,
      { tracer: "parity", ...types, precompileCalls: false },
      overrides === undefined ? {} : { overrides },
    );
  },
});
