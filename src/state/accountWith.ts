/**
 * An account's fields with some of them replaced: what a state edit (anvil_setBalance ...) and a
 * call's state override both make of the account as it stands.
 */
import { KECCAK256_NULL } from "@ethereumjs/util";
import { keccak256 } from "../crypto/nativeCrypto.js";
import type { AccountInfo } from "./types.js";

/** The code hash of `code`; no code hashes to KECCAK256_NULL without hashing. */
export function codeHashOf(code: Uint8Array | undefined): Uint8Array {
  return code === undefined || code.length === 0 ? KECCAK256_NULL : keccak256(code);
}

/** `current` (or an empty account) with the given fields replaced; `code` sets the code hash. */
export function accountWith(
  current: AccountInfo | undefined,
  fields: { nonce?: bigint | undefined; balance?: bigint | undefined; code?: Uint8Array | undefined },
): AccountInfo {
  return {
    nonce: fields.nonce ?? current?.nonce ?? 0n,
    balance: fields.balance ?? current?.balance ?? 0n,
    codeHash: fields.code === undefined ? (current?.codeHash ?? KECCAK256_NULL) : codeHashOf(fields.code),
  };
}
