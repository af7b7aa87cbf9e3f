/**
 * The devnet's clock as the time methods move it. The Devnet stamps a block with
 * `wall clock + timeOffset` (or a pinned next timestamp), never earlier than its parent + 1.
 *
 * When a block gets an explicit timestamp, anvil and Hardhat move their clock offset with it, so
 * that the blocks after it continue from there and a later evm_increaseTime adds to it; the
 * helpers here do the same by moving `timeOffset`.
 */
import type { Devnet } from "../../../devnet/Devnet.js";
import { InvalidParamsError } from "../../../errors/DevnetError.js";

/** Unix seconds of the wall clock, without the devnet's offset. */
export function wallClock(): bigint {
  return BigInt(Math.floor(Date.now() / 1000));
}

/**
 * Makes the next block carry exactly `timestamp`, and the clock continue from it. A timestamp
 * at or before the latest block's is refused with -32602, as anvil refuses an earlier one (the
 * devnet never mines two blocks with the same timestamp, so it refuses an equal one too, as
 * Hardhat does).
 */
export function pinNextTimestamp(devnet: Devnet, timestamp: bigint): void {
  const latest = devnet.head.block.header.timestamp;
  if (timestamp <= latest) {
    throw new InvalidParamsError(
      `Timestamp error: ${timestamp} is lower than or equal to previous block's timestamp ${latest}`,
    );
  }
  devnet.updateNextBlock({ timestamp, timeOffset: timestamp - wallClock() });
}
