import { KECCAK256_NULL } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { MAX_PENDING_CHANGES, ReplicaSync } from "../../src/parallel/ReplicaSync.js";
import type { BlockChange } from "../../src/state/JournaledState.js";

const change = (nonce: bigint): BlockChange[] => [
  {
    address: `0x${"aa".repeat(20)}`,
    account: { nonce, balance: 1n, codeHash: KECCAK256_NULL },
    storageCleared: false,
    storage: new Map(),
  },
];

/** A state source that hands out a fresh snapshot per call, and counts the calls. */
function source(nonce: bigint) {
  const counted = {
    calls: 0,
    state: () => {
      counted.calls++;
      return change(nonce);
    },
  };
  return counted;
}

describe("ReplicaSync", () => {
  it("holds the latest committed block back when asked, for a rehearsal of it, and sends it with the next", () => {
    const sync = new ReplicaSync();
    sync.reset(source(0n).state);
    sync.next(true, 0);
    const first = change(1n);
    const second = change(2n);
    sync.apply(first);
    sync.apply(second);
    expect(sync.canHoldBack(second, false, 0)).toBe(true);
    expect(sync.canHoldBack(first, false, 0)).toBe(false);
    expect(sync.canHoldBack(second, true, 0)).toBe(false);
    expect(sync.next(false, 0, second)).toEqual({ type: "state-apply", changes: [first] });
    // Held back: nothing more to send for it, and it can be held back again.
    expect(sync.next(false, 0, second)).toBeUndefined();
    expect(sync.canHoldBack(second, false, 0)).toBe(true);
    expect(sync.next(false, 0)).toEqual({ type: "state-apply", changes: [second] });
    expect(sync.canHoldBack(second, false, 0)).toBe(false);
    // A block that is not the latest is not held back.
    sync.apply(first);
    sync.apply(second);
    expect(sync.next(false, 0, first)).toEqual({ type: "state-apply", changes: [first, second] });
  });

  it("sends the whole state first, then only the blocks committed since, once", () => {
    const sync = new ReplicaSync();
    const genesis = source(0n);
    sync.reset(genesis.state);
    expect(sync.next(true, 0)).toEqual({ type: "state-reset", changes: change(0n), lazy: false });
    expect(sync.next(false, 0)).toBeUndefined();

    sync.apply(change(1n));
    sync.apply(change(2n));
    expect(sync.next(false, 0)).toEqual({ type: "state-apply", changes: [change(1n), change(2n)] });
    expect(sync.next(false, 0)).toBeUndefined();
    expect(genesis.calls).toBe(1);
  });

  it("sends the whole state again to new workers, and drops the changes it contains", () => {
    const sync = new ReplicaSync();
    const head = source(5n);
    sync.reset(head.state);
    sync.next(true, 0);
    sync.apply(change(1n));
    // A worker was replaced since: the pool's generation moved.
    expect(sync.next(false, 1)).toEqual({ type: "state-reset", changes: change(5n), lazy: false });
    expect(sync.next(false, 1)).toBeUndefined();
    // Workers started again with the generation unchanged.
    sync.apply(change(2n));
    expect(sync.next(true, 1)).toEqual({ type: "state-reset", changes: change(5n), lazy: false });
    expect(head.calls).toBe(3);
  });

  it("sends the new state after a reset, even to the same workers", () => {
    const sync = new ReplicaSync();
    sync.reset(source(0n).state);
    sync.next(true, 0);
    sync.apply(change(1n));
    sync.reset(source(7n).state);
    expect(sync.next(false, 0)).toEqual({ type: "state-reset", changes: change(7n), lazy: false });
    expect(sync.next(false, 0)).toBeUndefined();
  });

  it("resets the replicas to an empty state when it was never told one", () => {
    expect(new ReplicaSync().next(true, 0)).toEqual({ type: "state-reset", changes: [], lazy: false });
  });

  it("holds a bounded backlog: past it, the replicas get the whole state at the next block", () => {
    const sync = new ReplicaSync();
    const head = source(9n);
    sync.reset(head.state);
    sync.next(true, 0);
    // Blocks committed while the engine sat idle (sequential blocks): up to the bound, sent as
    // they are; one more, and the whole state (which holds them) replaces them.
    const batch = Array.from({ length: 1_000 }, (_, i) => change(BigInt(i))[0] as BlockChange);
    for (let i = 0; i < MAX_PENDING_CHANGES / batch.length; i++) sync.apply(batch);
    expect(sync.next(false, 0)?.type).toBe("state-apply");
    for (let i = 0; i <= MAX_PENDING_CHANGES / batch.length; i++) sync.apply(batch);
    expect(sync.next(false, 0)).toEqual({ type: "state-reset", changes: change(9n), lazy: false });
    expect(sync.next(false, 0)).toBeUndefined();
  });
});
