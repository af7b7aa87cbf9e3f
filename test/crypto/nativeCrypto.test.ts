import { bytesToHex, hexToBytes, privateToPublic } from "@ethereumjs/util";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { describe, expect, it } from "vitest";
import { keccak256, nativeCustomCrypto, publicKeyOf } from "../../src/crypto/nativeCrypto.js";

describe("keccak256", () => {
  it("hashes the empty input to Ethereum's well-known empty hash", () => {
    expect(bytesToHex(keccak256(new Uint8Array()))).toBe(
      "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
  });

  it("agrees with the JS keccak for every length up to three blocks, views included", () => {
    const backing = Uint8Array.from({ length: 420 }, (_, i) => (i * 151 + 7) & 255);
    for (let length = 0; length <= 410; length += 1) {
      const data = backing.subarray(length % 9, (length % 9) + length);
      expect(bytesToHex(keccak256(data))).toBe(bytesToHex(keccak_256(data)));
    }
  });

  it("returns digests that later hashes leave alone", () => {
    const first = keccak256(Uint8Array.of(1));
    const copy = first.slice();
    keccak256(Uint8Array.of(2));
    expect(first).toEqual(copy);
    expect(first).toHaveLength(32);
  });

  it("is the keccak ethereumjs gets", () => {
    expect(nativeCustomCrypto().keccak256).toBe(keccak256);
  });
});

describe("publicKeyOf", () => {
  it("is the public key the JS curve gives, without the 0x04 prefix", () => {
    for (const key of ["01".repeat(32), "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"]) {
      const privateKey = hexToBytes(`0x${key}`);
      expect(bytesToHex(publicKeyOf(privateKey))).toBe(bytesToHex(privateToPublic(privateKey)));
    }
  });
});
