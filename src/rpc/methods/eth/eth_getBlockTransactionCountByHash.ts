import { toQuantity } from "../../format/quantity.js";
import { hash32 } from "../../params/hex.js";
import { define } from "../define.js";

export const eth_getBlockTransactionCountByHash = define({
  name: "eth_getBlockTransactionCountByHash",
  params: [hash32],
  handler: ({ devnet }, [hash]) => {
    const mined = devnet.chain.byBlockHash(hash);
    return mined === undefined ? null : toQuantity(mined.block.transactions.length);
  },
});
