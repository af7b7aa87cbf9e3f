import { toQuantity } from "../../format/quantity.js";
import { blockTag } from "../../params/blockTag.js";
import { optional } from "../../params/combinators.js";
import { address } from "../../params/hex.js";
import { define } from "../define.js";
import { beforeFork, LATEST, requireBlock } from "../resolveBlock.js";

export const eth_getBalance = define({
  name: "eth_getBalance",
  params: [address, optional(blockTag, LATEST)],
  handler: ({ devnet }, [account, tag]) => {
    const before = beforeFork(devnet, tag);
    if (before !== undefined) return devnet.fork?.rpc.request("eth_getBalance", [account, before]);
    const state = devnet.stateAt(requireBlock(devnet, tag).number);
    return toQuantity(state.getAccount(account)?.balance ?? 0n);
  },
});
