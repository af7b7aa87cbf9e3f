import { formatMinedTransaction } from "../../format/formatTransaction.js";
import { hash32, quantityU64 } from "../../params/hex.js";
import { define } from "../define.js";

export const eth_getTransactionByBlockHashAndIndex = define({
  name: "eth_getTransactionByBlockHashAndIndex",
  params: [hash32, quantityU64],
  handler: ({ devnet }, [hash, index]) => {
    const mined = devnet.chain.byBlockHash(hash);
    if (mined === undefined || index >= BigInt(mined.block.transactions.length)) return null;
    return formatMinedTransaction(mined, Number(index)) ?? null;
  },
});
