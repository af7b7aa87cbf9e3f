import { decodeRawTransaction } from "../../../execution/decodeRawTransaction.js";
import { hexData } from "../../params/hex.js";
import { define } from "../define.js";

export const eth_sendRawTransaction = define({
  name: "eth_sendRawTransaction",
  params: [hexData],
  handler: async ({ devnet }, [raw]) => {
    const { tx, sender } = decodeRawTransaction(raw, devnet.common);
    return devnet.sendTransaction(tx, sender);
  },
});
