import { KECCAK256_NULL } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { StateEdits } from "../../../src/devnet/chain/StateEdits.js";
import type { BlockChange } from "../../../src/state/JournaledState.js";

function balance(address: string, value: bigint): BlockChange[] {
  return [
    {
      address,
      account: { nonce: 0n, balance: value, codeHash: KECCAK256_NULL },
      storageCleared: false,
      storage: new Map(),
    },
  ];
}

describe("StateEdits", () => {
  it("gives the edits made since the head to the next block, flattened", () => {
    const edits = new StateEdits();
    const a = balance("0x00000000000000000000000000000000000000aa", 1n);
    const b = balance("0x00000000000000000000000000000000000000bb", 2n);
    edits.record(a);
    edits.record(b);
    expect(edits.pending).toEqual([a, b]);
    edits.sealBefore(1n);
    expect(edits.pending).toEqual([]);
    expect(edits.before(1n)).toEqual([...a, ...b]);
    edits.sealBefore(2n);
    expect(edits.before(2n)).toBeUndefined();
  });

  it("forgets the edits of blocks a rewind drops, and takes the pending ones it is given", () => {
    const edits = new StateEdits();
    const a = balance("0x00000000000000000000000000000000000000aa", 1n);
    const b = balance("0x00000000000000000000000000000000000000bb", 2n);
    edits.record(a);
    edits.sealBefore(1n);
    edits.record(b);
    edits.sealBefore(3n);
    edits.rewind(1n, [b]);
    expect(edits.before(1n)).toEqual(a);
    expect(edits.before(3n)).toBeUndefined();
    expect(edits.pending).toEqual([b]);
    edits.clear();
    expect(edits.before(1n)).toBeUndefined();
    expect(edits.pending).toEqual([]);
  });
});
