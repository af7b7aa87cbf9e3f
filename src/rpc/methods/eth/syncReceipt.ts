/**
 * What eth_sendRawTransactionSync and eth_sendTransactionSync (EIP-7966) share: the timeout
 * parameter, and the receipt of a sent transaction once it is mined, or the EIP's errors.
 */
import type { Devnet } from "../../../devnet/Devnet.js";
import { TransactionNotReadyError, TransactionTimeoutError } from "../../../errors/DevnetError.js";
import { formatReceipt, type RpcReceipt } from "../../format/formatReceipt.js";
import { optional } from "../../params/combinators.js";
import { defineParser } from "../../params/parser.js";
import type { ParamParser } from "../../types.js";
import { uint64 } from "../evm/devParams.js";

/** anvil's wait; the EIP recommends 2 s, which a devnet mining every few seconds would miss. */
export const DEFAULT_SYNC_TIMEOUT_MS = 30_000;
/** The longest wait a request may ask for; a longer (or zero) one gets the default, as the EIP says. */
export const MAX_SYNC_TIMEOUT_MS = 600_000;

/** The wait in milliseconds: a quantity or a JSON number; out of range means the default. */
export const syncTimeout: ParamParser<number> = optional(
  defineParser("timeout in milliseconds", (value) => {
    const ms = uint64.parse(value);
    return ms === 0n || ms > BigInt(MAX_SYNC_TIMEOUT_MS) ? DEFAULT_SYNC_TIMEOUT_MS : Number(ms);
  }),
  DEFAULT_SYNC_TIMEOUT_MS,
);

/**
 * The receipt of `hash` once it is mined. Error 5 at once when it waits on a missing nonce,
 * error 4 when `timeoutMs` pass first; both carry the hash, and the transaction stays in the pool.
 */
export async function receiptWhenMined(
  devnet: Devnet,
  sent: { hash: string; queued: boolean },
  timeoutMs: number,
): Promise<RpcReceipt> {
  const { hash } = sent;
  if (sent.queued && devnet.chain.locateTransaction(hash) === undefined) {
    throw new TransactionNotReadyError(
      "The transaction was added to the transaction pool but wasn't processed due to a missing nonce",
      hash,
    );
  }
  if (await devnet.waitForTransaction(hash, timeoutMs)) {
    const location = devnet.chain.locateTransaction(hash);
    const mined = location === undefined ? undefined : devnet.chain.byNumber(location.blockNumber);
    const receipt =
      mined === undefined || location === undefined ? undefined : formatReceipt(mined, location.index);
    if (receipt !== undefined) return receipt;
  }
  throw new TransactionTimeoutError(
    `The transaction was added to the transaction pool but wasn't processed in ${timeoutMs / 1000}s.`,
    hash,
  );
}

/** Whether a transaction of `sender` with `nonce` would wait in the pool for an earlier nonce. */
export function waitsForNonce(devnet: Devnet, sender: string, nonce: bigint): boolean {
  return nonce > devnet.pendingNonce(sender);
}
