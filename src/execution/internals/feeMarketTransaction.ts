/**
 * A FeeMarket1559Tx built field by field, without its constructor's conversions and checks (the
 * caller has checked what they check). The fields are set in the order the constructor sets them,
 * so the object has the same hidden class as the constructor's (the same fast property access in
 * ethereumjs' code), and ethereumjs' methods find what they read: `cache`, `txOptions`,
 * `activeCapabilities` are its own bookkeeping. ethereumjsPatches.ts compares FEE_MARKET_FIELDS
 * with what the installed constructor sets before allowing this path.
 */
import type { Common } from "@ethereumjs/common";
import { FeeMarket1559Tx, type TypedTransaction } from "@ethereumjs/tx";
import type { Address } from "@ethereumjs/util";

/** The own properties of a FeeMarket1559Tx, in the order its constructor sets them. */
export const FEE_MARKET_FIELDS = [
  "type",
  "cache",
  "activeCapabilities",
  "common",
  "txOptions",
  "to",
  "nonce",
  "gasLimit",
  "value",
  "data",
  "v",
  "r",
  "s",
  "chainId",
  "accessList",
  "maxFeePerGas",
  "maxPriorityFeePerGas",
] as const;

const FEE_MARKET_TYPE = 2;
/** EIP-1559, EIP-2718 and EIP-2930: what a FeeMarket1559Tx reports as its capabilities. */
const FEE_MARKET_CAPABILITIES = [1559, 2718, 2930];

/** An EIP-1559 transaction with an empty access list, already validated (unsigned: no v, r, s). */
export interface FeeMarketFields {
  chainId: bigint;
  nonce: bigint;
  maxPriorityFeePerGas: bigint;
  maxFeePerGas: bigint;
  gasLimit: bigint;
  to: Address | undefined;
  value: bigint;
  data: Uint8Array;
  v: bigint | undefined;
  r: bigint | undefined;
  s: bigint | undefined;
}

export function assembleFeeMarket1559Tx(
  fields: FeeMarketFields,
  common: Common,
  freeze: boolean,
): FeeMarket1559Tx {
  const tx = Object.create(FeeMarket1559Tx.prototype) as Record<string, unknown>;
  tx.type = FEE_MARKET_TYPE;
  tx.cache = {};
  tx.activeCapabilities = [];
  tx.common = common;
  tx.txOptions = { common, freeze };
  tx.to = fields.to;
  tx.nonce = fields.nonce;
  tx.gasLimit = fields.gasLimit;
  tx.value = fields.value;
  tx.data = fields.data;
  tx.v = fields.v;
  tx.r = fields.r;
  tx.s = fields.s;
  tx.chainId = fields.chainId;
  tx.activeCapabilities = FEE_MARKET_CAPABILITIES.slice();
  tx.accessList = [];
  tx.maxFeePerGas = fields.maxFeePerGas;
  tx.maxPriorityFeePerGas = fields.maxPriorityFeePerGas;
  if (freeze) Object.freeze(tx);
  return tx as unknown as FeeMarket1559Tx;
}

/**
 * The fields of an EIP-1559 transaction without an access list (what assembleFeeMarket1559Tx
 * builds); undefined for any other transaction.
 */
export function feeMarketFieldsOf(tx: TypedTransaction): FeeMarketFields | undefined {
  if (!(tx instanceof FeeMarket1559Tx) || tx.accessList.length > 0) return undefined;
  return {
    chainId: tx.chainId,
    nonce: tx.nonce,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    maxFeePerGas: tx.maxFeePerGas,
    gasLimit: tx.gasLimit,
    to: tx.to,
    value: tx.value,
    data: tx.data,
    v: tx.v as bigint,
    r: tx.r as bigint,
    s: tx.s as bigint,
  };
}
