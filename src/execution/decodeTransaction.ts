/**
 * Turns raw transactions into ethereumjs transactions: a block's inside a worker, and those
 * clients send (eth_sendRawTransaction, decodeRawTransaction.ts).
 *
 * ethereumjs' decoder is generic and careful: it copies every RLP item, converts each number
 * through a hex string, and validates every field again. On 2,000 ERC-20 transfers that was
 * 13 µs per transaction measured alone and 30-40 µs inside a worker busy with the EVM, 6-8% of
 * the worker's time. EIP-1559 transactions without an access list (what wallets and ethers send)
 * take a direct path here: one pass over the RLP, views instead of copies, the checks the
 * constructor makes (canonical numbers, their ranges, the chain id, the fee cap over the tip,
 * y-parity, non-zero r and s, low s), and the object built with the fields the FeeMarket1559Tx
 * constructor sets (internals/feeMarketTransaction.ts). Anything else, anything this path does
 * not recognise as canonical and valid, and everything while the ethereumjs patches are off, goes
 * through ethereumjs, which decodes it or says what is wrong.
 */
import type { Common } from "@ethereumjs/common";
import { createTxFromRLP, type FeeMarket1559Tx, type TypedTransaction } from "@ethereumjs/tx";
import { Address } from "@ethereumjs/util";
import { ethereumjsPatches } from "./internals/ethereumjsPatches.js";
import { assembleFeeMarket1559Tx } from "./internals/feeMarketTransaction.js";

const FEE_MARKET_TYPE = 2;
const MAX_UINT64 = (1n << 64n) - 1n;
const MAX_UINT256 = (1n << 256n) - 1n;
/** secp256k1's n / 2: a larger s is malleable (EIP-2), and ethereumjs refuses it. */
const HALF_CURVE_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;

/**
 * Commons that ethereumjs' constructor gave a transaction as they are (a SharedCommon: not
 * copied) after merging the transaction parameters (intrinsic gas...) into them. The direct path
 * builds on those only: on any other, each transaction gets its own copy from the constructor.
 */
const commonsWithTxParams = new WeakSet<Common>();

export function decodeTransaction(raw: Uint8Array, common: Common, freeze: boolean): TypedTransaction {
  const direct =
    ethereumjsPatches.applied && commonsWithTxParams.has(common)
      ? decodeFeeMarketTransfer(raw, common, freeze)
      : undefined;
  if (direct !== undefined) return direct;
  const tx = createTxFromRLP(raw, { common, freeze });
  if (tx.common === common) commonsWithTxParams.add(common);
  return tx;
}

/** One RLP item: where its payload lies, and whether it is a list. */
interface Item {
  start: number;
  end: number;
  list: boolean;
}

/**
 * The item at `at`, or undefined when it is not canonical RLP or runs past `limit` (the generic
 * decoder then gives the precise error).
 */
function itemAt(bytes: Uint8Array, at: number, limit: number): Item | undefined {
  if (at >= limit) return undefined;
  const first = bytes[at] as number;
  if (first < 0x80) return { start: at, end: at + 1, list: false };
  let start: number;
  let length: number;
  const list = first >= 0xc0;
  const short = list ? first <= 0xf7 : first <= 0xb7;
  if (short) {
    start = at + 1;
    length = first - (list ? 0xc0 : 0x80);
    // A single byte below 0x80 is its own encoding.
    if (!list && length === 1 && (bytes[start] as number) < 0x80) return undefined;
  } else {
    const lengthOfLength = first - (list ? 0xf7 : 0xb7);
    if (lengthOfLength > 4 || bytes[at + 1] === 0) return undefined;
    length = 0;
    for (let i = 1; i <= lengthOfLength; i++) length = length * 256 + (bytes[at + i] as number);
    if (length < 56) return undefined;
    start = at + 1 + lengthOfLength;
  }
  const end = start + length;
  return end > limit ? undefined : { start, end, list };
}

/** An RLP number's value; undefined for a leading zero (not canonical). */
function numberOf(bytes: Uint8Array, item: Item): bigint | undefined {
  const length = item.end - item.start;
  if (length === 0) return 0n;
  if (bytes[item.start] === 0 || length > 32) return undefined;
  if (length <= 6) {
    let value = 0;
    for (let i = item.start; i < item.end; i++) value = value * 256 + (bytes[i] as number);
    return BigInt(value);
  }
  return BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset + item.start, length).toString("hex")}`);
}

/**
 * A signed EIP-1559 transaction with an empty access list, built without ethereumjs' decoder;
 * undefined for anything else.
 */
function decodeFeeMarketTransfer(
  raw: Uint8Array,
  common: Common,
  freeze: boolean,
): FeeMarket1559Tx | undefined {
  if (raw[0] !== FEE_MARKET_TYPE) return undefined;
  const envelope = itemAt(raw, 1, raw.length);
  if (envelope === undefined || !envelope.list || envelope.end !== raw.length) return undefined;
  const items: Item[] = [];
  for (let at = envelope.start; at < envelope.end; ) {
    const item = itemAt(raw, at, envelope.end);
    if (item === undefined || items.length === 12) return undefined;
    items.push(item);
    at = item.end;
  }
  if (items.length !== 12) return undefined;
  const [
    chainIdItem,
    nonceItem,
    priorityItem,
    maxFeeItem,
    gasLimitItem,
    toItem,
    valueItem,
    dataItem,
    accessListItem,
  ] = items as [Item, Item, Item, Item, Item, Item, Item, Item, Item];
  // Lists where numbers belong, a non-empty access list, a `to` that is not an address: generic path.
  if (items.some((item, i) => item.list !== (i === 8))) return undefined;
  if (accessListItem.end !== accessListItem.start) return undefined;
  const toLength = toItem.end - toItem.start;
  if (toLength !== 0 && toLength !== 20) return undefined;

  const chainId = numberOf(raw, chainIdItem);
  const nonce = numberOf(raw, nonceItem);
  const maxPriorityFeePerGas = numberOf(raw, priorityItem);
  const maxFeePerGas = numberOf(raw, maxFeeItem);
  const gasLimit = numberOf(raw, gasLimitItem);
  const value = numberOf(raw, valueItem);
  const v = numberOf(raw, items[9] as Item);
  const r = numberOf(raw, items[10] as Item);
  const s = numberOf(raw, items[11] as Item);
  if (
    chainId !== common.chainId() ||
    nonce === undefined ||
    nonce >= MAX_UINT64 ||
    maxPriorityFeePerGas === undefined ||
    maxFeePerGas === undefined ||
    maxFeePerGas < maxPriorityFeePerGas ||
    gasLimit === undefined ||
    gasLimit > MAX_UINT64 ||
    gasLimit * maxFeePerGas > MAX_UINT256 ||
    value === undefined ||
    (v !== 0n && v !== 1n) ||
    r === undefined ||
    r === 0n ||
    s === undefined ||
    s === 0n ||
    s > HALF_CURVE_ORDER ||
    !common.isActivatedEIP(1559) ||
    (common.isActivatedEIP(7825) && gasLimit > common.param("maxTransactionGasLimit")) ||
    (toLength === 0 && common.isActivatedEIP(3860))
  ) {
    return undefined;
  }

  const to = toLength === 0 ? undefined : new Address(raw.slice(toItem.start, toItem.end));
  const data = raw.subarray(dataItem.start, dataItem.end);
  const fields = { chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, v, r, s };
  return assembleFeeMarket1559Tx(fields, common, freeze);
}
