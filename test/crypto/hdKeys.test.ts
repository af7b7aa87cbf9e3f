import { HDKey } from "@scure/bip32";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivePrivateKeys } from "../../src/crypto/hdKeys.js";
import { nativeSecp256k1 } from "../../src/crypto/nativeCrypto.js";

function scureKey(seed: Uint8Array, path: string): string {
  return Buffer.from(HDKey.fromMasterSeed(seed).derive(path).privateKey as Uint8Array).toString("hex");
}

describe("derivePrivateKeys", () => {
  it("runs on the native addon here (else the JS library derives, slowly)", () => {
    expect(nativeSecp256k1).toBe(true);
  });

  it("derives BIP-32's keys, as the JS library does, for any seed, path and index", () => {
    const paths = ["m/44'/60'/0'/0", "m/0", "m/1'/2/3'", "m"];
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 16, maxLength: 64 }),
        fc.constantFrom(...paths),
        fc.integer({ min: 0, max: 2 ** 31 - 3 }),
        (seed, path, from) => {
          const keys = derivePrivateKeys(seed, path, from, 2).map((key) => Buffer.from(key).toString("hex"));
          expect(keys).toEqual([scureKey(seed, `${path}/${from}`), scureKey(seed, `${path}/${from + 1}`)]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("refuses a path that is not absolute or has a bad step", () => {
    const seed = new Uint8Array(32).fill(7);
    expect(() => derivePrivateKeys(seed, "44'/60'", 0, 1)).toThrow(/absolute/);
    expect(() => derivePrivateKeys(seed, "m/x'", 0, 1)).toThrow(/bad path step/);
  });
});
