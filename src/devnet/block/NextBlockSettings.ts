/**
 * What the dev methods decide about the blocks to come: the clock offset, gas limit, fee
 * recipient and timestamp interval hold for every later block; a pinned timestamp, base fee or prevRandao for the next
 * block only. A value: changing a setting makes a new one, so a snapshot keeps the one it saw and
 * a revert puts it back whole.
 */
import type { BlockHeader } from "@ethereumjs/block";
import { keccak256 } from "../../crypto/nativeCrypto.js";
import type { NextBlockEnv } from "./BlockBuilder.js";

export interface NextBlockFields {
  /** Seconds added to the wall clock (evm_increaseTime, anvil_setTime). */
  timeOffset: bigint;
  /** Gas limit of the blocks to come (evm_setBlockGasLimit). */
  gasLimit: bigint;
  /** Fee recipient of the blocks to come (anvil_setCoinbase). */
  coinbase: string;
  /** Timestamp of the next block (evm_setNextBlockTimestamp). */
  timestamp: bigint | undefined;
  /** Base fee of the next block (anvil_setNextBlockBaseFeePerGas). */
  baseFee: bigint | undefined;
  /** prevRandao of the next block (anvil_setNextBlockPrevRandao, hardhat_setPrevRandao). */
  prevRandao: Uint8Array | undefined;
  /** Seconds between a block and the next, instead of the clock (anvil_setBlockTimestampInterval). */
  timestampInterval: bigint | undefined;
}

export class NextBlockSettings implements Readonly<NextBlockFields> {
  readonly timeOffset: bigint;
  readonly gasLimit: bigint;
  readonly coinbase: string;
  readonly timestamp: bigint | undefined;
  readonly baseFee: bigint | undefined;
  readonly prevRandao: Uint8Array | undefined;
  readonly timestampInterval: bigint | undefined;

  private constructor(fields: NextBlockFields) {
    this.timeOffset = fields.timeOffset;
    this.gasLimit = fields.gasLimit;
    this.coinbase = fields.coinbase;
    this.timestamp = fields.timestamp;
    this.baseFee = fields.baseFee;
    this.prevRandao = fields.prevRandao;
    this.timestampInterval = fields.timestampInterval;
  }

  /** The settings of a chain that has just started: wall-clock time, nothing pinned. */
  static initial(start: { gasLimit: bigint; coinbase: string }): NextBlockSettings {
    return new NextBlockSettings({
      timeOffset: 0n,
      gasLimit: start.gasLimit,
      coinbase: start.coinbase,
      timestamp: undefined,
      baseFee: undefined,
      prevRandao: undefined,
      timestampInterval: undefined,
    });
  }

  /** These settings with some changed; a field given as undefined is unpinned. */
  with(changes: Partial<NextBlockFields>): NextBlockSettings {
    return new NextBlockSettings({ ...this.fields(), ...changes });
  }

  /**
   * The settings once the next block is mined: what held for it alone is gone, and the clock is
   * not behind the block. A block the clock would have stamped no later than its parent gets the
   * parent's + 1; the clock moves on with it (as Hardhat's EDR does), so quick blocks do not leave
   * the chain ahead of the clock and a later evm_increaseTime(n) still puts the next block at
   * least n seconds after the latest.
   */
  afterBlock(mined?: { timestamp: bigint; wallClock: bigint }): NextBlockSettings {
    const behind = mined === undefined ? 0n : mined.timestamp - this.clock(mined.wallClock);
    if (
      behind <= 0n &&
      this.timestamp === undefined &&
      this.baseFee === undefined &&
      this.prevRandao === undefined
    )
      return this;
    return this.with({
      timestamp: undefined,
      baseFee: undefined,
      prevRandao: undefined,
      ...(behind > 0n && { timeOffset: this.timeOffset + behind }),
    });
  }

  /** `wallClock` (unix seconds) moved by the offset. */
  clock(wallClock: bigint): bigint {
    return wallClock + this.timeOffset;
  }

  /**
   * The environment of the block after `parent`. Its timestamp is `timestamp` when given, else
   * the pinned one, else the parent's plus the timestamp interval when one is set (anvil lets it
   * win over the clock and its offset), else the clock; never earlier than the parent's + 1. Its prevRandao, unless
   * pinned, is the hash of the parent's (a devnet has no beacon chain).
   */
  envAfter(
    parent: BlockHeader,
    at: { wallClock: bigint; baseFee: bigint | undefined; timestamp?: bigint },
  ): NextBlockEnv {
    let time =
      at.timestamp ??
      this.timestamp ??
      (this.timestampInterval === undefined
        ? this.clock(at.wallClock)
        : parent.timestamp + this.timestampInterval);
    if (time <= parent.timestamp) time = parent.timestamp + 1n;
    return {
      timestamp: time,
      gasLimit: this.gasLimit,
      coinbase: this.coinbase,
      baseFeePerGas: at.baseFee,
      prevRandao: this.prevRandao ?? keccak256(parent.mixHash),
    };
  }

  private fields(): NextBlockFields {
    return {
      timeOffset: this.timeOffset,
      gasLimit: this.gasLimit,
      coinbase: this.coinbase,
      timestamp: this.timestamp,
      baseFee: this.baseFee,
      prevRandao: this.prevRandao,
      timestampInterval: this.timestampInterval,
    };
  }
}
