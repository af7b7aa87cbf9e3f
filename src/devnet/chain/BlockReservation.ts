/**
 * BlockReservation: a run of empty blocks mined at once without being built (hardhat_mine and
 * anvil_mine of many blocks), each made when something asks for it. Mining a million blocks
 * then costs what mining one does, and the chain holds a few numbers instead of a million blocks.
 *
 * A reserved block is what mining it for real gives: the same number, timestamp (the previous
 * one plus the interval), gas limit, fee recipient, state root (empty blocks change nothing),
 * roots of an empty block, and base fee and excess blob gas, which fall from block to block as
 * they do after empty blocks until they settle. Two fields differ, because mining for real
 * chains them through every block before (keccak of the previous value), which would cost as
 * much as building the blocks:
 *
 * - The hash. A reserved block's hash is derived: 24 bytes naming the reservation (the first
 *   24 bytes of the keccak hash of its first block's header) and the block number in the last 8.
 *   Every header's `parentHash` is its parent's hash as the chain serves it, so walking the
 *   chain by `parentHash` works across a reservation, and a reserved block keeps its hash for
 *   good (the hash is a function of the block; dumps keep it). The price: keccak of a reserved
 *   block's RLP header is not its hash. (Hardhat reserves blocks too, and makes the other
 *   choice: each reserved block's hash is its header's, with a zero parentHash, so the chain does
 *   not link across a reservation.)
 * - prevRandao (mixHash): keccak of the reservation's seed and the block number, where mining
 *   for real takes keccak of the parent's.
 *
 * A reservation is immutable; `through` gives a shorter one (a revert to a block inside it).
 */
