import { KECCAK256_NULL } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { mergeBlockChanges } from "../../src/parallel/mergeBlockChanges.js";
import type { BlockChange } from "../../src/state/JournaledState.js";

const A = `0x${"aa".repeat(20)}`;
const B = `0x${"bb".repeat(20)}`;
const account = (nonce: bigint, balance: bigint) => ({ nonce, balance, codeHash: KECCAK256_NULL });
const slots = (entries: [string, number][]) =>
  new Map(entries.map(([slot, value]) => [slot, Uint8Array.of(value)] as [string, Uint8Array]));

describe("mergeBlockChanges", () => {
  it("keeps accounts only one side touched, and lets the later side win per field and slot", () => {
    const earlier: BlockChange[] = [
      {
        address: A,
        account: account(1n, 10n),
        storageCleared: false,
        storage: slots([
          ["0x01", 1],
          ["0x02", 2],
        ]),
      },
      { address: B, account: account(0n, 5n), storageCleared: false, storage: new Map() },
    ];
    const later: BlockChange[] = [
      {
        address: A,
        account: account(2n, 7n),
        storageCleared: false,
        storage: slots([
          ["0x02", 9],
          ["0x03", 3],
        ]),
      },
    ];
    const merged = mergeBlockChanges(earlier, later);
    const a = merged.find((c) => c.address === A);
    expect(a?.account).toEqual(account(2n, 7n));
    expect(a?.storage).toEqual(
      slots([
        ["0x01", 1],
        ["0x02", 9],
        ["0x03", 3],
      ]),
    );
    expect(a?.storageCleared).toBe(false);
    expect(merged.find((c) => c.address === B)?.account).toEqual(account(0n, 5n));
  });

  it("drops earlier storage and code when the later side wipes or deletes the account", () => {
    const code = Uint8Array.of(0x00);
    const earlier: BlockChange[] = [
      { address: A, account: account(1n, 1n), storageCleared: false, storage: slots([["0x01", 1]]), code },
    ];
    const deleted = mergeBlockChanges(earlier, [
      { address: A, account: undefined, storageCleared: true, storage: new Map() },
    ])[0];
    expect(deleted?.account).toBeUndefined();
    expect(deleted?.storage.size).toBe(0);
    expect(deleted?.code).toBeUndefined();
    const recreated = mergeBlockChanges(earlier, [
      { address: A, account: account(1n, 0n), storageCleared: true, storage: slots([["0x05", 5]]) },
    ])[0];
    expect(recreated?.storageCleared).toBe(true);
    expect(recreated?.storage).toEqual(slots([["0x05", 5]]));
  });

  it("keeps an earlier wipe when the later side only writes", () => {
    const merged = mergeBlockChanges(
      [{ address: A, account: undefined, storageCleared: true, storage: new Map() }],
      [{ address: A, account: account(0n, 3n), storageCleared: false, storage: slots([["0x01", 4]]) }],
    )[0];
    expect(merged?.storageCleared).toBe(true);
    expect(merged?.account).toEqual(account(0n, 3n));
    expect(merged?.storage).toEqual(slots([["0x01", 4]]));
  });
});
