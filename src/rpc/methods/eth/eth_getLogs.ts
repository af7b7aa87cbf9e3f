/**
 * eth_getLogs: the logs of a block range (or of one block, by hash) that match a filter.
 *
 * To stay fast on long ranges, each block's header bloom and then each receipt's bloom is tested
 * before any log is read: the filter's addresses and topics are hashed into bloom bit positions
 * once per request, so skipping a block costs a few byte lookups.
 */
import type { MinedBlock, StoredLog } from "../../../devnet/chain/types.js";
import { keccak256 } from "../../../devnet/crypto/nativeCrypto.js";
import type { Devnet } from "../../../devnet/Devnet.js";
import { InvalidInputError, InvalidParamsError } from "../../../errors/DevnetError.js";
import { formatLog, type RpcLog } from "../../format/formatLog.js";
import type { BlockNumberOrTag } from "../../params/blockTag.js";
import { type LogFilter, logFilter } from "../../params/logFilter.js";
import { define } from "../define.js";

export const eth_getLogs = define({
  name: "eth_getLogs",
  params: [logFilter],
  handler: ({ devnet }, [filter]): RpcLog[] => {
    const query = new LogQuery(filter);
    const logs: RpcLog[] = [];
    for (const mined of blocksOf(devnet, filter)) {
      if (!query.mayMatchBloom((index) => mined.block.header.logsBloom[index] ?? 0)) continue;
      for (const receipt of mined.receipts) {
        if (receipt.logs.length === 0) continue;
        const bloom = receipt.logsBloom;
        if (!query.mayMatchBloom((index) => Number.parseInt(bloom.slice(2 + 2 * index, 4 + 2 * index), 16))) {
          continue;
        }
        for (const log of receipt.logs) if (query.matches(log)) logs.push(formatLog(log, mined, receipt));
      }
    }
    return logs;
  },
});

/** The blocks a filter names: one block by hash, or a range (tags default to the head). */
function blocksOf(devnet: Devnet, filter: LogFilter): Iterable<MinedBlock> {
  if (filter.blockHash !== undefined) {
    const mined = devnet.chain.byBlockHash(filter.blockHash);
    // geth's and anvil's error for an unknown block hash.
    if (mined === undefined) throw new InvalidInputError("unknown block");
    return [mined];
  }
  const head = devnet.chain.height;
  const from = blockNumber(filter.fromBlock, head);
  const to = blockNumber(filter.toBlock, head);
  if (from > head) {
    throw new InvalidParamsError(`BlockOutOfRangeError: block height is ${head} but requested was ${from}`);
  }
  if (from > to) throw new InvalidParamsError("invalid block range params");
  return devnet.chain.range(from, to);
}

function blockNumber(tag: BlockNumberOrTag | undefined, head: bigint): bigint {
  if (tag === undefined) return head;
  if (tag.kind === "number") return tag.number;
  return tag.tag === "earliest" ? 0n : head;
}

/** One bloom bit: the byte it sits in and its mask. */
type BloomBit = { index: number; mask: number };

/** A filter prepared for matching: sets for the exact test, bloom bits for the quick one. */
class LogQuery {
  private readonly addresses: Set<string> | undefined;
  private readonly topics: (Set<string> | null)[];
  /** Any of the addresses' bit triples must be set (none: no constraint). */
  private readonly addressBits: BloomBit[][];
  /** For each constrained topic position, any of its topics' bit triples must be set. */
  private readonly topicBits: BloomBit[][][];

  constructor(filter: LogFilter) {
    const addresses = filter.address ?? [];
    this.addresses = addresses.length === 0 ? undefined : new Set(addresses);
    this.addressBits = addresses.map(bloomBits);
    this.topics = (filter.topics ?? []).map((position) => (position === null ? null : new Set(position)));
    this.topicBits = (filter.topics ?? []).flatMap((position) =>
      position === null ? [] : [position.map(bloomBits)],
    );
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
