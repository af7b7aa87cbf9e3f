import { blockTag } from "../../params/blockTag.js";
import { callRequest } from "../../params/callRequest.js";
import { optional } from "../../params/combinators.js";
import { stateOverride } from "../../params/stateOverride.js";
import { define } from "../define.js";
import { LATEST, requireBlock } from "../resolveBlock.js";
import { callResult } from "./callResult.js";
import { toAccountOverrides } from "./toAccountOverrides.js";

export const eth_call = define({
  name: "eth_call",
  params: [callRequest, optional(blockTag, LATEST), optional(stateOverride)],
  handler: async ({ devnet, connection }, [request, tag, overrides]) => {
    const { number } = requireBlock(devnet, tag);
    const converted = toAccountOverrides(overrides);
    return callResult(
      await devnet.call(request, number, {
        ...(converted === undefined ? {} : { overrides: converted }),
        ...(connection.signal === undefined ? {} : { signal: connection.signal }),
      }),
    );
  },
});
