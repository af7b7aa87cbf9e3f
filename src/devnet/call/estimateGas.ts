/**
 * Gas estimation by binary search over the gas limit: one run with the highest allowed limit (a
 * failure there is the answer), then the gas that run consumed before its refund and one less:
 * when the first succeeds and the second fails, that is the minimum (most transactions forward
 * no gas that they need back, and test suites estimate every transaction: two runs instead of a
 * dozen). Code that cannot observe its gas (most contracts a test suite deploys), or a first run
 * that reached none of the code that could (gasProbe), needs only the first run, or the first two
 * (see `fixedPath`). Otherwise an optimistic try just above what the
 * run used, then halving down to the exact minimum, as anvil answers (geth stops within 1.5%;
 * tools compare our figures with anvil's).
 */
import { InvalidInputError, TransactionRejectedError } from "../../errors/DevnetError.js";
import { revertError } from "./revertReason.js";
import type { MessageResult } from "./runMessage.js";

const CALL_STIPEND = 2_300n;
/** Gas of a plain value transfer: to an account without code, no data, no access list. */
export const PLAIN_TRANSFER_GAS = 21_000n;
/** SSTORE fails with this much gas left or less (EIP-2200). */
const SSTORE_SENTRY = 2_300n;

/** Runs the message with a gas limit; the caller builds the transaction. */
export type RunWithGas = (gas: bigint) => Promise<MessageResult>;

/**
 * `fixedPath`: the message's code cannot observe its gas limit (see gasObservingCode): under any
 * limit it runs the same steps, so the gas consumed is the minimum once a run at that limit
 * succeeds, and the first run alone shows that when its SSTOREs leave the sentry room and the
 * calldata floor is below. A first run that observed no gas (`observedGas` false) took such a
 * path too, whatever its code holds: until a step looks at the gas, every step is the same under
 * any limit that lets the run get there.
 */
export async function estimateGas(run: RunWithGas, highest: bigint, fixedPath = false): Promise<bigint> {
  const first = await run(highest);
  if (first.invalid !== undefined) throw invalidMessageError(first.invalid);
  if (first.error !== undefined) {
    if (first.error === "revert") throw revertError(bytesHex(first.returnValue));
    throw new TransactionRejectedError(`Out of gas: gas required exceeds allowance: ${highest}`);
  }
  const succeeds = async (gas: bigint) => {
    const result = await run(gas);
    return result.invalid === undefined && result.error === undefined ? result : undefined;
  };
  let gasUsed = first.gasUsed;
  let lo = gasUsed - 1n;
  let hi = highest;
  const fromOneRun = leastGasFromOneRun(first, highest, fixedPath);
  if (fromOneRun !== undefined) return fromOneRun;
  const consumed = first.gasUsed + first.gasRefund;
  const exact = takesOnePath(first, fixedPath);
  if (consumed < hi) {
    if ((await succeeds(consumed)) === undefined) lo = consumed;
    else if (exact) return consumed;
    else if ((await succeeds(consumed - 1n)) === undefined) return consumed;
    else hi = consumed - 1n;
  }
  const optimistic = ((gasUsed + first.gasRefund + CALL_STIPEND) * 64n) / 63n;
  if (optimistic < hi) {
    const result = await succeeds(optimistic);
    if (result === undefined) lo = optimistic;
    else {
      hi = optimistic;
      gasUsed = result.gasUsed;
    }
  }
  // The answer is usually close to what the transaction used: probe there first.
  let mid = gasUsed * 3n < (hi + lo) / 2n ? gasUsed * 3n : (hi + lo) / 2n;
  while (lo + 1n < hi) {
    if ((await succeeds(mid)) === undefined) lo = mid;
    else hi = mid;
    mid = (hi + lo) / 2n;
  }
  return hi;
}

/** What one run tells of the gas a message needs. */
export type RunGas = Pick<
  MessageResult,
  "gasUsed" | "gasRefund" | "leastGasAtSstore" | "observedGas" | "minimumGasLimit"
>;

/**
 * The least gas a message needs, from one successful run with `limit`, where that run shows it
 * (see `fixedPath` above): what an estimate answers without a second run. Undefined otherwise.
 */
export function leastGasFromOneRun(run: RunGas, limit: bigint, fixedPath = false): bigint | undefined {
  const consumed = run.gasUsed + run.gasRefund;
  if (consumed >= limit || !takesOnePath(run, fixedPath)) return undefined;
  return holdsAt(run, consumed, limit) ? consumed : undefined;
}

/**
 * Whether `consumed` (gas used plus refund) is what the run needed on the one path it takes
 * under any limit: a refund above its cap (a fifth) makes `consumed` more than the run spent.
 * What the run was seen to do, where it was watched, tells more than what its code holds.
 */
function takesOnePath(run: RunGas, fixedPath: boolean): boolean {
  const consumed = run.gasUsed + run.gasRefund;
  const onePath = run.observedGas === undefined ? fixedPath : !run.observedGas;
  return onePath && run.gasRefund < consumed / 5n;
}

/**
 * Whether a fixed-path message that ran with `limit` also succeeds with `lower`, the gas it
 * consumed: every point of the run has `limit - lower` less gas left, so each SSTORE must still
 * leave more than the sentry, and `lower` must be a valid limit (intrinsic gas, calldata floor).
 * A run charged exactly that minimum may have been charged the floor, which zeroes the refund
 * report: then `lower` may be less than it spent, and this cannot tell.
 */
function holdsAt(run: RunGas, lower: bigint, limit: bigint): boolean {
  const { leastGasAtSstore, minimumGasLimit } = run;
  if (leastGasAtSstore === undefined || minimumGasLimit === undefined) return false;
  if (lower < minimumGasLimit) return false;
  if (run.gasRefund === 0n && run.gasUsed <= minimumGasLimit) return false;
  return leastGasAtSstore === "none" || leastGasAtSstore - (limit - lower) > SSTORE_SENTRY;
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
