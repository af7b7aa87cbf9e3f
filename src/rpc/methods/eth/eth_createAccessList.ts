import { toQuantity } from "../../format/quantity.js";
import { blockTag } from "../../params/blockTag.js";
import { callRequest } from "../../params/callRequest.js";
import { optional } from "../../params/combinators.js";
import { define } from "../define.js";
import { LATEST, requireBlock } from "../resolveBlock.js";
import { callResult } from "./callResult.js";

/** The access list a transaction would touch, and the gas it uses with that list. */
export const eth_createAccessList = define({
  name: "eth_createAccessList",
  params: [callRequest, optional(blockTag, LATEST)],
  handler: async ({ devnet }, [request, tag]) => {
    const { number } = requireBlock(devnet, tag);
    const traced = await devnet.call(request, number, { reportAccessList: true });
    const accessList = traced.accessList ?? [];
    // The list warms what it names, which changes the gas: measure again with it.
    const withList = await devnet.call({ ...request, accessList }, number);
    const result: { accessList: typeof accessList; gasUsed: string; error?: string } = {
      accessList,
      gasUsed: toQuantity(withList.gasUsed),
    };
    try {
      callResult(withList);
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error);
    }
    return result;
  },
});
