import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlockInput } from "../../../src/execution/types.js";
import { ParallelExecutor } from "../../../src/parallel/ParallelExecutor.js";
import type { BlockReport } from "../../../src/parallel/report/BlockReport.js";
import { replayReport } from "../../../src/parallel/report/replayReport.js";
import { COINBASE, createTestWorld, type TestWorld } from "../../support/testWorld.js";

let w: TestWorld;
let executor: ParallelExecutor;

beforeAll(async () => {
  w = await createTestWorld(8);
  executor = new ParallelExecutor({ threads: 2, minCodeShare: 0 });
});

afterAll(async () => {
  await executor.close();
});

type Op = { kind: "eth" | "erc20" | "counter" | "readCoinbase"; from: number; to: number };

function block(ops: Op[]): BlockInput {
  const nonces = new Map<string, bigint>();
  const transactions = ops.map((o) => {
    const from = w.senders[o.from] as string;
    const to = `0x${(0xbeef00 + o.to).toString(16).padStart(40, "0")}`;
    const nonce = nonces.get(from) ?? w.nonceOf(from);
    nonces.set(from, nonce + 1n);
    switch (o.kind) {
      case "eth":
        return w.tx(from, nonce, to, "0x", 5n, 21_000n);
      case "erc20":
        return w.tx(
          from,
          nonce,
          w.contracts.token,
          w.interfaces.token.encodeFunctionData("transfer", [to, 5n]),
        );
      case "counter":
        return w.tx(from, nonce, w.contracts.counter, w.interfaces.counter.encodeFunctionData("increment"));
      case "readCoinbase":
        return w.tx(from, nonce, w.contracts.coinbaseReader, "0x");
      default:
        throw new Error(`unknown operation ${JSON.stringify(o.kind satisfies never)}`);
    }
  });
  return {
    header: w.header(COINBASE),
    transactions,
    preState: w.world,
    senders: transactions.map((tx) => tx.getSenderAddress().toString()),
  };
}

async function run(input: BlockInput) {
  executor.resetState(() => w.world.snapshot());
  return executor.execute(input);
}

const conflicts = (report: BlockReport) => report.transactions.map((tx) => tx.conflicts);

describe("replayReport", () => {
  it("reports a parallel run with its timings, and the same conflicts when the run fell back", async () => {
    const input = block([
      { kind: "counter", from: 0, to: 0 },
      { kind: "eth", from: 1, to: 1 },
      { kind: "counter", from: 2, to: 0 },
      { kind: "erc20", from: 3, to: 3 },
      { kind: "readCoinbase", from: 4, to: 0 },
      { kind: "counter", from: 5, to: 0 },
    ]);
    const execution = await run(input);
    const report = await replayReport({ input, execution, sequentialMs: 12, parallelMs: 4 });
    expect(report).toMatchObject({ number: Number(input.header.number), threads: 2, measuredSpeedup: 3 });
    expect(report.reExecutions).toBe(execution.parallel.reExecutions);
    expect(report.transactions.map((tx) => tx.incarnations)).toEqual(execution.parallel.incarnations);
    expect(report.transactions[0]?.timeMs).toBeUndefined();
    const slot = { address: w.contracts.counter, kind: "storage", slot: `0x${"0".repeat(64)}` };
    expect(report.transactions[2]?.conflicts).toEqual([{ tx: 0, location: slot, kind: "storage" }]);
    expect(report.transactions[5]?.conflicts).toEqual([{ tx: 2, location: slot, kind: "storage" }]);
    // Reading the fee recipient's balance exactly waits for every fee credited before it.
    const feeRecipient = { address: COINBASE, kind: "balance" };
    expect(report.transactions[4]?.conflicts).toEqual(
      [0, 1, 2, 3].map((tx) => ({ tx, location: feeRecipient, kind: "feeRecipient" })),
    );
    // After an exact read, a later one folds only the credits since.
    const twice = block([
      { kind: "eth", from: 0, to: 0 },
      { kind: "readCoinbase", from: 1, to: 0 },
      { kind: "eth", from: 2, to: 2 },
      { kind: "readCoinbase", from: 3, to: 0 },
    ]);
    const twiceReport = await replayReport({
      input: twice,
      execution: await run(twice),
      sequentialMs: 1,
      parallelMs: 1,
    });
    expect(twiceReport.transactions[3]?.conflicts).toEqual([
      ...[1, 2].map((tx) => ({ tx, location: feeRecipient, kind: "feeRecipient" })),
      // The reader stores what it read: the second overwrites the first's slot.
      {
        tx: 1,
        location: { address: w.contracts.coinbaseReader, kind: "storage", slot: `0x${"0".repeat(64)}` },
        kind: "storage",
      },
    ]);
    // 2 pays its fee lazily: it waits for nobody, and 3 waits for it and for 1.
    expect(twiceReport.transactions[2]?.conflicts).toEqual([]);
    expect(twiceReport.criticalPath.transactions).toEqual([0, 1, 3]);
    expect(report.transactions[1]?.conflicts).toEqual([]);
    expect(report.transactions[3]?.conflicts).toEqual([]);

    const fellBack = await replayReport({
      input,
      execution: {
        ...execution,
        parallel: { ...execution.parallel, reads: [], writes: [], fellBack: "test" },
      },
      sequentialMs: 12,
      parallelMs: 4,
    });
    expect(conflicts(fellBack)).toEqual(conflicts(report));
    expect(fellBack.fellBack).toBe("test");
    expect(fellBack.transactions.every((tx) => tx.timeMs !== undefined)).toBe(true);
    expect(fellBack.criticalPathTime).toBeDefined();

    const timed = await replayReport({
      input,
      execution,
      sequentialMs: 12,
      parallelMs: 4,
      transactionTimes: true,
    });
    expect(conflicts(timed)).toEqual(conflicts(report));
    expect(timed.estimatedSpeedupByTime).toBeDefined();
    expect(JSON.parse(JSON.stringify(timed))).toEqual(timed);
  });

  it("finds the same conflicts in the engine's read and write sets as in an in-order recording", async () => {
    const op: fc.Arbitrary<Op> = fc.record({
      kind: fc.constantFrom("eth", "erc20", "counter", "readCoinbase"),
      from: fc.integer({ min: 0, max: 7 }),
      to: fc.integer({ min: 0, max: 5 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 24 }), async (ops) => {
        const input = block(ops);
        const execution = await run(input);
        expect(execution.parallel.fellBack).toBeUndefined();
        const fromEngine = await replayReport({ input, execution, sequentialMs: 1, parallelMs: 1 });
        const recorded = await replayReport({
          input,
          execution: {
            ...execution,
            parallel: { ...execution.parallel, reads: [], writes: [], fellBack: "x" },
          },
          sequentialMs: 1,
          parallelMs: 1,
        });
        expect(conflicts(fromEngine)).toEqual(conflicts(recorded));
        expect(fromEngine.criticalPath).toEqual(recorded.criticalPath);
      }),
      { numRuns: 25 },
    );
  });
});
