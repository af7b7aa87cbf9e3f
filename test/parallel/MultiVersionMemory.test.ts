import { describe, expect, it } from "vitest";
import { balanceKey, nonceKey, storageKey } from "../../src/parallel/locations.js";
import { MultiVersionMemory, PRE_STATE_VERSION, versionOf } from "../../src/parallel/MultiVersionMemory.js";
import {
  balanceCondition,
  EXISTS_CONDITION,
  NEW_OR_FRESH_CONDITION,
  nonceCondition,
} from "../../src/parallel/VersionedState.js";
import { WorldState } from "../../src/state/WorldState.js";
import { readLog, writeLog } from "../support/logs.js";

const A = `0x${"aa".repeat(20)}`;
const slot = storageKey(A, "0x01");

describe("MultiVersionMemory", () => {
  it("gives a reader the highest lower writer's value and version, else the pre-state", () => {
    const mv = new MultiVersionMemory();
    mv.record(2, 0, writeLog([slot, Uint8Array.of(2)]));
    mv.record(5, 1, writeLog([slot, Uint8Array.of(5)]));
    expect(mv.read(slot, 2)).toEqual({ kind: "pre-state" });
    expect(mv.read(slot, 3)).toMatchObject({ kind: "value", value: Uint8Array.of(2) });
    const seen = mv.read(slot, 9);
    expect(seen).toMatchObject({ kind: "value", value: Uint8Array.of(5) });
    const entry = mv.entryFor(slot, 9);
    expect(entry === undefined ? undefined : versionOf(entry)).toBe(
      seen.kind === "value" ? seen.version : NaN,
    );
    expect(mv.entryFor(slot, 1)).toBeUndefined();
  });

  it("tells incarnations of one transaction apart, and an ESTIMATE from a value", () => {
    const mv = new MultiVersionMemory();
    mv.record(1, 0, writeLog([slot, Uint8Array.of(1)]));
    const first = mv.read(slot, 4);
    mv.record(1, 1, writeLog([slot, Uint8Array.of(1)]));
    const second = mv.read(slot, 4);
    expect(first.kind === "value" && second.kind === "value" && first.version !== second.version).toBe(true);
    mv.markEstimates(1);
    expect(mv.read(slot, 4)).toEqual({ kind: "estimate", blocker: 1 });
  });

  it("validates a read set only while every read would see the same version", () => {
    const mv = new MultiVersionMemory();
    const other = storageKey(A, "0x02");
    mv.record(1, 0, writeLog([slot, Uint8Array.of(1)]));
    const entry = mv.entryFor(slot, 3);
    const reads = mv.internReads(
      readLog([slot, entry === undefined ? PRE_STATE_VERSION : versionOf(entry)], [other, PRE_STATE_VERSION]),
    );
    expect(mv.validate(3, reads)).toBe(true);
    mv.record(2, 0, writeLog([other, Uint8Array.of(7)])); // a lower write to what tx 3 read from the pre-state
    expect(mv.validate(3, reads)).toBe(false);
    mv.forget(2);
    expect(mv.validate(3, reads)).toBe(true);
    mv.record(1, 1, writeLog([slot, Uint8Array.of(1)])); // same value, newer incarnation
    expect(mv.validate(3, reads)).toBe(false);
  });

  it("folds the fee recipient's lazy credits over the highest exact balance below", () => {
    const mv = new MultiVersionMemory();
    const key = balanceKey(A);
    mv.record(0, 0, writeLog([key, { delta: 3n }]));
    mv.record(1, 0, writeLog([key, 100n]));
    mv.record(2, 0, writeLog([key, { delta: 4n }]));
    mv.record(3, 0, writeLog([key, { delta: 5n }]));
    expect(mv.readFolded(key, 4)).toMatchObject({ kind: "value", value: { base: 100n, delta: 9n } });
    expect(mv.readFolded(key, 1)).toMatchObject({ kind: "value", value: { base: undefined, delta: 3n } });
    const folded = mv.readFolded(key, 4);
    const reads = mv.internReads(readLog([key, folded.kind === "value" ? folded.version : "none"]));
    expect(mv.validate(4, reads)).toBe(true);
    mv.record(2, 1, writeLog([key, { delta: 4n }]));
    expect(mv.validate(4, reads)).toBe(false);
  });

  it("keeps read sets as location ids, and gives their keys back, stale ones apart", () => {
    const mv = new MultiVersionMemory();
    const other = storageKey(A, "0x02");
    const third = balanceKey(A);
    const reads = mv.internReads(
      readLog([slot, PRE_STATE_VERSION], [other, PRE_STATE_VERSION], [third, PRE_STATE_VERSION]),
    );
    expect(reads.locations).toEqual([0, 1, 2]);
    // Read again by a later transaction: the same ids.
    expect(mv.internReads(readLog([other, PRE_STATE_VERSION], [slot, PRE_STATE_VERSION])).locations).toEqual([
      1, 0,
    ]);
    expect(mv.readKeys(reads)).toEqual([slot, other, third]);
    mv.record(1, 0, writeLog([other, Uint8Array.of(1)], [third, 5n]));
    expect(mv.writesOf(1)).toEqual([other, third]);
    expect(mv.staleReads(2, reads)).toEqual([other, third]);
    expect(mv.staleReads(1, reads)).toEqual([]);
    mv.clear();
    expect(mv.internReads(readLog([third, PRE_STATE_VERSION])).locations).toEqual([0]);
    expect(mv.writesOf(1)).toEqual([]);
  });

  it("holds a lazy sender's conditions while what lower transactions leave meets them, whoever wrote it", () => {
    const pre = new WorldState({ history: false });
    pre.applyBlock([
      {
        address: A,
        account: { nonce: 4n, balance: 100n, codeHash: new Uint8Array(32) },
        storageCleared: false,
        storage: new Map(),
      },
    ]);
    const mv = new MultiVersionMemory();
    mv.preState = pre;
    const nonce = nonceKey(A);
    const balance = balanceKey(A);
    const reads = (expected: bigint, cost: bigint) =>
      mv.internReads(readLog([nonce, nonceCondition(expected)], [balance, balanceCondition(cost)]));
    expect(mv.validate(0, reads(4n, 100n))).toBe(true); // the pre-state meets both
    expect(mv.validate(0, reads(4n, 101n))).toBe(false);
    expect(mv.validate(0, reads(5n, 1n))).toBe(false);
    // Transaction 0 spent 30 and took nonce 4; transaction 1 was paid 5 (a lazy credit).
    mv.record(0, 0, writeLog([nonce, 5n], [balance, { delta: -30n }]));
    mv.record(1, 0, writeLog([balance, { delta: 5n }]));
    expect(mv.validate(2, reads(5n, 75n))).toBe(true);
    expect(mv.validate(2, reads(5n, 76n))).toBe(false);
    // Its next incarnation spent 40 instead: the running fold must see it.
    mv.record(0, 1, writeLog([nonce, 5n], [balance, { delta: -40n }]));
    expect(mv.validate(2, reads(5n, 75n))).toBe(false);
    expect(mv.validate(2, reads(5n, 65n))).toBe(true);
    // An ESTIMATE below leaves the balance condition unknown: the reader waits, it is not stale.
    mv.markEstimates(1);
    expect(mv.validate(2, reads(5n, 1n))).toBe(false);
    expect(mv.check(2, reads(5n, 1n))).toBe("waiting");
    expect(mv.check(2, reads(6n, 1n))).toBe("stale"); // a condition that fails wins over one unknown
    expect(mv.validate(1, reads(5n, 60n))).toBe(true);
  });

  it("checks a lazy recipient's existence: new or nonce 0 after a lower payment created it; existing while it exists", () => {
    const pre = new WorldState();
    pre.applyBlock([
      {
        address: A,
        account: { nonce: 3n, balance: 1n, codeHash: new Uint8Array(32) },
        storageCleared: false,
        storage: new Map(),
      },
    ]);
    const mv = new MultiVersionMemory();
    mv.preState = pre;
    const fresh = "0x00000000000000000000000000000000000000f1";
    const isNew = mv.internReads(readLog([nonceKey(fresh), NEW_OR_FRESH_CONDITION]));
    const exists = mv.internReads(readLog([nonceKey(A), EXISTS_CONDITION]));
    expect(mv.check(5, isNew)).toBe("valid");
    expect(mv.check(5, exists)).toBe("valid");
    // Transaction 1 paid the fresh address first (creating it), 2 sent from it.
    mv.record(1, 0, writeLog([nonceKey(fresh), 0n], [balanceKey(fresh), { delta: 7n }]));
    expect(mv.check(5, isNew)).toBe("valid");
    mv.record(2, 0, writeLog([nonceKey(fresh), 1n]));
    expect(mv.check(5, isNew)).toBe("stale");
    expect(mv.check(2, isNew)).toBe("valid");
    mv.markEstimates(1);
    expect(mv.check(2, isNew)).toBe("waiting");
    // A deleted account no longer exists.
    mv.record(3, 0, writeLog([nonceKey(A), null]));
    expect(mv.check(5, exists)).toBe("stale");
    expect(mv.check(3, exists)).toBe("valid");
  });
});
