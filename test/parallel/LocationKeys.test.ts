import { describe, expect, it } from "vitest";
import { LocationKeys } from "../../src/parallel/LocationKeys.js";
import { balanceKey, codeKey, nonceKey, storageKey } from "../../src/parallel/locations.js";

const A = "0x1111111111111111111111111111111111111111";
const B = "0x2222222222222222222222222222222222222222";
const SLOT = `0x${"01".padStart(64, "0")}`;

describe("LocationKeys", () => {
  it("gives the keys locations.ts defines", () => {
    const keys = new LocationKeys();
    const a = keys.of(A);
    expect([a.balance, a.nonce, a.code]).toEqual([balanceKey(A), nonceKey(A), codeKey(A)]);
    expect(keys.storage(a, SLOT)).toBe(storageKey(A, SLOT));
  });

  it("hands back the same keys for an address met again, even as a different string", () => {
    const keys = new LocationKeys();
    const first = keys.of(A);
    const again = keys.of(`0x${"11".repeat(20)}`);
    expect(again).toBe(first);
    expect(keys.storage(again, `0x${"0".repeat(63)}1`)).toBe(keys.storage(first, SLOT));
  });

  it("starts over when it holds too many keys, and its keys stay right", () => {
    const keys = new LocationKeys(8);
    const a = keys.of(A); // 3 keys
    keys.storage(a, SLOT); // 4
    keys.of(B); // 7
    expect(keys.of(A)).toBe(a);
    const slot2 = `0x${"02".padStart(64, "0")}`;
    keys.storage(a, slot2); // 8
    const slot3 = `0x${"03".padStart(64, "0")}`;
    expect(keys.storage(a, slot3)).toBe(storageKey(A, slot3)); // 9: starts over
    const fresh = keys.of(A);
    expect(fresh).not.toBe(a);
    expect(fresh.balance).toBe(balanceKey(A));
    expect(keys.storage(fresh, SLOT)).toBe(storageKey(A, SLOT));
  });
});
