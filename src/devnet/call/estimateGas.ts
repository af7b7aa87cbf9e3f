/**
 * Gas estimation by binary search over the gas limit, as geth does it: one run with the highest
 * allowed limit (a failure there is the answer), an optimistic try just above what that run used
 * (most transactions need no more), then halving until within 1.5%.
 */
import { InvalidInputError, TransactionRejectedError } from "../../errors/DevnetError.js";
import { revertError } from "./revertReason.js";
import type { MessageResult } from "./runMessage.js";

const CALL_STIPEND = 2_300n;
const ERROR_RATIO = 0.015;

/** Runs the message with a gas limit; the caller builds the transaction. */
export type RunWithGas = (gas: bigint) => Promise<MessageResult>;

export async function estimateGas(run: RunWithGas, highest: bigint): Promise<bigint> {
  const first = await run(highest);
  if (first.invalid !== undefined) throw invalidMessageError(first.invalid);
  if (first.error !== undefined) {
    if (first.error === "revert") throw revertError(bytesHex(first.returnValue));
    throw new TransactionRejectedError(`Out of gas: gas required exceeds allowance: ${highest}`);
  }
  const fails = async (gas: bigint) => {
    const result = await run(gas);
    return result.invalid !== undefined || result.error !== undefined;
  };
  let lo = first.gasUsed - 1n;
  let hi = highest;
  const optimistic = ((first.gasUsed + first.gasRefund + CALL_STIPEND) * 64n) / 63n;
  if (optimistic < hi) {
    if (await fails(optimistic)) lo = optimistic;
    else hi = optimistic;
  }
  while (lo + 1n < hi) {
    if (Number(hi - lo) / Number(hi) < ERROR_RATIO) break;
    let mid = (hi + lo) / 2n;
    // The answer is usually near the low end: don't probe far above twice the low bound.
    if (mid > lo * 2n) mid = lo * 2n;
    if (await fails(mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** A message that is not valid as a transaction, in anvil's words where it has some. */
export function invalidMessageError(reason: string): InvalidInputError | TransactionRejectedError {
  if (/enough funds|insufficient/i.test(reason)) {
    return new TransactionRejectedError("insufficient funds for gas * price + value");
  }
  return new InvalidInputError(reason.split(" (block")[0] ?? reason);
}

function bytesHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString("hex")}`;
}
