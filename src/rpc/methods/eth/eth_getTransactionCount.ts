import { toQuantity } from "../../format/quantity.js";
import { blockTag } from "../../params/blockTag.js";
import { optional } from "../../params/combinators.js";
import { address } from "../../params/hex.js";
import { define } from "../define.js";
import { beforeFork, LATEST, requireBlock } from "../resolveBlock.js";

/** The account's nonce; at "pending", counting its transactions waiting in the pool. */
export const eth_getTransactionCount = define({
  name: "eth_getTransactionCount",
  params: [address, optional(blockTag, LATEST)],
  handler: ({ devnet }, [account, tag]) => {
    if (tag.kind === "tag" && tag.tag === "pending") return toQuantity(devnet.pendingNonce(account));
    const before = beforeFork(devnet, tag);
    if (before !== undefined) return devnet.fork?.rpc.request("eth_getTransactionCount", [account, before]);
    const state = devnet.stateAt(requireBlock(devnet, tag).number);
    return toQuantity(state.getAccount(account)?.nonce ?? 0n);
  },
});