import { Block, type BlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { bigIntToBytes, bytesToHex, concatBytes, equalsBytes, setLengthLeft } from "@ethereumjs/util";
import { keccak256 } from "../../crypto/nativeCrypto.js";
import { emptyBlockHeader, type NextBlockEnv, nextExcessBlobGas } from "../block/BlockBuilder.js";
import type { MinedBlock } from "./types.js";

/** Bytes of a reserved block's hash that name its reservation; the other 8 are its number. */
const PREFIX_BYTES = 24;

/** Everything a reservation's blocks are made from (what a dump keeps). */
export interface ReservationFields {
  /** The first and last reserved block numbers. */
  first: bigint;
  last: bigint;
  /** Hash and timestamp of the block before the reservation. */
  parentHash: Uint8Array;
  parentTimestamp: bigint;
  /** Seconds between blocks. */
  interval: bigint;
  gasLimit: bigint;
  coinbase: string;
  stateRoot: Uint8Array;
  /** Seed of the blocks' prevRandao. */
  randaoSeed: Uint8Array;
  /** Base fee of the first reserved block (undefined before London). */
  baseFeePerGas: bigint | undefined;
  /** Excess blob gas of the first reserved block (zero before Cancun). */
  excessBlobGas: bigint;
  /** The first bytes of every reserved block's hash. */
  hashPrefix: Uint8Array;
}

/** Fees from one empty block to the next, until they no longer change. */
interface FeeStep {
  baseFeePerGas: bigint | undefined;
  excessBlobGas: bigint;
}

export class BlockReservation {
  private constructor(
    readonly fields: Readonly<ReservationFields>,
    private readonly common: Common,
    /** fees[i] are block first + i's; past the end, the last entry's (they settled). */
    private readonly fees: readonly FeeStep[],
  ) {}

  /**
   * Reserves `count` empty blocks after `parent` (with its hash as the chain knows it),
   * `interval` seconds apart. `env` is what the miner decided for the first of them; its gas
   * limit, fee recipient and prevRandao (as the seed) hold for all of them.
   */
  static create(
    common: Common,
    parent: { header: BlockHeader; hash: Uint8Array },
    options: { count: bigint; interval: bigint; env: NextBlockEnv },
  ): BlockReservation {
    const { count, interval, env } = options;
    if (count < 1n) throw new Error("a reservation holds at least one block");
    const first = parent.header.number + 1n;
    const fields: ReservationFields = {
      first,
      last: first + count - 1n,
      parentHash: parent.hash,
      parentTimestamp: parent.header.timestamp,
      interval,
      gasLimit: env.gasLimit,
      coinbase: env.coinbase,
      stateRoot: parent.header.stateRoot,
      randaoSeed: env.prevRandao,
      baseFeePerGas: env.baseFeePerGas,
      excessBlobGas: nextExcessBlobGas(common, parent.header),
      hashPrefix: new Uint8Array(PREFIX_BYTES),
    };
    const fees = feeSteps(common, fields, count);
    fields.hashPrefix = reservedHeader(common, fields, fees, first).hash().slice(0, PREFIX_BYTES);
    return new BlockReservation(fields, common, fees);
  }

  /** A reservation from its fields (a loaded dump). */
  static restore(common: Common, fields: ReservationFields): BlockReservation {
    return new BlockReservation(fields, common, feeSteps(common, fields, fields.last - fields.first + 1n));
  }

  get first(): bigint {
    return this.fields.first;
  }

  get last(): bigint {
    return this.fields.last;
  }

  get count(): bigint {
    return this.fields.last - this.fields.first + 1n;
  }

  has(number: bigint): boolean {
    return number >= this.fields.first && number <= this.fields.last;
  }

  /** The same reservation ending at block `last` (inside it). */
  through(last: bigint): BlockReservation {
    return new BlockReservation({ ...this.fields, last }, this.common, this.fees);
  }

  /** The hash of reserved block `number`. */
  hashOf(number: bigint): Uint8Array {
    return reservedHash(this.fields, number);
  }

  /** The number of the reserved block with this hash, if it is one of them. */
  numberOfHash(hash: Uint8Array): bigint | undefined {
    if (hash.length !== 32 || !equalsBytes(hash.subarray(0, PREFIX_BYTES), this.fields.hashPrefix)) {
      return undefined;
    }
    let number = 0n;
    for (const byte of hash.subarray(PREFIX_BYTES)) number = (number << 8n) | BigInt(byte);
    return this.has(number) ? number : undefined;
  }

  /** Reserved block `number` as a mined block. */
  block(number: bigint): MinedBlock {
    const block = new Block(reservedHeader(this.common, this.fields, this.fees, number), []);
    return { block, hash: bytesToHex(this.hashOf(number)), number, receipts: [], senders: [] };
  }
}

/** The hash of reserved block `number`: the reservation's prefix, then the number. */
function reservedHash(fields: Readonly<ReservationFields>, number: bigint): Uint8Array {
  return concatBytes(fields.hashPrefix, setLengthLeft(bigIntToBytes(number), 32 - PREFIX_BYTES));
}

function reservedHeader(
  common: Common,
  fields: Readonly<ReservationFields>,
  fees: readonly FeeStep[],
  number: bigint,
): BlockHeader {
  const index = number - fields.first;
  const fee = fees[index < BigInt(fees.length - 1) ? Number(index) : fees.length - 1] as FeeStep;
  return emptyBlockHeader(common, {
    parentHash: number === fields.first ? fields.parentHash : reservedHash(fields, number - 1n),
    number,
    env: {
      timestamp: fields.parentTimestamp + fields.interval * (index + 1n),
      gasLimit: fields.gasLimit,
      coinbase: fields.coinbase,
      baseFeePerGas: fee.baseFeePerGas,
      prevRandao: keccak256(concatBytes(fields.randaoSeed, setLengthLeft(bigIntToBytes(number), 8))),
    },
    excessBlobGas: fee.excessBlobGas,
    stateRoot: fields.stateRoot,
  });
}

/**
 * The fees of the reserved blocks from the first on, until they settle or the reservation ends.
 * Each step asks ethereumjs for the next block's fees after an empty one, as mining does.
 * From 1 gwei the base fee settles (at 7 wei) after about 160 blocks.
 */
function feeSteps(common: Common, fields: ReservationFields, count: bigint): FeeStep[] {
  const steps: FeeStep[] = [{ baseFeePerGas: fields.baseFeePerGas, excessBlobGas: fields.excessBlobGas }];
  const blobs = common.isActivatedEIP(4844);
  while (BigInt(steps.length) < count) {
    const current = steps[steps.length - 1] as FeeStep;
    if (current.baseFeePerGas === undefined && !blobs) break;
    const header = emptyBlockHeader(common, {
      parentHash: new Uint8Array(32),
      number: fields.first + BigInt(steps.length - 1),
      env: {
        timestamp: fields.parentTimestamp + fields.interval * BigInt(steps.length),
        gasLimit: fields.gasLimit,
        coinbase: fields.coinbase,
        baseFeePerGas: current.baseFeePerGas,
        prevRandao: new Uint8Array(32),
      },
      excessBlobGas: current.excessBlobGas,
      stateRoot: fields.stateRoot,
    });
    const next: FeeStep = {
      baseFeePerGas: current.baseFeePerGas === undefined ? undefined : header.calcNextBaseFee(),
      excessBlobGas: nextExcessBlobGas(common, header),
    };
    if (next.baseFeePerGas === current.baseFeePerGas && next.excessBlobGas === current.excessBlobGas) break;
    steps.push(next);
  }
  return steps;
}
