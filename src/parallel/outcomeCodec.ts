/**
 * Transaction outcomes as bytes, for the way from a worker to the coordinator.
 *
 * Structured clone turns an ERC-20 transfer's outcome (receipt, bloom, log address, topics and
 * data, return value) into a dozen objects and nine ArrayBuffers on the coordinator, which holds
 * them until the block ends: its scavenges copy them, and receiving them costs more than the rest
 * of the result. A worker instead writes the outcomes of a chunk into one buffer, transferred
 * with the message, and the coordinator decodes an outcome only when it assembles the block:
 * by then a re-executed transaction's earlier outcomes are gone unread.
 *
 * Decoded byte fields are views into the buffer (nothing mutates a receipt's bytes).
 */
import type { Log } from "@ethereumjs/evm";
import type { TxReceipt } from "@ethereumjs/vm";
import type { TxOutcome } from "../execution/types.js";
import type { TxIndex } from "./types.js";

/** Where an outcome lies in a chunk's buffer, until the coordinator needs it. */
export interface EncodedOutcome {
  readonly bytes: Uint8Array;
  readonly at: number;
}

const INVALID = 0;
const INCLUDED = 1;
/** Receipt shapes, as ethereumjs' generateTxReceipt makes them. */
const WITH_STATUS = 0;
const WITH_STATE_ROOT = 1;
const WITH_BLOB_GAS = 2;
/** Optional strings and the logs' sharing, as flags. */
const HAS_CONTRACT_ADDRESS = 1;
const HAS_ERROR = 2;
const LOGS_SHARED = 4;

/** How a bigint is written. */
const SMALL = 0;
const POSITIVE = 1;
const NEGATIVE = 2;
const MAX_EXACT = BigInt(Number.MAX_SAFE_INTEGER);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Appends outcomes to one growing buffer. */
export class OutcomeWriter {
  private bytes: Uint8Array<ArrayBuffer> = new Uint8Array(4096);
  private view = new DataView(this.bytes.buffer);
  private length = 0;

  /** Writes `outcome`; returns where it starts. */
  add(outcome: TxOutcome): number {
    const at = this.length;
    if (outcome.kind === "invalid") {
      this.u8(INVALID);
      this.string(outcome.reason);
      return at;
    }
    const { receipt } = outcome;
    this.u8(INCLUDED);
    let flags = 0;
    if (outcome.contractAddress !== undefined) flags |= HAS_CONTRACT_ADDRESS;
    if (outcome.error !== undefined) flags |= HAS_ERROR;
    if (outcome.logs === receipt.logs) flags |= LOGS_SHARED;
    this.u8(flags);
    this.bigint(outcome.gasUsed);
    this.bigint(outcome.minerValue);
    if (outcome.contractAddress !== undefined) this.string(outcome.contractAddress);
    this.bytesOf(outcome.returnValue);
    if (outcome.error !== undefined) this.string(outcome.error);
    if ("stateRoot" in receipt) {
      this.u8(WITH_STATE_ROOT);
      this.bytesOf(receipt.stateRoot);
    } else if ("blobGasUsed" in receipt) {
      this.u8(WITH_BLOB_GAS);
      this.bigint(receipt.blobGasUsed);
      this.bigint(receipt.blobGasPrice);
      this.u8(receipt.status);
    } else {
      this.u8(WITH_STATUS);
      this.u8(receipt.status);
    }
    this.bigint(receipt.cumulativeBlockGasUsed);
    this.bytesOf(receipt.bitvector);
    this.logs(receipt.logs);
    if ((flags & LOGS_SHARED) === 0) this.logs(outcome.logs);
    return at;
  }

  /** The outcomes written, in a buffer of their own (to transfer). */
  finish(): Uint8Array<ArrayBuffer> {
    return this.bytes.slice(0, this.length);
  }

  private logs(logs: Log[]): void {
    this.u32(logs.length);
    for (const [address, topics, data] of logs) {
      this.bytesOf(address);
      this.u32(topics.length);
      for (const topic of topics) this.bytesOf(topic);
      this.bytesOf(data);
    }
  }

