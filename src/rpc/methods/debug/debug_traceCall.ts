import { traceCall } from "../../../devnet/trace/traceCall.js";
import { blockTag } from "../../params/blockTag.js";
import { callRequest } from "../../params/callRequest.js";
import { optional } from "../../params/combinators.js";
import { define } from "../define.js";
import { toAccountOverrides } from "../eth/toAccountOverrides.js";
import { LATEST, requireBlock } from "../resolveBlock.js";
import { DEFAULT_TRACE_CONFIG, traceCallConfig } from "./traceConfig.js";

/** A message traced at a block, as eth_call would run it, with state and block overrides. */
export const debug_traceCall = define({
  name: "debug_traceCall",
  params: [callRequest, optional(blockTag, LATEST), optional(traceCallConfig, DEFAULT_TRACE_CONFIG)],
  handler: async ({ devnet, connection }, [request, tag, config]) => {
    const { number } = requireBlock(devnet, tag);
    const overrides = toAccountOverrides(config.stateOverrides);
    return traceCall(devnet, request, number, config.spec, {
      ...(overrides === undefined ? {} : { overrides }),
      ...(config.blockOverrides === undefined ? {} : { blockOverrides: config.blockOverrides }),
      ...(connection.signal === undefined ? {} : { signal: connection.signal }),
    });
  },
});
