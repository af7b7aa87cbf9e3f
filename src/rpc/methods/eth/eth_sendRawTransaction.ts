import { decodeRawTransaction } from "../../../execution/decodeRawTransaction.js";
import { hexData } from "../../params/hex.js";
import { define } from "../define.js";

export const eth_sendRawTransaction = define({
  name: "eth_sendRawTransaction",
  params: [hexData],
  handler: async ({ devnet, connection }, [raw]) => {
    const { tx, sender } = decodeRawTransaction(raw, devnet.common);
    // A client over HTTP or WebSocket sends its next request while the block is mined; one in
    // the devnet's own thread (an EIP-1193 provider) would only wait for it.
    return devnet.sendTransaction(tx, sender, { answerBeforeMining: connection.kind !== "in-process" });
  },
});
