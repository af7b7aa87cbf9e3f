/**
 * The receipt brought back with a send is answered on the tests' thread only while nothing else
 * could have changed the chain: no other request since the send.
 */
import { describe, expect, it } from "vitest";
import { ReceiptAhead } from "../../plugins/hardhat-plugin/dist/internal/ReceiptAhead.js";

const HASH = `0x${"ab".repeat(32)}`;
const RECEIPT = { transactionHash: HASH, status: "0x1" };
const ask = (hash: string) => ({ method: "eth_getTransactionReceipt", params: [hash] });
const send = { method: "eth_sendTransaction", params: [{}] };

describe("ReceiptAhead", () => {
  it("answers the receipt of the last send, as often as it is asked, whatever the hash's case", () => {
    const receipts = new ReceiptAhead();
    receipts.remember(receipts.take(send).token, HASH, RECEIPT);
    expect(receipts.take(ask(HASH)).receipt).toBe(RECEIPT);
    expect(receipts.take(ask(HASH.toUpperCase().replace("0X", "0x"))).receipt).toBe(RECEIPT);
  });

  it("drops it at any other request, and does not take it when a request came while the send was under way", () => {
    const receipts = new ReceiptAhead();
    receipts.remember(receipts.take(send).token, HASH, RECEIPT);
    expect(receipts.take({ method: "evm_revert", params: ["0x1"] }).receipt).toBeUndefined();
    expect(receipts.take(ask(HASH)).receipt).toBeUndefined();

    const token = receipts.take(send).token;
    receipts.take({ method: "evm_snapshot", params: [] });
    receipts.remember(token, HASH, RECEIPT);
    expect(receipts.take(ask(HASH)).receipt).toBeUndefined();
  });

  it("leaves other receipts, and pending transactions, to the devnet", () => {
    const receipts = new ReceiptAhead();
    receipts.remember(receipts.take(send).token, HASH, RECEIPT);
    expect(receipts.take(ask(`0x${"cd".repeat(32)}`)).receipt).toBeUndefined();
    receipts.remember(receipts.take(send).token, HASH, null);
    expect(receipts.take(ask(HASH)).receipt).toBeUndefined();
  });
});
