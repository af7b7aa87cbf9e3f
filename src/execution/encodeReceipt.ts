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
import { listLength, stringLength, writeListHeader, writeString } from "./rlpWrite.js";

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
