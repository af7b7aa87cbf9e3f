/**
 * Fast crypto for ethereumjs through `common.customCrypto`: sender recovery with the `secp256k1`
 * addon (~25x faster than the JS curve) and keccak-256 in WebAssembly (hash-wasm). The addon may
 * fail to load (no prebuild for the platform), and WebAssembly may be unavailable: that function
 * then stays unset, or falls back to the JS keccak, and ethereumjs uses its own.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { CustomCrypto } from "@ethereumjs/common";
import { privateToPublic } from "@ethereumjs/util";
import { keccak_256 as jsKeccak256 } from "@noble/hashes/sha3.js";
import { createKeccak, type IHasher } from "hash-wasm";

const require = createRequire(import.meta.url);

type Secp256k1Addon = {
  ecdsaRecover(sig: Uint8Array, recid: number, msg32: Uint8Array, compressed: boolean): Uint8Array;
  ecdsaSign(msg32: Uint8Array, privateKey: Uint8Array): { signature: Uint8Array; recid: number };
  publicKeyCreate(privateKey: Uint8Array, compressed: boolean): Uint8Array;
};

function loadAddon<T>(load: () => T): T | undefined {
  try {
    return load();
  } catch {
    return undefined;
  }
}

const secp256k1 = loadAddon(() => require("secp256k1/bindings.js") as Secp256k1Addon);
const wasmKeccak = await createKeccak(256).catch(() => undefined);

/** keccak-256, in WebAssembly when it loads. */
export const keccak256: (data: Uint8Array) => Uint8Array =
  wasmKeccak === undefined ? jsKeccak256 : reusedHasher(wasmKeccak);

/**
 * One hasher reused for every hash (hashing is synchronous, so calls cannot interleave). A block
 * of ERC-20 transfers hashes ~8 short inputs per transaction (mapping slots, the logs bloom): 1.3-1.7
 * µs each against 3.0-3.4 µs with the `keccak` addon's four native calls per hash, and 10 µs in JS.
 */
function reusedHasher(hasher: IHasher): (data: Uint8Array) => Uint8Array {
  return (data) => {
    hasher.init();
    hasher.update(data);
    return hasher.digest("binary");
  };
}

function recoveryId(v: bigint, chainId: bigint | undefined): number {
  if (v === 0n || v === 1n) return Number(v);
  return Number(chainId === undefined ? v - 27n : v - (chainId * 2n + 35n));
}

function leftPad32(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 32) return bytes;
  const out = new Uint8Array(32);
  out.set(bytes, 32 - bytes.length);
  return out;
}

/** Recovers the 64-byte uncompressed public key (no 0x04 prefix), as ethereumjs expects. */
function ecrecover(
  msgHash: Uint8Array,
  v: bigint,
  r: Uint8Array,
  s: Uint8Array,
  chainId?: bigint,
): Uint8Array {
  const addon = secp256k1 as Secp256k1Addon;
  const recid = recoveryId(v, chainId);
  if (recid !== 0 && recid !== 1) throw new Error("Invalid signature v value");
  const signature = new Uint8Array(64);
  signature.set(leftPad32(r), 0);
  signature.set(leftPad32(s), 32);
  const publicKey = addon.ecdsaRecover(signature, recid, msgHash, false);
  return publicKey.subarray(1);
}

/**
 * Signs a 32-byte hash in ethereumjs' "recovered" format (recovery byte, r, s). Deterministic
 * (RFC 6979) like the JS signer, and ~13x faster; used for dev accounts' transactions.
 */
function ecsign(
  msgHash: Uint8Array,
  privateKey: Uint8Array,
  options?: { extraEntropy?: unknown },
): Uint8Array {
  const addon = secp256k1 as Secp256k1Addon;
  if (options?.extraEntropy !== undefined && options.extraEntropy !== false) {
    throw new Error("native signing does not take extra entropy");
  }
  const { signature, recid } = addon.ecdsaSign(msgHash, privateKey);
  const out = new Uint8Array(65);
  out[0] = recid;
  out.set(signature, 1);
  return out;
}

/** The 33-byte compressed public key of a private key, where the addon loaded (else undefined). */
export function compressedPublicKeyOf(privateKey: Uint8Array): Uint8Array | undefined {
  return secp256k1?.publicKeyCreate(privateKey, true);
}

/** The 64-byte uncompressed public key (no 0x04 prefix) of a private key, as ethereumjs keeps it. */
export function publicKeyOf(privateKey: Uint8Array): Uint8Array {
  if (secp256k1 === undefined) return privateToPublic(privateKey);
  return secp256k1.publicKeyCreate(privateKey, false).subarray(1);
}

function sha256(data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(data).digest());
}

/** Whether sender recovery runs on the native addon (reported at start-up and in benchmarks). */
export const nativeSecp256k1 = secp256k1 !== undefined;

/** The `customCrypto` to pass to every `Common` the devnet creates. */
export function nativeCustomCrypto(): CustomCrypto {
  const crypto: CustomCrypto = { keccak256, sha256 };
  if (secp256k1 !== undefined) {
    crypto.ecrecover = ecrecover;
    crypto.ecsign = ecsign as unknown as NonNullable<CustomCrypto["ecsign"]>;
  }
  return crypto;
}
