import { toQuantity } from "../../format/quantity.js";
import { blockTag } from "../../params/blockTag.js";
import { callRequest } from "../../params/callRequest.js";
import { optional } from "../../params/combinators.js";
import { stateOverride } from "../../params/stateOverride.js";
import { define } from "../define.js";
import { LATEST, requireBlock } from "../resolveBlock.js";
import { toAccountOverrides } from "./toAccountOverrides.js";

export const eth_estimateGas = define({
  name: "eth_estimateGas",
  params: [callRequest, optional(blockTag, LATEST), optional(stateOverride)],
  handler: async ({ devnet, connection }, [request, tag, overrides]) => {
    const { number } = requireBlock(devnet, tag);
    return toQuantity(
      await devnet.estimateGas(request, number, toAccountOverrides(overrides), connection.signal),
    );
  },
});
