/**
 * The blocks a log filter names: one block by hash, or a range whose tags ("latest", "pending",
 * "safe", "finalized", or no bound at all) name the head and "earliest" the genesis block.
 */
import type { MinedBlock } from "../../devnet/chain/types.js";
import type { Devnet } from "../../devnet/Devnet.js";
import { InvalidInputError, InvalidParamsError } from "../../errors/DevnetError.js";
import type { BlockNumberOrTag } from "../params/blockTag.js";
import type { LogFilter } from "../params/logFilter.js";

/**
 * The blocks eth_getLogs reads for `filter` (those that can have logs), with anvil's errors: an unknown block hash, a range
 * starting past the head, a range that ends before it starts.
 * @example [...blocksOfFilter(devnet, { fromBlock: { kind: "tag", tag: "earliest" } })]
 */
export function blocksOfFilter(devnet: Devnet, filter: LogFilter): Iterable<MinedBlock> {
  if (filter.blockHash !== undefined) {
    const mined = devnet.chain.byBlockHash(filter.blockHash);
    // geth's and anvil's error for an unknown block hash.
    if (mined === undefined) throw new InvalidInputError("unknown block");
    return [mined];
  }
  const head = devnet.chain.height;
  const from = blockNumberOf(filter.fromBlock, head);
  const to = blockNumberOf(filter.toBlock, head);
  if (from > head) {
    throw new InvalidParamsError(`BlockOutOfRangeError: block height is ${head} but requested was ${from}`);
  }
  if (from > to) throw new InvalidParamsError("invalid block range params");
  // Reserved blocks (hardhat_mine of many) are empty: only built blocks can hold logs.
  return devnet.chain.builtRange(from, to);
}

/** The number a range bound names when the head is `head`; no bound names the head. */
export function blockNumberOf(tag: BlockNumberOrTag | undefined, head: bigint): bigint {
  if (tag === undefined) return head;
  if (tag.kind === "number") return tag.number;
  return tag.tag === "earliest" ? 0n : head;
}
