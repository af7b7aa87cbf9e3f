/**
 * The receipt of the transaction a connection sent last, brought back with the answer to the
 * send: test code asks for it next (Hardhat's clients wait for the receipt of every transaction),
 * and a round trip to the devnet thread costs ~0.4 ms against 0.04 ms for the receipt itself.
 *
 * A receipt changes only with the chain (a revert, a reorg), and this connection's chain changes
 * only on its own requests: the receipt is answered while no other request was made since its
 * transaction was sent. One was made meanwhile: the request goes to the devnet.
 */
import type { JsonRpcRequest } from "hardhat/types/providers";

const RECEIPT = "eth_getTransactionReceipt";

export class ReceiptAhead {
  /** Requests seen, for telling whether another came while a send was under way. */
  private requests = 0;
  private ahead: { hash: string; receipt: unknown } | undefined;

  /**
   * Called with every request of the connection, before it is sent: the receipt it asks for if it
   * is the one held, else undefined (and a request for anything else drops what was held).
   * Returns a token to pass to `remember` with the request's answer.
   */
  take(request: Pick<JsonRpcRequest, "method" | "params">): { receipt?: unknown; token: number } {
    const asked = request.method === RECEIPT && Array.isArray(request.params) ? request.params[0] : undefined;
    if (this.ahead !== undefined && typeof asked === "string" && asked.toLowerCase() === this.ahead.hash) {
      return { receipt: this.ahead.receipt, token: this.requests };
    }
    this.ahead = undefined;
    this.requests++;
    return { token: this.requests };
  }

  /**
   * Holds `receipt`, mined for the transaction `hash` by the request `token` was given for, unless
   * another request was made since that one.
   */
  remember(token: number, hash: string, receipt: unknown): void {
    if (token !== this.requests || receipt === null || receipt === undefined) return;
    this.ahead = { hash: hash.toLowerCase(), receipt };
  }
}
