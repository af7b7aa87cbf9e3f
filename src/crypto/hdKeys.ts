/**
 * BIP-32 private keys along a path (m/44'/60'/0'/0, then each account's index), with Node's
 * native HMAC-SHA512 and the secp256k1 addon's public keys. The JS library (@scure/bip32) makes
 * every key on the way its public key on the JS curve: ~200 ms for Hardhat's 20 accounts, which
 * each process of a `hardhat test` run paid before its first transaction. Here: a few ms. Without
 * the addon, the JS library does it.
 */
import { createHmac } from "node:crypto";
import { HDKey } from "@scure/bip32";
import { compressedPublicKeyOf, nativeSecp256k1 } from "./nativeCrypto.js";

/** The order of secp256k1's group: a private key lies in [1, N). */
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const HARDENED = 0x80000000;

interface ExtendedKey {
  key: bigint;
  chainCode: Uint8Array;
}

/**
 * The private keys at `path`/`from` to `path`/`from + count - 1` of a BIP-39 seed; `path` is
 * absolute ("m/44'/60'/0'/0"), its steps hardened (') or not.
 */
export function derivePrivateKeys(seed: Uint8Array, path: string, from: number, count: number): Uint8Array[] {
  const steps = parsePath(path);
  if (!nativeSecp256k1) return scureKeys(seed, path, from, count);
  let node = masterKey(seed);
  for (const step of steps) node = childKey(node, step);
  const keys: Uint8Array[] = [];
  for (let i = from; i < from + count; i++) keys.push(bytes32(childKey(node, i).key));
  return keys;
}

function masterKey(seed: Uint8Array): ExtendedKey {
  const I = createHmac("sha512", "Bitcoin seed").update(seed).digest();
  const key = bigintOf(I.subarray(0, 32));
  if (key === 0n || key >= N) throw new Error("the seed gives no valid master key");
  return { key, chainCode: new Uint8Array(I.subarray(32)) };
}

/** CKDpriv: the child `index` (hardened from 2^31) of a private extended key. */
function childKey(parent: ExtendedKey, index: number): ExtendedKey {
  const data = new Uint8Array(37);
  if (index >= HARDENED) data.set(bytes32(parent.key), 1);
  else data.set(compressedPublicKeyOf(bytes32(parent.key)) as Uint8Array, 0);
  new DataView(data.buffer).setUint32(33, index);
  const I = createHmac("sha512", parent.chainCode).update(data).digest();
  const tweak = bigintOf(I.subarray(0, 32));
  const key = (tweak + parent.key) % N;
  // Odds below 2^-127: BIP-32 says to take the next index; a path here has no next.
  if (tweak >= N || key === 0n) throw new Error(`no valid key at index ${index}`);
  return { key, chainCode: new Uint8Array(I.subarray(32)) };
}

function parsePath(path: string): number[] {
  const [root, ...steps] = path.split("/");
  if (root !== "m") throw new Error(`not an absolute derivation path: ${path}`);
  return steps.map((step) => {
    const hardened = step.endsWith("'");
    const index = Number(hardened ? step.slice(0, -1) : step);
    if (!Number.isInteger(index) || index < 0 || index >= HARDENED) throw new Error(`bad path step: ${step}`);
    return hardened ? index + HARDENED : index;
  });
}

function scureKeys(seed: Uint8Array, path: string, from: number, count: number): Uint8Array[] {
  const root = HDKey.fromMasterSeed(seed).derive(path);
  const keys: Uint8Array[] = [];
  for (let i = from; i < from + count; i++) {
    const key = root.deriveChild(i).privateKey;
    if (key === null) throw new Error(`no key at index ${i}`);
    keys.push(key);
  }
  return keys;
}

function bigintOf(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

function bytes32(value: bigint): Uint8Array {
  return new Uint8Array(Buffer.from(value.toString(16).padStart(64, "0"), "hex"));
}
