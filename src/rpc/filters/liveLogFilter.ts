/**
 * Log filters that watch the blocks to come (eth_newFilter, eth_subscribe "logs"), as opposed to
 * eth_getLogs, which reads the chain once.
 */
import { InvalidParamsError } from "../../errors/DevnetError.js";
import type { BlockNumberOrTag } from "../params/blockTag.js";
import { type LogFilter, logFilter } from "../params/logFilter.js";
import { defineParser } from "../params/parser.js";
import type { ParamParser } from "../types.js";

/**
 * eth_getLogs' filter without `blockHash`, which names one past block while these watch the
 * blocks to come, and without a range that ends before it starts (geth's rules).
 */
export const liveLogFilter: ParamParser<LogFilter> = defineParser("filter", (value) => {
  const filter = logFilter.parse(value);
  if (filter.blockHash !== undefined) {
    throw new InvalidParamsError("blockHash is not supported for filters and subscriptions: use eth_getLogs");
  }
  const { fromBlock, toBlock } = filter;
  if (fromBlock?.kind === "number" && toBlock?.kind === "number" && fromBlock.number > toBlock.number) {
    throw new InvalidParamsError("invalid block range params");
  }
  return filter;
});

/**
 * Which new blocks a live filter looks at: bounds given as numbers (or "earliest", block 0) hold;
 * "latest", the other tags and no bound at all follow the head, so admit every new block.
 */
export type LiveRange = { lowest: bigint; highest: bigint | undefined };

/** The range of new blocks `filter` admits. */
export function liveRangeOf(filter: LogFilter): LiveRange {
  return { lowest: lowerBound(filter.fromBlock), highest: upperBound(filter.toBlock) };
}

/** Whether a new block numbered `number` is in `range`. */
export function inLiveRange(range: LiveRange, number: bigint): boolean {
  return number >= range.lowest && (range.highest === undefined || number <= range.highest);
}

function lowerBound(tag: BlockNumberOrTag | undefined): bigint {
  return tag?.kind === "number" ? tag.number : 0n;
}

function upperBound(tag: BlockNumberOrTag | undefined): bigint | undefined {
  if (tag === undefined) return undefined;
  if (tag.kind === "number") return tag.number;
  return tag.tag === "earliest" ? 0n : undefined;
}
