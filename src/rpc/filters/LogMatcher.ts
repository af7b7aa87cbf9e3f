/**
 * LogMatcher: the address and topic part of a log filter, prepared once and then tested against
 * blocks. eth_getLogs, log filters (eth_newFilter) and log subscriptions (eth_subscribe "logs")
 * all match through it, so the three agree on what matches.
 *
 * To stay fast on long ranges, each block's header bloom and then each receipt's bloom is tested
 * before any log is read: the filter's addresses and topics are hashed into bloom bit positions
 * once, so skipping a block costs a few byte lookups.
 */

import { keccak256 } from "../../crypto/nativeCrypto.js";
import type { MinedBlock, StoredLog } from "../../devnet/chain/types.js";
import { formatLog, type RpcLog } from "../format/formatLog.js";
import type { LogFilter } from "../params/logFilter.js";

/** One bloom bit: the byte it sits in and its mask. */
type BloomBit = { index: number; mask: number };

/**
 * A filter's addresses and topics, ready to match logs (the block range is not its business).
 * @example new LogMatcher({ address: [token], topics: [[TRANSFER]] }).logsOf(devnet.head)
 */
export class LogMatcher {
  private readonly addresses: Set<string> | undefined;
  private readonly topics: (Set<string> | null)[];
  /** Any of the addresses' bit triples must be set (none: no constraint). */
  private readonly addressBits: BloomBit[][];
  /** For each constrained topic position, any of its topics' bit triples must be set. */
  private readonly topicBits: BloomBit[][][];

  constructor(filter: Pick<LogFilter, "address" | "topics">) {
    const addresses = filter.address ?? [];
    this.addresses = addresses.length === 0 ? undefined : new Set(addresses);
    this.addressBits = addresses.map(bloomBits);
    this.topics = (filter.topics ?? []).map((position) => (position === null ? null : new Set(position)));
    this.topicBits = (filter.topics ?? []).flatMap((position) =>
      position === null ? [] : [position.map(bloomBits)],
    );
  }

  /** The matching logs of one block, in block order, formatted as eth_getLogs serves them. */
  logsOf(mined: MinedBlock): RpcLog[] {
    const logs: RpcLog[] = [];
    if (!this.mayMatchBloom((index) => mined.block.header.logsBloom[index] ?? 0)) return logs;
    for (const receipt of mined.receipts) {
      if (receipt.logs.length === 0) continue;
      const bloom = receipt.logsBloom;
      if (!this.mayMatchBloom((index) => Number.parseInt(bloom.slice(2 + 2 * index, 4 + 2 * index), 16))) {
        continue;
      }
      for (const log of receipt.logs) if (this.matches(log)) logs.push(formatLog(log, mined, receipt));
    }
    return logs;
  }

  /**
   * The matching logs of blocks taken off the chain (`blocks` oldest first), marked
   * `removed: true`, newest first: the order that undoes what was told of them.
   */
  removedLogsOf(blocks: readonly MinedBlock[]): RpcLog[] {
    const logs: RpcLog[] = [];
    for (const mined of blocks) for (const log of this.logsOf(mined)) logs.push({ ...log, removed: true });
    return logs.reverse();
  }

  /** False when the bloom proves no log of the block (or receipt) matches; `byteAt` reads the bloom. */
  mayMatchBloom(byteAt: (index: number) => number): boolean {
    const has = (bits: BloomBit[]) => bits.every(({ index, mask }) => (byteAt(index) & mask) !== 0);
    if (this.addressBits.length > 0 && !this.addressBits.some(has)) return false;
    return this.topicBits.every((alternatives) => alternatives.some(has));
  }

  /**
   * The exact test. A null position matches anything, even a missing topic (anvil's rule); a
   * constrained position needs the log to have a topic there.
   */
  matches(log: StoredLog): boolean {
    if (this.addresses !== undefined && !this.addresses.has(log.address.toLowerCase())) return false;
    return this.topics.every((allowed, position) => {
      if (allowed === null) return true;
      const topic = log.topics[position];
      return topic !== undefined && allowed.has(topic.toLowerCase());
    });
  }
}

/** The three bits an address or topic sets in a 2048-bit logs bloom (yellow paper, M3:2048). */
function bloomBits(hex: string): BloomBit[] {
  const hash = keccak256(Buffer.from(hex.slice(2), "hex"));
  const bits: BloomBit[] = [];
  for (let i = 0; i < 6; i += 2) {
    const bit = (((hash[i] ?? 0) << 8) | (hash[i + 1] ?? 0)) & 2047;
    bits.push({ index: 255 - (bit >> 3), mask: 1 << (bit & 7) });
  }
  return bits;
}
