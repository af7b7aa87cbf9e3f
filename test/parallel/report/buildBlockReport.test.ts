import { describe, expect, it } from "vitest";
import { balanceKey, nonceKey, storageKey } from "../../../src/parallel/locations.js";
import {
  buildBlockReport,
  locationKeyOf,
  reportLocation,
} from "../../../src/parallel/report/buildBlockReport.js";

const A = `0x${"aa".repeat(20)}`;
const B = `0x${"bb".repeat(20)}`;
const C = `0x${"cc".repeat(20)}`;
const TOKEN = `0x${"70".repeat(20)}`;
const SLOT0 = `0x${"00".repeat(32)}`;
const hash = (i: number) => `0x${i.toString(16).padStart(64, "0")}`;

/** A transfer from `from` to `to`. */
const transfer = (i: number, from: string, to: string) => ({
  hash: hash(i),
  gas: 21_000n,
  reads: [nonceKey(from), balanceKey(from), nonceKey(to), balanceKey(to)],
  writes: [nonceKey(from), balanceKey(from), balanceKey(to)],
});

/** A write of the hot slot from `from`. */
const bump = (i: number, from: string) => ({
  hash: hash(i),
  gas: 30_000n,
  reads: [nonceKey(from), balanceKey(from), storageKey(TOKEN, SLOT0)],
  writes: [nonceKey(from), balanceKey(from), storageKey(TOKEN, SLOT0)],
});

describe("buildBlockReport", () => {
  it("charges each read to the closest earlier writer and weighs the critical path by gas", () => {
    const report = buildBlockReport({
      number: 7n,
      hash: hash(99),
      transactions: [bump(0, A), transfer(1, B, C), bump(2, C), bump(3, `0x${"dd".repeat(20)}`)],
    });
    expect(report.number).toBe(7);
    expect(report.totalGas).toBe(111_000);
    expect(report.transactions.map((tx) => tx.conflicts)).toEqual([
      [],
      [],
      [
        // The transfer credited C; its nonce was only read.
        { tx: 1, location: { address: C, kind: "balance" }, kind: "balance" },
        { tx: 0, location: { address: TOKEN, kind: "storage", slot: SLOT0 }, kind: "storage" },
      ],
      [{ tx: 2, location: { address: TOKEN, kind: "storage", slot: SLOT0 }, kind: "storage" }],
    ]);
    expect(report.dependentTransactions).toBe(2);
    expect(report.hotLocations[0]).toEqual({
      location: { address: TOKEN, kind: "storage", slot: SLOT0 },
      transactions: 2,
    });
    expect(report.criticalPath).toEqual({ gas: 90_000, transactions: [0, 2, 3] });
    expect(report.estimatedSpeedup.unbounded).toBe(1.23); // 111000 / 90000, to two decimals
    expect(report.transactions[2]).toMatchObject({ reads: 3, writes: 3, incarnations: 1, gas: 30_000 });
    expect(report.transactions[2]?.readLocations).toBeUndefined();
    expect(report.criticalPathTime).toBeUndefined();
  });

  it("adds locations, time estimates and measured speedup when given", () => {
    const report = buildBlockReport({
      number: 1,
      transactions: [
        { ...transfer(0, A, B), timeMs: 2, incarnations: 2 },
        { ...transfer(1, B, C), timeMs: 1 },
      ],
      locations: true,
      sequentialMs: 3,
      parallelMs: 2,
      reExecutions: 1,
      threads: 2,
    });
    expect(report.transactions[0]?.writeLocations).toEqual([
      { address: A, kind: "nonce" },
      { address: A, kind: "balance" },
      { address: B, kind: "balance" },
    ]);
    expect(report.transactions[0]?.incarnations).toBe(2);
    expect(report.criticalPathTime).toEqual({ ms: 3, transactions: [0, 1] });
    expect(report.estimatedSpeedupByTime).toEqual({ 2: 1, 4: 1, 8: 1, 16: 1, unbounded: 1 });
    expect(report.measuredSpeedup).toBe(1.5);
    expect(report).toMatchObject({ reExecutions: 1, threads: 2, sequentialMs: 3, parallelMs: 2 });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("charges an exact read of the fee recipient's balance to every credit since the last exact read", () => {
    const fee = balanceKey(C);
    const pays = (i: number) => ({ hash: hash(i), gas: 21_000n, reads: [], writes: [fee] });
    const reads = (i: number) => ({ hash: hash(i), gas: 30_000n, reads: [fee], writes: [fee] });
    const transactions = [pays(0), pays(1), reads(2), pays(3), reads(4)];
    const location = { address: C, kind: "balance" };
    const report = buildBlockReport({
      number: 1,
      transactions,
      feeRecipient: C.toUpperCase().replace("0X", "0x"),
    });
    expect(report.transactions.map((tx) => tx.conflicts.map((c) => c.tx))).toEqual([
      [],
      [],
      [0, 1],
      [],
      [2, 3],
    ]);
    expect(report.transactions[4]?.conflicts[0]).toEqual({ tx: 2, location, kind: "feeRecipient" });
    // 3 only credits the fee lazily: it waits for nobody.
    expect(report.criticalPath.transactions).toEqual([0, 2, 4]);
    // Without the fee recipient, each read is charged to the closest writer only.
    const plain = buildBlockReport({ number: 1, transactions });
    expect(plain.transactions.map((tx) => tx.conflicts.map((c) => c.tx))).toEqual([[], [], [1], [], [3]]);
  });

  it("says why each dependency holds, and estimates without sender order by the contracts", () => {
    // One sender writes four slots of its own; another pays it, then it calls the hot slot.
    const own = (i: number) => ({
      hash: hash(i),
      sender: A,
      gas: 40_000n,
      reads: [nonceKey(A), balanceKey(A), storageKey(TOKEN, hash(100 + i))],
      writes: [nonceKey(A), balanceKey(A), storageKey(TOKEN, hash(100 + i))],
    });
    const report = buildBlockReport({
      number: 1,
      transactions: [
        own(0),
        own(1),
        own(2),
        own(3),
        { ...transfer(4, B, A), sender: B },
        { ...bump(5, A), sender: A },
      ],
    });
    const kinds = report.transactions.map((tx) =>
      tx.conflicts.map((c) => `${c.tx}:${c.location.kind}:${c.kind}`),
    );
    expect(kinds[1]).toEqual(["0:nonce:sender", "0:balance:sender"]);
    // B's payment to A: A's balance is a payment; A's nonce, read to know A exists, A's own order.
    expect(kinds[4]).toEqual(["3:nonce:sender", "3:balance:balance"]);
    expect(kinds[5]).toEqual(["3:nonce:sender", "4:balance:balance"]);
    // As sent, A's chain runs in order; by the contracts, its four writes of distinct slots do not.
    expect(report.estimatedSpeedup[2]).toBeLessThan(1.2);
    expect(report.estimatedSpeedupByContracts[2]).toBeGreaterThan(1.5);
    expect(report.estimatedSpeedupByContracts.unbounded).toBeGreaterThan(report.estimatedSpeedup.unbounded);
  });

  it("turns report locations back into the engine's keys", () => {
    for (const key of [balanceKey(A), nonceKey(B), `c${C}`, storageKey(TOKEN, SLOT0)]) {
      expect(locationKeyOf(reportLocation(key))).toBe(key);
    }
  });
});
