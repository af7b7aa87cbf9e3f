/**
 * BlockReservation: a run of empty blocks mined at once without being built (hardhat_mine and
 * anvil_mine of many blocks), each made when something asks for it. Mining a million blocks
 * then costs what mining one does, and the chain holds a few numbers instead of a million blocks.
 *
 * A reserved block is what mining it for real gives: the same number, timestamp (the previous
 * one plus the interval), gas limit, fee recipient, state root (empty blocks change nothing),
 * roots of an empty block, and base fee and excess blob gas, which fall from block to block as
 * they do after empty blocks until they settle. Its hash is keccak of its RLP header and its
 * `parentHash` its parent's hash, as for any block: ReservedHashChain walks the chain of hashes
 * once, in the background, and keeps checkpoints for the blocks asked for later. One field
 * differs from mining for real, which chains it through every block before:
 *
 * - prevRandao (mixHash): keccak of the reservation's seed and the block number, where mining
 *   for real takes keccak of the parent's; so a block's header is known without its parents'.
 *
 * A reservation is immutable; `through` gives a shorter one (a revert to a block inside it).
 */
import { Block, type BlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { bytesToHex } from "@ethereumjs/util";
import { emptyBlockHeader, type NextBlockEnv, nextExcessBlobGas } from "../block/BlockBuilder.js";
import { ReservedHashChain } from "./ReservedHashChain.js";
import { ReservedHeaderEncoder } from "./ReservedHeaderEncoder.js";
import type { MinedBlock } from "./types.js";

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
    /** The hashes of the blocks; shared with the shorter reservations made by `through`. */
    readonly hashes: ReservedHashChain = hashChain(common, fields, fees),
  ) {}

  /** The block last made: the head, when the reservation ends the chain, is asked for often. */
  private lastMade: MinedBlock | undefined;

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
    };
    return new BlockReservation(fields, common, feeSteps(common, fields, count));
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
    return new BlockReservation({ ...this.fields, last }, this.common, this.fees, this.hashes);
  }

  /** The hash of reserved block `number`: walks the chain of hashes there if not yet done. */
  hashOf(number: bigint): Uint8Array {
    return this.hashes.hashOf(number);
  }

  /** The number of the reserved block with this hash, if it is one of them. */
  numberOfHash(hash: Uint8Array): bigint | undefined {
    return this.hashes.numberOfHash(hash, this.fields.last);
  }

  /** Walks the chain of hashes on until `deadline` (performance.now()); whether any is left. */
  /** Whether every block's hash is known (walked). */
  get hashesWalked(): boolean {
    return this.hashes.walked(this.fields.last);
  }

  walkHashesUntil(deadline: number): boolean {
    return this.hashes.walkUntil(deadline, this.fields.last);
  }

  /** Reserved block `number` as a mined block. */
  block(number: bigint): MinedBlock {
    if (this.lastMade?.number === number) return this.lastMade;
    const parentHash = number === this.fields.first ? this.fields.parentHash : this.hashOf(number - 1n);
    const header = reservedHeader(this.common, this.fields, this.fees, number, parentHash, this.hashes);
    const block = new Block(header, []);
    const mined = { block, hash: bytesToHex(header.hash()), number, receipts: [], senders: [] };
    this.lastMade = mined;
    return mined;
  }
}

function reservedHeader(
  common: Common,
  fields: Readonly<ReservationFields>,
  fees: readonly FeeStep[],
  number: bigint,
  parentHash: Uint8Array,
  hashes: ReservedHashChain,
): BlockHeader {
  return emptyBlockHeader(common, {
    parentHash,
    number,
    env: {
      timestamp: fields.parentTimestamp + fields.interval * (number - fields.first + 1n),
      gasLimit: fields.gasLimit,
      coinbase: fields.coinbase,
      baseFeePerGas: feeOf(fields, fees, number).baseFeePerGas,
      prevRandao: hashes.encoder.prevRandao(number),
    },
    excessBlobGas: feeOf(fields, fees, number).excessBlobGas,
    stateRoot: fields.stateRoot,
  });
}

function feeOf(fields: Readonly<ReservationFields>, fees: readonly FeeStep[], number: bigint): FeeStep {
  const index = number - fields.first;
  return fees[index < BigInt(fees.length - 1) ? Number(index) : fees.length - 1] as FeeStep;
}

/**
 * The chain of the reservation's hashes, its header encoder's template taken from the first
 * block's header as ethereumjs builds it (any parent hash and prevRandao: the encoder writes
 * both).
 */
function hashChain(
  common: Common,
  fields: Readonly<ReservationFields>,
  fees: readonly FeeStep[],
): ReservedHashChain {
  const template = emptyBlockHeader(common, {
    parentHash: fields.parentHash,
    number: fields.first,
    env: {
      timestamp: fields.parentTimestamp + fields.interval,
      gasLimit: fields.gasLimit,
      coinbase: fields.coinbase,
      baseFeePerGas: fields.baseFeePerGas,
      prevRandao: new Uint8Array(32),
    },
    excessBlobGas: fields.excessBlobGas,
    stateRoot: fields.stateRoot,
  });
  // After nonce (14): baseFeePerGas, withdrawalsRoot, blobGasUsed, excessBlobGas, where present.
  const hasBaseFee = template.baseFeePerGas !== undefined;
  const baseFeeAt = hasBaseFee ? 15 : undefined;
  const excessBlobGasAt =
    template.excessBlobGas === undefined
      ? undefined
      : 16 + (hasBaseFee ? 1 : 0) + (template.withdrawalsRoot === undefined ? 0 : 1);
  const encoder = new ReservedHeaderEncoder(
    template.raw(),
    fields.first,
    fields.parentTimestamp,
    fields.interval,
    fields.randaoSeed,
    fees,
    { baseFeeAt, excessBlobGasAt },
  );
  return new ReservedHashChain(encoder, fields.first, fields.last, fields.parentHash);
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
