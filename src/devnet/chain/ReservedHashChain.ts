/**
 * ReservedHashChain: the true hashes of a reservation's blocks, keccak of each RLP header, each
 * header holding its parent's hash. The chain is sequential by nature (block n's hash needs
 * n - 1's), ~3.5 µs a block, so a million reserved blocks take seconds to hash: too long to
 * answer hardhat_mine, short enough to run once in the background.
 *
 * Walking the chain once keeps a checkpoint every SEGMENT blocks (the hash before the segment's
 * first block) and the first 4 bytes of every block's hash: afterwards any block's hash costs at
 * most SEGMENT steps from its checkpoint, and a hash is found among the prefixes (4 bytes a
 * block) and confirmed from its checkpoint. A hash asked for past where the walk has reached
 * continues the walk there and then.
 *
 * Invariants: `checkpoints[k]` is the hash of block first + k * SEGMENT - 1 (the reservation's
 * parent for k = 0); `prefixes[k]` holds the prefixes of segment k, for every k below
 * `checkpoints.length - 1`. A shorter reservation (a revert into it) shares its chain: hashes do
 * not depend on where the reservation ends.
 */
import type { ReservedHeaderEncoder } from "./ReservedHeaderEncoder.js";

/** Blocks between two checkpoints: a block's hash costs at most this many steps (~3.5 ms). */
export const SEGMENT = 1024;

export class ReservedHashChain {
  private readonly checkpoints: Uint8Array[];
  private readonly prefixes: Uint32Array[] = [];
  /** The last hash computed, to spare a walk from the checkpoint when blocks are read in order. */
  private recent: { number: bigint; hash: Uint8Array } | undefined;

  constructor(
    readonly encoder: ReservedHeaderEncoder,
    private readonly first: bigint,
    private readonly last: bigint,
    parentHash: Uint8Array,
  ) {
    this.checkpoints = [parentHash];
  }

  /** Whether the hashes of blocks up to `through` are known from checkpoints (walked). */
  walked(through: bigint = this.last): boolean {
    return this.walkedThrough() >= through;
  }

  /** The hash of block `number` (first ≤ number ≤ last). */
  hashOf(number: bigint): Uint8Array {
    const segment = Number((number - this.first) / BigInt(SEGMENT));
    while (this.prefixes.length < segment) this.walkSegment();
    const recent = this.recent;
    let at: bigint;
    let hash: Uint8Array;
    if (recent !== undefined && recent.number <= number && recent.number >= this.segmentStart(segment) - 1n) {
      at = recent.number;
      hash = recent.hash;
    } else {
      at = this.segmentStart(segment) - 1n;
      hash = this.checkpoints[segment] as Uint8Array;
    }
    while (at < number) {
      at++;
      hash = this.encoder.hash(at, hash);
    }
    this.recent = { number, hash };
    return hash;
  }

  /** The number of the block with this hash among blocks first to `through`, if one has it. */
  numberOfHash(hash: Uint8Array, through: bigint): bigint | undefined {
    if (hash.length !== 32) return undefined;
    const prefix = readPrefix(hash);
    const segments = Math.ceil(Number(through - this.first + 1n) / SEGMENT);
    while (this.prefixes.length < segments && !this.walked()) this.walkSegment();
    for (let segment = 0; segment < this.prefixes.length && segment < segments; segment++) {
      const prefixes = this.prefixes[segment] as Uint32Array;
      for (let i = prefixes.indexOf(prefix); i !== -1; i = prefixes.indexOf(prefix, i + 1)) {
        const number = this.segmentStart(segment) + BigInt(i);
        if (number > through) break;
        if (equal(this.hashOf(number), hash)) return number;
      }
    }
    return undefined;
  }

  /**
   * Walks the chain on until `deadline` (performance.now()) or block `through`; whether any
   * walk is left.
   */
  walkUntil(deadline: number, through: bigint): boolean {
    while (!this.walked(through) && performance.now() < deadline) this.walkSegment();
    return !this.walked(through);
  }

  /** The last block whose hash a checkpoint gives without walking further. */
  private walkedThrough(): bigint {
    return this.first + BigInt(this.prefixes.length * SEGMENT) - 1n;
  }

  private segmentStart(segment: number): bigint {
    return this.first + BigInt(segment * SEGMENT);
  }

  /** Hashes the next segment's blocks, keeping their prefixes and the next checkpoint. */
  private walkSegment(): void {
    const segment = this.prefixes.length;
    const start = this.segmentStart(segment);
    const end = start + BigInt(SEGMENT) - 1n < this.last ? start + BigInt(SEGMENT) - 1n : this.last;
    const prefixes = new Uint32Array(Number(end - start + 1n));
    let hash = this.checkpoints[segment] as Uint8Array;
    for (let number = start; number <= end; number++) {
      hash = this.encoder.hash(number, hash);
      prefixes[Number(number - start)] = readPrefix(hash);
    }
    this.prefixes.push(prefixes);
    this.checkpoints.push(hash);
  }
}

function readPrefix(hash: Uint8Array): number {
  return (
    (((hash[0] as number) << 24) |
      ((hash[1] as number) << 16) |
      ((hash[2] as number) << 8) |
      (hash[3] as number)) >>>
    0
  );
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return false;
  return true;
}
