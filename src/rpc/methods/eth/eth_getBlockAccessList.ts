import { blockAccessListOf } from "../../../devnet/report/blockAccessListOf.js";
import { formatBlockAccessList } from "../../format/formatBlockAccessList.js";
import { blockTag } from "../../params/blockTag.js";
import { define } from "../define.js";
import { findBlock } from "../resolveBlock.js";

/**
 * The EIP-7928 block access list of a block (by number, tag or hash), as JSON; null when there
 * is no such block, and for "pending" (a block not executed yet), as execution-apis says. Served for every block, whatever its hardfork (execution-apis asks for
 * -32001 before Amsterdam, which ethereumjs has only as a draft): blocks without transactions
 * have an empty list.
 */
export const eth_getBlockAccessList = define({
  name: "eth_getBlockAccessList",
  params: [blockTag],
  handler: async ({ devnet }, [tag]) => {
    if (tag.kind === "tag" && tag.tag === "pending") return null;
    const mined = findBlock(devnet, tag);
    if (mined === undefined) return null;
    return formatBlockAccessList(await blockAccessListOf(devnet, mined));
  },
});
