/**
 * Accounts and transaction signing for the benchmark. Keys are derived deterministically from
 * an index, so every run builds the same state. Signing goes through the native `secp256k1`
 * addon when it loads (ethereumjs' JS curve takes 1-2 ms a signature; the addon ~50 µs): the
 * Common returned by `createBenchCommon` carries it as `customCrypto.ecsign`.
 */
import { createRequire } from "node:module";
import type { Common } from "@ethereumjs/common";
import { createTx, type TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex, privateToAddress } from "@ethereumjs/util";
import { keccak256, nativeCustomCrypto } from "../dist/crypto/nativeCrypto.js";
import { DEFAULT_HARDFORK } from "../dist/execution/hardforks.js";
import { createSharedCommon } from "../dist/execution/SharedCommon.js";

export const CHAIN_ID = 31337n;

export interface BenchAccount {
  /** Lowercase 0x address. */
  address: string;
  privateKey: Uint8Array;
}

type Secp256k1Addon = {
  ecdsaSign(message: Uint8Array, privateKey: Uint8Array): { signature: Uint8Array; recid: number };
  publicKeyCreate(privateKey: Uint8Array, compressed: boolean): Uint8Array;
};

const require = createRequire(import.meta.url);
const addon: Secp256k1Addon | undefined = (() => {
  try {
    return require("secp256k1") as Secp256k1Addon;
  } catch {
    return undefined;
  }
})();

/** Whether signing runs on the native addon (else ethereumjs' JS curve: much slower preparation). */
export const nativeSigning = addon !== undefined;

/** The i-th benchmark account: key = keccak256("pevm-bench/" + i). */
export function benchAccount(index: number): BenchAccount {
  const privateKey = keccak256(new TextEncoder().encode(`pevm-bench/${index}`)).slice();
  return { address: addressOf(privateKey), privateKey };
}

/** An address nobody holds a key for (receivers), distinct for each (kind, index). */
export function freshAddress(kind: number, index: number): string {
  return `0x${kind.toString(16).padStart(2, "0")}${"00".repeat(10)}${index.toString(16).padStart(18, "0")}`;
}

export function addressOf(privateKey: Uint8Array): string {
  if (addon === undefined) return bytesToHex(privateToAddress(privateKey));
  const publicKey = addon.publicKeyCreate(privateKey, false).subarray(1);
  return bytesToHex(keccak256(publicKey).subarray(12));
}

/**
 * A Common for chain 31337 at the devnet's default hardfork with native keccak, sender recovery
 * and (when the addon loads) signing. Transactions and headers built with it can be executed by
 * both executors and sent to a devnet or anvil as raw bytes.
 */
export function createBenchCommon(): Common {
  const crypto = nativeCustomCrypto();
  if (addon !== undefined) {
    const sign = addon;
    // ethereumjs asks for noble's "recovered" format: recovery byte, then r and s.
    crypto.ecsign = ((message: Uint8Array, privateKey: Uint8Array) => {
      const { signature, recid } = sign.ecdsaSign(message, privateKey);
      const out = new Uint8Array(65);
      out[0] = recid;
      out.set(signature, 1);
      return out;
    }) as unknown as NonNullable<typeof crypto.ecsign>;
  }
  return createSharedCommon(CHAIN_ID, { hardfork: DEFAULT_HARDFORK, customCrypto: crypto });
}

export interface TxSpec {
  from: BenchAccount;
  nonce: bigint;
  /** Undefined for a contract creation. */
  to?: string;
  data?: Uint8Array;
  value?: bigint;
  gasLimit: bigint;
}

/** Fee caps that fit the benchmark blocks (base fee 7 wei) and a devnet or anvil (~1 gwei). */
export const FEES = { maxFeePerGas: 5_000_000_000n, maxPriorityFeePerGas: 1n };

/** Signs an EIP-1559 transaction. */
export function signTx(common: Common, spec: TxSpec): TypedTransaction {
  const tx = createTx(
    {
      type: 2,
      chainId: CHAIN_ID,
      nonce: spec.nonce,
      ...(spec.to === undefined ? {} : { to: spec.to as `0x${string}` }),
      value: spec.value ?? 0n,
      data: spec.data ?? new Uint8Array(),
      gasLimit: spec.gasLimit,
      ...FEES,
    },
    { common },
  );
  return tx.sign(spec.from.privateKey);
}
