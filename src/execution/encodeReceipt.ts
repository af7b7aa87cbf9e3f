/**
 * The consensus encoding of a receipt, the value the receipts trie holds:
 * rlp([status or state root, cumulative gas, logs bloom, logs]), after the type byte for a typed
 * transaction (EIP-2718).
 *
 * Written into one buffer whose size is counted first: @ethereumjs/vm's `encodeReceipt` goes
 * through `RLP.encode`, which encodes every log, topic and list into its own array and
 * concatenates them level by level (~40 µs a receipt of one log on a loaded machine, against a
 * few here).
 */
import type { TxReceipt } from "@ethereumjs/vm";

type Log = TxReceipt["logs"][number];

const LEGACY_TYPE = 0;

export function encodeReceipt(receipt: TxReceipt, txType: number): Uint8Array {
  const outcome = "stateRoot" in receipt ? receipt.stateRoot : receipt.status === 0 ? EMPTY : STATUS_OK;
  const gas = uintBytes(receipt.cumulativeBlockGasUsed);
  let logsPayload = 0;
  for (const log of receipt.logs) logsPayload += listLength(logPayload(log));
  const payload =
    stringLength(outcome) + stringLength(gas) + stringLength(receipt.bitvector) + listLength(logsPayload);
  const typed = txType !== LEGACY_TYPE;
  const out = new Uint8Array((typed ? 1 : 0) + listLength(payload));
  let at = 0;
  if (typed) out[at++] = txType;
  at = writeListHeader(out, at, payload);
  at = writeString(out, at, outcome);
  at = writeString(out, at, gas);
  at = writeString(out, at, receipt.bitvector);
  at = writeListHeader(out, at, logsPayload);
  for (const log of receipt.logs) {
    const [address, topics, data] = log;
    at = writeListHeader(out, at, logPayload(log));
    at = writeString(out, at, address);
    let topicsPayload = 0;
    for (const topic of topics) topicsPayload += stringLength(topic);
    at = writeListHeader(out, at, topicsPayload);
    for (const topic of topics) at = writeString(out, at, topic);
    at = writeString(out, at, data);
  }
  return out;
}

const EMPTY = new Uint8Array(0);
const STATUS_OK = Uint8Array.of(1);

function logPayload([address, topics, data]: Log): number {
  let topicsPayload = 0;
  for (const topic of topics) topicsPayload += stringLength(topic);
  return stringLength(address) + listLength(topicsPayload) + stringLength(data);
}

/** Minimal big-endian bytes of a non-negative integer (empty for 0). */
function uintBytes(value: bigint): Uint8Array {
  if (value === 0n) return EMPTY;
  let hex = value.toString(16);
  if (hex.length & 1) hex = `0${hex}`;
  const bytes = Buffer.from(hex, "hex");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Bytes of a length prefix beyond the first: 0 up to 55, else the length's own byte count. */
function lengthOfLength(length: number): number {
  if (length <= 55) return 0;
  let count = 1;
  while (length >= 256 ** count) count++;
  return count;
}

function stringLength(bytes: Uint8Array): number {
  if (bytes.length === 1 && (bytes[0] as number) < 0x80) return 1;
  return 1 + lengthOfLength(bytes.length) + bytes.length;
}

function listLength(payload: number): number {
  return 1 + lengthOfLength(payload) + payload;
}

function writeLength(out: Uint8Array, at: number, length: number, short: number, long: number): number {
  const extra = lengthOfLength(length);
  if (extra === 0) {
    out[at] = short + length;
    return at + 1;
  }
  out[at++] = long + extra;
  for (let i = extra - 1; i >= 0; i--) out[at++] = Math.floor(length / 256 ** i) & 0xff;
  return at;
}

function writeString(out: Uint8Array, at: number, bytes: Uint8Array): number {
  if (bytes.length === 1 && (bytes[0] as number) < 0x80) {
    out[at] = bytes[0] as number;
    return at + 1;
  }
  at = writeLength(out, at, bytes.length, 0x80, 0xb7);
  out.set(bytes, at);
  return at + bytes.length;
}

function writeListHeader(out: Uint8Array, at: number, payload: number): number {
  return writeLength(out, at, payload, 0xc0, 0xf7);
}