  private reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  private u8(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  private u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value);
    this.length += 4;
  }

  private bytesOf(value: Uint8Array): void {
    this.u32(value.length);
    this.reserve(value.length);
    this.bytes.set(value, this.length);
    this.length += value.length;
  }

  private string(value: string): void {
    this.bytesOf(encoder.encode(value));
  }

  /** Gas amounts and most fees fit a double exactly; anything else goes as hex digits. */
  private bigint(value: bigint): void {
    if (value >= 0n && value <= MAX_EXACT) {
      this.u8(SMALL);
      this.reserve(8);
      this.view.setFloat64(this.length, Number(value));
      this.length += 8;
      return;
    }
    this.u8(value < 0n ? NEGATIVE : POSITIVE);
    const hex = (value < 0n ? -value : value).toString(16);
    this.u32(hex.length);
    this.reserve(hex.length);
    for (let i = 0; i < hex.length; i++) this.bytes[this.length++] = hex.charCodeAt(i);
  }
}

/** Reads back the outcome written at `encoded.at`, as transaction `index`'s. */
export function decodeOutcome(encoded: EncodedOutcome, index: TxIndex): TxOutcome {
  return new OutcomeReader(encoded.bytes, encoded.at).outcome(index);
}

class OutcomeReader {
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private at: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  outcome(index: TxIndex): TxOutcome {
    if (this.u8() === INVALID) return { kind: "invalid", index, reason: this.string() };
    const flags = this.u8();
    const gasUsed = this.bigint();
    const minerValue = this.bigint();
    const contractAddress = (flags & HAS_CONTRACT_ADDRESS) !== 0 ? this.string() : undefined;
    const returnValue = this.bytesOf();
    const error = (flags & HAS_ERROR) !== 0 ? this.string() : undefined;
    const receipt = this.receipt();
    const logs = (flags & LOGS_SHARED) !== 0 ? receipt.logs : this.logs();
    return {
      kind: "included",
      index,
      gasUsed,
      receipt,
      logs,
      contractAddress,
      returnValue,
      error,
      minerValue,
    };
  }

  /** A receipt with the fields in generateTxReceipt's order. */
  private receipt(): TxReceipt {
    const shape = this.u8();
    if (shape === WITH_STATE_ROOT) {
      const stateRoot = this.bytesOf();
      return { stateRoot, ...this.baseReceipt() };
    }
    if (shape === WITH_BLOB_GAS) {
      const blobGasUsed = this.bigint();
      const blobGasPrice = this.bigint();
      const status = this.u8() as 0 | 1;
      return { blobGasUsed, blobGasPrice, status, ...this.baseReceipt() };
    }
    const status = this.u8() as 0 | 1;
    return { status, ...this.baseReceipt() };
  }

  private baseReceipt(): { cumulativeBlockGasUsed: bigint; bitvector: Uint8Array; logs: Log[] } {
    const cumulativeBlockGasUsed = this.bigint();
    const bitvector = this.bytesOf();
    return { cumulativeBlockGasUsed, bitvector, logs: this.logs() };
  }

  private logs(): Log[] {
    const logs: Log[] = new Array(this.u32());
    for (let i = 0; i < logs.length; i++) {
      const address = this.bytesOf();
      const topics: Uint8Array[] = new Array(this.u32());
      for (let t = 0; t < topics.length; t++) topics[t] = this.bytesOf();
      logs[i] = [address, topics, this.bytesOf()];
    }
    return logs;
  }

  private u8(): number {
    return this.bytes[this.at++] as number;
  }

  private u32(): number {
    const value = this.view.getUint32(this.at);
    this.at += 4;
    return value;
  }

  private bytesOf(): Uint8Array {
    const length = this.u32();
    const value = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return value;
  }

  private string(): string {
    return decoder.decode(this.bytesOf());
  }

  private bigint(): bigint {
    const kind = this.u8();
    if (kind === SMALL) {
      const value = this.view.getFloat64(this.at);
      this.at += 8;
      return BigInt(value);
    }
    const digits = this.bytesOf();
    const magnitude = BigInt(`0x${String.fromCharCode(...digits)}`);
    return kind === NEGATIVE ? -magnitude : magnitude;
  }
}
