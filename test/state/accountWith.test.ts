import { KECCAK256_NULL } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { keccak256 } from "../../src/crypto/nativeCrypto.js";
import { accountWith, codeHashOf } from "../../src/state/accountWith.js";

describe("accountWith", () => {
  const code = Uint8Array.of(0x60, 0x00);
  const current = { nonce: 3n, balance: 10n, codeHash: keccak256(code) };

  it("keeps the fields not given, and starts from an empty account", () => {
    expect(accountWith(current, { balance: 7n })).toEqual({ ...current, balance: 7n });
    expect(accountWith(undefined, { nonce: 1n })).toEqual({
      nonce: 1n,
      balance: 0n,
      codeHash: KECCAK256_NULL,
    });
  });

  it("sets the code hash from the code; empty code is no code", () => {
    expect(accountWith(undefined, { code }).codeHash).toEqual(keccak256(code));
    expect(accountWith(current, { code: new Uint8Array() }).codeHash).toEqual(KECCAK256_NULL);
    expect(codeHashOf(undefined)).toEqual(KECCAK256_NULL);
    expect(codeHashOf(new Uint8Array())).toEqual(keccak256(new Uint8Array()));
  });
});
