/**
 * The message a typed transaction's sender signed, cut from the bytes it arrived as: the type
 * byte and the RLP list of every field but the last three (y-parity, r, s). ethereumjs rebuilds
 * it from the decoded fields (~15 µs per raw transaction, RLP-encoding every field again), and
 * again the whole transaction for its hash; here the fields' bytes are reused as they are.
 */
import { listLength, writeListHeader } from "./rlpWrite.js";

/** Fields after the signed message in a typed transaction: y-parity, r and s. */
const SIGNATURE_FIELDS = 3;

/**
 * Typed transactions whose bytes are the signed fields then the signature: access lists (1), fee
 * market (2) and set-code (4). A blob transaction (3) may arrive wrapped with its blobs.
 */
const PLAIN_TYPES = new Set([1, 2, 4]);

/**
 * The unsigned message of a typed transaction in `raw`, or undefined when `raw` is a legacy or
 * blob transaction or not a well-formed list (ethereumjs then builds it its own way).
 */
export function unsignedMessageOf(raw: Uint8Array): Uint8Array | undefined {
  const type = raw[0] as number;
  if (raw.length < 2 || !PLAIN_TYPES.has(type)) return undefined;
  const list = itemAt(raw, 1);
  if (list === undefined || !list.isList || list.end !== raw.length) return undefined;
  const starts: number[] = [];
  for (let at = list.payload; at < list.end; ) {
    const item = itemAt(raw, at);
    if (item === undefined || item.end > list.end) return undefined;
    starts.push(at);
    at = item.end;
  }
  if (starts.length <= SIGNATURE_FIELDS) return undefined;
  // ethereumjs accepts a chain id with leading zeros, and encodes it without them again: the
  // message signed and the transaction's hash would then be of other bytes than the block's.
  if (!canonicalInteger(raw, list.payload)) return undefined;
  const fieldsEnd = starts[starts.length - SIGNATURE_FIELDS] as number;
  const fields = raw.subarray(list.payload, fieldsEnd);
  const out = new Uint8Array(1 + listLength(fields.length));
  out[0] = type;
  out.set(fields, writeListHeader(out, 1, fields.length));
  return out;
}

/** The RLP item at `at`: where its payload starts and where it ends; undefined past the end. */
function itemAt(
  bytes: Uint8Array,
  at: number,
): { isList: boolean; payload: number; end: number } | undefined {
  const first = bytes[at];
  if (first === undefined) return undefined;
  if (first < 0x80) return { isList: false, payload: at, end: at + 1 };
  const isList = first >= 0xc0;
  const short = isList ? 0xc0 : 0x80;
  const long = isList ? 0xf7 : 0xb7;
  if (first <= long) return { isList, payload: at + 1, end: at + 1 + first - short };
  const lengthBytes = first - long;
  let length = 0;
  for (let i = 1; i <= lengthBytes; i++) {
    const byte = bytes[at + i];
    if (byte === undefined) return undefined;
    length = length * 256 + byte;
  }
  const payload = at + 1 + lengthBytes;
  return { isList, payload, end: payload + length };
}

/**
 * Whether a typed transaction's chain id (its first field) has a leading zero: ethereumjs decodes
 * it, and encodes it without again, so the transaction's hash and its bytes in a block disagree.
 * Geth refuses such a transaction.
 */
export function hasPaddedChainId(raw: Uint8Array): boolean {
  const type = raw[0] as number;
  if (raw.length < 2 || type < 1 || type > 0x7f) return false;
  const list = itemAt(raw, 1);
  if (list?.isList !== true || list.payload >= list.end) return false;
  return !canonicalInteger(raw, list.payload);
}

/** Whether the RLP item at `at` is an integer as RLP writes it: no leading zero byte. */
function canonicalInteger(bytes: Uint8Array, at: number): boolean {
  const item = itemAt(bytes, at);
  if (item === undefined || item.isList) return false;
  if (item.payload === at) return bytes[at] !== 0; // a single byte below 0x80; zero is 0x80
  return item.end === item.payload || bytes[item.payload] !== 0;
}
