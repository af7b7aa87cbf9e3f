import { createFeeMarket1559Tx, type FeeMarket1559Tx } from "@ethereumjs/tx";
import { type Address, hexToBytes } from "@ethereumjs/util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256 } from "../../src/crypto/nativeCrypto.js";
import { executeBlockSequential } from "../../src/execution/sequentialExecutor.js";
import type { BlockInput } from "../../src/execution/types.js";
import { findConflicts } from "../../src/parallel/conflicts.js";
import type { MvOp, ToWorker } from "../../src/parallel/messages.js";
import { ParallelExecutor } from "../../src/parallel/ParallelExecutor.js";
import type { WorkerPool } from "../../src/parallel/WorkerPool.js";
import type { AccountInfo } from "../../src/state/types.js";
import { WorldState } from "../../src/state/WorldState.js";
import { blockOfOps, type Op, opArbitrary } from "../support/randomBlocks.js";
import { COINBASE, comparable, createTestWorld, rootAfter, type TestWorld } from "../support/testWorld.js";
import { until } from "../support/until.js";

let w: TestWorld;
const executors = new Map<number, ParallelExecutor>();

function executor(threads: number): ParallelExecutor {
  let ex = executors.get(threads);
  if (ex === undefined) {
    // Blocks of mostly value transfers run on the engine too: these tests are about its paths.
    ex = new ParallelExecutor({ threads, minCodeShare: 0 });
    executors.set(threads, ex);
  }
  ex.resetState(() => w.world.snapshot());
  return ex;
}

beforeAll(async () => {
  w = await createTestWorld(12);
});

afterAll(async () => {
  await Promise.all([...executors.values()].map((ex) => ex.close()));
});

const op = opArbitrary({
  senders: 12,
  receivers: 30,
  kinds: [
    "eth",
    "erc20",
    "counter",
    "create",
    "create2",
    "revert",
    "nested",
    "selfdestruct",
    "readCoinbase",
    "payCoinbase",
    "deposit",
    "withdraw",
    "bankBalance",
  ],
});

/** Calls `see` with every sync message (memory updates, tasks) the coordinator posts to a worker. */
function watchSyncs(pool: WorkerPool, see: (message: Extract<ToWorker, { type: "sync" }>) => void): void {
  const post = pool.post.bind(pool);
  pool.post = (id, message) => {
    if (message.type === "sync") see(message);
    post(id, message);
  };
}

function block(ops: Op[], coinbase: string): BlockInput {
  return blockOfOps(w, ops, coinbase);
}

/** `input` on an executor of its own (over the test world's state), and whether the engine ran. */
async function onFreshExecutor(
  options: ConstructorParameters<typeof ParallelExecutor>[0],
  input: BlockInput,
): Promise<{ engineRan: boolean; execution: Awaited<ReturnType<ParallelExecutor["execute"]>> }> {
  const ex = new ParallelExecutor(options);
  try {
    ex.resetState(() => w.world.snapshot());
    let engineRan = false;
    const execution = await ex.execute(input, { onStart: () => (engineRan = true) });
    return { engineRan, execution };
  } finally {
    await ex.close();
  }
}

describe("ParallelExecutor", () => {
  it("equals sequential execution on random blocks, for any thread count", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(1, 2, 3, 8),
        fc.constantFrom("fresh", "sender"),
        async (ops, threads, feeRecipient) => {
          const input = block(ops, feeRecipient === "fresh" ? COINBASE : (w.senders[0] as string));
          const sequential = await executeBlockSequential(input);
          const parallel = await executor(threads).execute(input);
          expect(parallel.parallel.fellBack).toBeUndefined();
          expect(comparable(parallel)).toEqual(comparable(sequential));
          expect(parallel.gasUsed).toBe(sequential.gasUsed);
          expect(await rootAfter(w.world, parallel.changes)).toBe(
            await rootAfter(w.world, sequential.changes),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it("equals sequential execution when this thread stops after each transaction of its own to hear the workers", async () => {
    let stops = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(op, { minLength: 30, maxLength: 60 }),
        fc.constantFrom(2, 3),
        async (ops, threads) => {
          const input = block(ops, COINBASE);
          const sequential = await executeBlockSequential(input);
          const ex = new ParallelExecutor({ threads, minCodeShare: 0, minCodeTransactions: 0 });
          try {
            ex.resetState(() => w.world.snapshot());
            const parallel = await ex.execute(input, {
              // Every worker's answer "waits": the chunk handles its results and yields where it looks.
              onStart: (pool) => {
                pool.answerWaitingFrom = () => {
                  stops++;
                  return true;
                };
              },
            });
            expect(parallel.parallel.fellBack).toBeUndefined();
            expect(comparable(parallel)).toEqual(comparable(sequential));
            expect(await rootAfter(w.world, parallel.changes)).toBe(
              await rootAfter(w.world, sequential.changes),
            );
          } finally {
            await ex.close();
          }
        },
      ),
      { numRuns: 12 },
    );
    expect(stops).toBeGreaterThan(0);
  });

  it("refuses transactions whose signature gives no sender on a worker, as sequential execution does", async () => {
    const ops: Op[] = w.senders.map((_, i): Op => ({ kind: "erc20", from: i, to: 20 + i, amount: 3 }));
    const input = block(ops, COINBASE);
    // No point of the curve has x = 5: recovering a sender from r = 5 fails. Every other
    // transaction is forged so, so that workers get some (their sender is left to recover).
    const forged = (tx: FeeMarket1559Tx) => {
      const { chainId, nonce, maxFeePerGas, maxPriorityFeePerGas, gasLimit, to, value, data } = tx;
      const fields = {
        chainId,
        nonce,
        maxFeePerGas,
        maxPriorityFeePerGas,
        gasLimit,
        to: to as Address,
        value,
        data,
      };
      return createFeeMarket1559Tx({ ...fields, v: 0n, r: 5n, s: 5n }, { common: tx.common });
    };
    const transactions = input.transactions.map((tx, i) =>
      i % 2 === 1 ? forged(tx as FeeMarket1559Tx) : tx,
    );
    const senders = (input.senders ?? []).map((sender, i) => (i % 2 === 1 ? undefined : sender));
    const forgedInput: BlockInput = { ...input, transactions, senders };
    const sequential = await executeBlockSequential(forgedInput);
    expect(sequential.outcomes[1]).toMatchObject({
      kind: "invalid",
      reason: expect.stringMatching(/signature/i),
    });
    // Which thread runs which transaction is the scheduler's and the machine's: on a loaded one
    // the calling thread may take every forged one, so the block runs until a worker got some.
    let onWorker = false;
    for (let run = 0; run < 5 && !onWorker; run++) {
      const onWorkers: number[] = [];
      const parallel = await executor(2).execute(forgedInput, {
        onStart: (pool) =>
          watchSyncs(pool, (message) => onWorkers.push(...(message.task ?? []).map(([tx]) => tx))),
      });
      onWorker = onWorkers.some((tx) => tx % 2 === 1);
      expect(parallel.parallel.fellBack).toBeUndefined();
      expect(comparable(parallel)).toEqual(comparable(sequential));
    }
    expect(onWorker).toBe(true);
  });

  it("finishes a contended block with the sequential executor over what the engine validated", async () => {
    // Every transaction increments one counter; a few deploy, pay or self-destruct on the way.
    const ops: Op[] = Array.from({ length: 160 }, (_, i): Op => {
      const from = i % 12;
      if (i % 37 === 5) return { kind: "selfdestruct", from };
      if (i % 41 === 7) return { kind: "create", from };
      if (i % 29 === 3) return { kind: "payCoinbase", from, value: 3 };
      return { kind: "counter", from };
    });
    const input = block(ops, COINBASE);
    const sequential = await executeBlockSequential(input);
    const parallel = await executor(2).execute(input);
    expect(parallel.parallel.fellBack).toBeUndefined();
    // The tail ran: read and write sets are known for the engine's prefix only, so none are given.
    expect(parallel.parallel.reads).toEqual([]);
    expect(parallel.parallel.incarnations.length).toBe(160);
    expect(comparable(parallel)).toEqual(comparable(sequential));
    expect(await rootAfter(w.world, parallel.changes)).toBe(await rootAfter(w.world, sequential.changes));
  });

  it("runs independent transfers and the fee credits they all pay without a conflict", async () => {
    const ops: Op[] = w.senders.map((_, i) => ({ kind: "eth", from: i, to: 20 + i, value: 5 }));
    ops.push(...w.senders.map((_, i): Op => ({ kind: "erc20", from: i, to: 20 + i, amount: 5 })));
    const input = block(ops, COINBASE);
    const parallel = await executor(2).execute(input);
    const conflicts = findConflicts(parallel.parallel.reads, parallel.parallel.writes);
    // Only a sender's own earlier transaction (its nonce and balance) is a dependency.
    for (const [i, list] of conflicts.entries()) {
      for (const c of list) expect(input.senders?.[c.tx]).toBe(input.senders?.[i]);
    }
    expect(await rootAfter(w.world, parallel.changes)).toBe(
      await rootAfter(w.world, (await executeBlockSequential(input)).changes),
    );
  });

  it("sends workers no writes of independent transactions, and a location's writes once a worker read it stale", async () => {
    const ex = new ParallelExecutor({ threads: 3, minCodeShare: 0 });
    ex.resetState(() => w.world.snapshot());
    const sent: MvOp[] = [];
    const spy = (pool: WorkerPool) => watchSyncs(pool, (message) => sent.push(...message.ops));
    try {
      const independent = block(
        w.senders.map((_, i): Op => ({ kind: "erc20", from: i, to: 20 + i, amount: 2 })),
        COINBASE,
      );
      const quiet = await ex.execute(independent, { onStart: spy });
      expect(quiet.parallel.fellBack).toBeUndefined();
      expect(sent.filter((op) => op[0] !== "w" || op[3].keys.length > 0)).toEqual([]);

      sent.length = 0;
      const hot = block(
        w.senders.map((_, i): Op => ({ kind: "counter", from: i })),
        COINBASE,
      );
      const contended = await ex.execute(hot, { onStart: spy });
      expect(sent.some((op) => op[0] === "k")).toBe(true);
      expect(comparable(contended)).toEqual(comparable(await executeBlockSequential(hot)));
    } finally {
      await ex.close();
    }
  });

  it("finds a counter that a run of calls bumps with one probe, runs the calls on one thread and the rest beside them", async () => {
    // Four transfers, then twelve senders' calls to one counter, then each sender's transfer
    // (as a mainnet block of 49 calls to one game, then other traffic).
    const ops: Op[] = Array.from(
      { length: 4 },
      (_, k): Op => ({ kind: "eth", from: k, to: 20 + k, value: 1 }),
    );
    for (let k = 0; k < 12; k++) ops.push({ kind: "counter", from: k });
    for (let k = 0; k < 12; k++) ops.push({ kind: "eth", from: k, to: 40 + k, value: 2 });
    const input = block(ops, COINBASE);
    const ex = new ParallelExecutor({ threads: 2, minCodeShare: 0 });
    ex.resetState(() => w.world.snapshot());
    try {
      const parallel = await ex.execute(input);
      expect(parallel.parallel.fellBack).toBeUndefined();
      expect(comparable(parallel)).toEqual(comparable(await executeBlockSequential(input)));
      // Dealt out blindly, the calls failed one after another; the probe costs one re-run.
      expect(parallel.parallel.reExecutions).toBeLessThanOrEqual(2);
      expect(parallel.parallel.reads.length).toBe(input.transactions.length); // no sequential tail
    } finally {
      await ex.close();
    }
  });

  it("runs a block that one sender owns in order at once, with no engine run at all", async () => {
    // A payout: sender 0 pays 30 accounts, two other senders send a transfer each.
    const ops: Op[] = Array.from(
      { length: 30 },
      (_, k): Op => ({ kind: "eth", from: 0, to: 20 + k, value: 1 }),
    );
    ops.splice(10, 0, { kind: "erc20", from: 1, to: 3, amount: 1 });
    ops.push({ kind: "eth", from: 2, to: 4, value: 1 });
    const input = block(ops, COINBASE);
    let engineRan = false;
    const parallel = await executor(2).execute(input, { onStart: () => (engineRan = true) });
    expect(engineRan).toBe(false);
    expect(parallel.parallel.fellBack).toBeUndefined();
    expect(parallel.parallel.inOrder).toBe("one sender");
    expect(parallel.parallel.incarnations.every((k) => k === 1)).toBe(true);
    expect(comparable(parallel)).toEqual(comparable(await executeBlockSequential(input)));
    expect(await rootAfter(w.world, parallel.changes)).toBe(
      await rootAfter(w.world, (await executeBlockSequential(input)).changes),
    );
  });

  it("runs a block of mostly plain value transfers in order at once, unless told to take every block", async () => {
    // 24 value transfers between distinct accounts and 8 token transfers: a quarter runs code.
    const ops: Op[] = w.senders.map((_, i): Op => ({ kind: "eth", from: i, to: 20 + i, value: 1 }));
    ops.push(...w.senders.map((_, i): Op => ({ kind: "eth", from: i, to: 8 + i, value: 2 })));
    ops.push(...w.senders.slice(0, 8).map((_, i): Op => ({ kind: "erc20", from: i, to: 20 + i, amount: 1 })));
    const input = block(ops, COINBASE);
    const sequential = comparable(await executeBlockSequential(input));
    const byDefault = await onFreshExecutor({ threads: 2 }, input);
    expect(byDefault.engineRan).toBe(false);
    expect(byDefault.execution.parallel.inOrder).toBe("plain transfers");
    expect(comparable(byDefault.execution)).toEqual(sequential);
    let engineRan = false;
    const everyBlock = await executor(2).execute(input, { onStart: () => (engineRan = true) });
    expect(engineRan).toBe(true);
    expect(everyBlock.parallel.inOrder).toBeUndefined();
    expect(comparable(everyBlock)).toEqual(sequential);
  });

  it("runs a block of a few calls in order at once, unless told to take every block", async () => {
    // Eight token transfers between distinct accounts: all run code, too few to gain.
    const ops: Op[] = w.senders
      .slice(0, 8)
      .map((_, i): Op => ({ kind: "erc20", from: i, to: 20 + i, amount: 1 }));
    const input = block(ops, COINBASE);
    const sequential = comparable(await executeBlockSequential(input));
    const byDefault = await onFreshExecutor({ threads: 2 }, input);
    expect(byDefault.engineRan).toBe(false);
    expect(byDefault.execution.parallel.inOrder).toBe("few transactions");
    expect(comparable(byDefault.execution)).toEqual(sequential);
    const fewEnough = await onFreshExecutor({ threads: 2, minCodeTransactions: 8 }, input);
    expect(fewEnough.engineRan).toBe(true);
    expect(fewEnough.execution.parallel.inOrder).toBeUndefined();
    expect(comparable(fewEnough.execution)).toEqual(sequential);
  });

  it("runs a few senders' interleaved nonce chains on both threads, each sender on one", async () => {
    // Four senders, ten transfers each, in turn (as dev accounts send them).
    const ops: Op[] = Array.from(
      { length: 40 },
      (_, k): Op => ({ kind: "erc20", from: k % 4, to: 20 + k, amount: 1 }),
    );
    const input = block(ops, COINBASE);
    const ex = new ParallelExecutor({ threads: 2, minCodeShare: 0 });
    ex.resetState(() => w.world.snapshot());
    const workerSenders = new Set<string | undefined>();
    try {
      const parallel = await ex.execute(input, {
        onStart: (pool) =>
          watchSyncs(pool, (message) => {
            for (const [tx] of message.task ?? []) workerSenders.add(input.senders?.[tx]);
          }),
      });
      expect(parallel.parallel.fellBack).toBeUndefined();
      expect(comparable(parallel)).toEqual(comparable(await executeBlockSequential(input)));
      // The worker ran its own chains only; this thread ran the others.
      expect(workerSenders.size).toBe(2);
    } finally {
      await ex.close();
    }
  });

  it("starts a sender's heavy chain on a worker at once, past the transactions before it", async () => {
    // Sixteen light transfers from eight senders, then one sender's six heavy ones (by gas limit).
    const { token } = w.contracts;
    const transfer = (to: number) =>
      w.interfaces.token.encodeFunctionData("transfer", [w.senders[to] as string, 1n]);
    const light = Array.from({ length: 16 }, (_, k) => {
      const from = w.senders[k % 8] as string;
      return w.tx(from, w.nonceOf(from) + BigInt(k >> 3), token, transfer(9), 0n, 100_000n);
    });
    const heavySender = w.senders[8] as string;
    const heavy = Array.from({ length: 6 }, (_, k) =>
      w.tx(heavySender, w.nonceOf(heavySender) + BigInt(k), token, transfer(9), 0n, 3_000_000n),
    );
    const transactions = [...light, ...heavy];
    const input: BlockInput = {
      header: w.header(COINBASE),
      transactions,
      preState: w.world,
      senders: transactions.map((tx) => tx.getSenderAddress().toString()),
    };
    const ex = new ParallelExecutor({ threads: 2, minCodeShare: 0 });
    ex.resetState(() => w.world.snapshot());
    const firstTask: number[] = [];
    try {
      const parallel = await ex.execute(input, {
        onStart: (pool) =>
          watchSyncs(pool, (message) => {
            if (firstTask.length === 0) firstTask.push(...(message.task ?? []).map(([tx]) => tx));
          }),
      });
      expect(parallel.parallel.fellBack).toBeUndefined();
      expect(comparable(parallel)).toEqual(comparable(await executeBlockSequential(input)));
      expect(firstTask.length).toBeGreaterThan(0);
      expect(firstTask.every((tx) => tx >= 16)).toBe(true);
    } finally {
      await ex.close();
    }
  });

  it("runs one sender's transfers on both threads: they read the sender lazily, without a conflict", async () => {
    // Sender 0 pays twenty accounts, three times sender 5, and calls a counter in between, among
    // other senders' token transfers (a block one sender owns three quarters of runs in order).
    const ops: Op[] = [];
    for (let k = 0; k < 20; k++) {
      ops.push({ kind: "eth", from: 0, to: 20 + k, value: 7 });
      ops.push({ kind: "erc20", from: 1 + (k % 11), to: 40 + k, amount: 1 });
    }
    ops.splice(10, 0, { kind: "eth", from: 0, to: 5, value: 1 });
    ops.splice(20, 0, { kind: "counter", from: 0 }, { kind: "eth", from: 0, to: 5, value: 2 });
    ops.push({ kind: "eth", from: 0, to: 5, value: 3 });
    const input = block(ops, COINBASE);
    const payer = input.senders?.[0];
    const ex = new ParallelExecutor({ threads: 2, minCodeShare: 0 });
    ex.resetState(() => w.world.snapshot());
    let onWorker = 0;
    try {
      const parallel = await ex.execute(input, {
        onStart: (pool) =>
          watchSyncs(pool, (message) => {
            for (const [tx] of message.task ?? []) if (input.senders?.[tx] === payer) onWorker++;
          }),
      });
      expect(parallel.parallel.fellBack).toBeUndefined();
      expect(comparable(parallel)).toEqual(comparable(await executeBlockSequential(input)));
      // Read exactly, the payer's transactions are one chain that one thread runs in order.
      const payerTransactions = (input.senders ?? []).filter((sender) => sender === payer).length;
      expect(onWorker).toBeGreaterThan(0);
      expect(onWorker).toBeLessThan(payerTransactions);
    } finally {
      await ex.close();
    }
  });

  it("re-runs exactly what a lazy read got wrong: a payout the balance does not cover, a transaction that fails", async () => {
    const from = w.senders[0] as string;
    const nonce = w.nonceOf(from);
    const big = 4n * 10n ** 23n; // the test senders hold 10^24 wei
    const transactions = [
      w.tx(from, nonce, w.senders[1], "0x", 1n, 21_000n),
      w.tx(from, nonce + 1n, w.senders[2], "0x", 1n, 20_000n), // too little gas: invalid
      w.tx(from, nonce + 2n, w.senders[3], "0x", 1n, 21_000n), // its nonce is one ahead now
      w.tx(from, nonce + 1n, w.senders[3], "0x", big, 21_000n),
      w.tx(from, nonce + 2n, w.senders[4], "0x", big, 21_000n),
      w.tx(from, nonce + 3n, w.senders[5], "0x", big, 21_000n), // the balance runs short
      w.tx(from, nonce + 3n, w.senders[6], "0x", 1n, 21_000n),
    ];
    const input: BlockInput = {
      header: w.header(COINBASE),
      transactions,
      preState: w.world,
      senders: transactions.map(() => from),
    };
    const sequential = await executeBlockSequential(input);
    expect(sequential.outcomes.map((o) => o.kind)).toEqual([
      "included",
      "invalid",
      "invalid",
      "included",
      "included",
      "invalid",
      "included",
    ]);
    for (const threads of [2, 3]) {
      const parallel = await executor(threads).execute(input);
      expect(parallel.parallel.fellBack).toBeUndefined();
      expect(comparable(parallel)).toEqual(comparable(sequential));
    }
  });

  it("lets an explicit read of the fee recipient's balance see the exact sequential value", async () => {
    const ops: Op[] = [
      { kind: "eth", from: 1, to: 21, value: 1 },
      { kind: "erc20", from: 2, to: 22, amount: 1 },
      { kind: "readCoinbase", from: 3 },
      { kind: "payCoinbase", from: 4, value: 7 },
      { kind: "readCoinbase", from: 5 },
    ];
    const input = block(ops, COINBASE);
    const sequential = await executeBlockSequential(input);
    const parallel = await executor(2).execute(input);
    const slot = (changes: typeof sequential.changes) =>
      changes.find((c) => c.address === w.contracts.coinbaseReader)?.storage.get(`0x${"0".repeat(64)}`);
    expect(slot(parallel.changes)).toEqual(slot(sequential.changes));
    expect(slot(parallel.changes)?.length).toBeGreaterThan(0);
  });

  it("settles: resolves once every worker holds the state, and the next block runs on it", async () => {
    const ex = new ParallelExecutor({ threads: 3, minCodeShare: 0 });
    try {
      ex.resetState(() => w.world.snapshot());
      await ex.settle(w.common);
      const input = block([{ kind: "eth", from: 1, to: 21, value: 1 }], COINBASE);
      const parallel = await ex.execute(input);
      expect(parallel.parallel.fellBack).toBeUndefined();
      expect(comparable(parallel)).toEqual(comparable(await executeBlockSequential(input)));
    } finally {
      await ex.close();
    }
    await new ParallelExecutor({ threads: 1, minCodeShare: 0 }).settle(w.common);
  });

  it("rehearses a committed block on the state before it, the workers kept there, and runs the next block right", async () => {
    const ex = new ParallelExecutor({ threads: 2, minCodeShare: 0 });
    const world = new WorldState();
    world.applyBlock(w.world.snapshot());
    try {
      ex.resetState(() => world.snapshot());
      await ex.settle(w.common);
      const transfers = (from: number[]): Op[] =>
        from.map((i) => ({ kind: "erc20", from: i, to: 20 + i, amount: 5 }));
      const first = { ...block(transfers([0, 1, 2, 3, 4, 5]), COINBASE), preState: world };
      const executed = await executeBlockSequential(first);
      world.applyBlock(executed.changes);
      ex.applyChanges(executed.changes);
      const before = { ...first, preState: world.at(world.head - 1) };
      const rehearsed = { ms: expect.any(Number), gasUsed: executed.gasUsed };
      expect(await ex.rehearse(before, executed.changes)).toEqual(rehearsed);
      // Again: the workers still stand before the block.
      expect(await ex.rehearse(before, executed.changes)).toEqual(rehearsed);
      const next = { ...block(transfers([6, 7, 8, 9, 10, 11]), COINBASE), preState: world };
      const parallel = await ex.execute(next);
      expect(parallel.parallel.fellBack).toBeUndefined();
      expect(comparable(parallel)).toEqual(comparable(await executeBlockSequential(next)));
      // The workers have moved past the block: it cannot be rehearsed any more.
      expect(await ex.rehearse(before, executed.changes)).toBeUndefined();
      // A rehearsal stopped as it starts does not run.
      world.applyBlock(parallel.changes);
      ex.applyChanges(parallel.changes);
      const rehearsal = ex.rehearse({ ...next, preState: world.at(world.head - 1) }, parallel.changes);
      await ex.stopRehearsal();
      expect(await rehearsal).toBe("stopped");
    } finally {
      await ex.close();
    }
  });

  it("is warm once every worker has its context and has run its synthetic work, paused while the caller is busy", async () => {
    const ex = new ParallelExecutor({ threads: 3, minCodeShare: 0 });
    try {
      ex.resetState(() => w.world.snapshot());
      expect(ex.warm).toBe(false);
      ex.noteActivity(1);
      ex.warmUp(w.common, 50);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // Started, but the synthetic work waits for the caller's work to end.
      expect(ex.workers.running).toBe(2);
      expect(ex.warm).toBe(false);
      ex.noteActivity(0);
      await until(() => ex.warm);
    } finally {
      await ex.close();
    }
    expect(ex.warm).toBe(false);
    expect(new ParallelExecutor({ threads: 1 }).warm).toBe(true);
  });

  it("compiles the workers with synthetic work until a block comes, which runs at once and right", async () => {
    const ex = new ParallelExecutor({ threads: 2, minCodeShare: 0 });
    try {
      ex.resetState(() => w.world.snapshot());
      // A minute of synthetic work asked for: the block must not wait for it.
      ex.warmUp(w.common, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ops: Op[] = w.senders.map((_, i) => ({ kind: "erc20", from: i, to: 20 + i, amount: 3 }));
      const input = block(ops, COINBASE);
      const started = performance.now();
      const parallel = await ex.execute(input);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(parallel.parallel.fellBack).toBeUndefined();
      // The synthetic work ran on a state of its own: the block sees the replica as it was.
      expect(comparable(parallel)).toEqual(comparable(await executeBlockSequential(input)));
    } finally {
      await ex.close();
    }
  });

  it("falls back to sequential execution when a worker dies mid-block, and the block is still right", async () => {
    const ops: Op[] = w.senders.flatMap((_, i): Op[] => [
      { kind: "erc20", from: i, to: 20 + i, amount: 3 },
      { kind: "counter", from: i },
    ]);
    const input = block(ops, COINBASE);
    const ex = executor(2);
    const parallel = await ex.execute(input, { onStart: (pool) => void pool.kill(0) });
    expect(parallel.parallel.fellBack).toMatch(/worker/);
    const sequential = await executeBlockSequential(input);
    expect(comparable(parallel)).toEqual(comparable(sequential));
    // The next block gets fresh workers and runs in parallel again.
    const again = await executor(2).execute(input);
    expect(again.parallel.fellBack).toBeUndefined();
    expect(comparable(again)).toEqual(comparable(sequential));
  });

  it("falls back to sequential execution when a worker stops answering, once the stall timeout passes", async () => {
    const ops: Op[] = w.senders.map((_, i): Op => ({ kind: "erc20", from: i, to: 20 + i, amount: 3 }));
    const input = block(ops, COINBASE);
    // Long enough for a fresh worker to start and build its VM on a busy machine.
    const ex = new ParallelExecutor({ threads: 2, minCodeShare: 0, stallTimeoutMs: 3_000 });
    try {
      ex.resetState(() => w.world.snapshot());
      const parallel = await ex.execute(input, { onStart: (pool) => pool.hang(0) });
      expect(parallel.parallel.fellBack).toMatch(/no worker progress for 3000 ms/);
      const sequential = await executeBlockSequential(input);
      expect(comparable(parallel)).toEqual(comparable(sequential));
      // The hung worker was dropped: later blocks run in parallel on a fresh one (the first of
      // them starts it, which on a busy machine may take longer than this short stall timeout).
      await ex.execute(input);
      const again = await ex.execute(input);
      expect(again.parallel.fellBack).toBeUndefined();
      expect(comparable(again)).toEqual(comparable(sequential));
    } finally {
      await ex.close();
    }
  });

  it("gives up a run that keeps re-executing, and runs the block sequentially, still right", async () => {
    // A counter every transaction increments: conflicts from the first round on. With no
    // re-execution allowed, the run stops at the first instead of going on.
    const ops: Op[] = Array.from({ length: 120 }, (_, i): Op => ({ kind: "counter", from: i % 12 }));
    const input = block(ops, COINBASE);
    const ex = new ParallelExecutor({ threads: 2, maxReExecutions: 0 });
    try {
      ex.resetState(() => w.world.snapshot());
      const parallel = await ex.execute(input);
      const sequential = await executeBlockSequential(input);
      expect(comparable(parallel)).toEqual(comparable(sequential));
      expect(parallel.parallel.fellBack).toMatch(/more than 0 re-executions: the run does not converge/);
    } finally {
      await ex.close();
    }
  });

  it("falls back to sequential execution when a worker fails on a message, and says why", async () => {
    const ops: Op[] = w.senders.map((_, i): Op => ({ kind: "erc20", from: i, to: 20 + i, amount: 3 }));
    const input = block(ops, COINBASE);
    const ex = executor(2);
    const parallel = await ex.execute(input, {
      // A block whose header is not RLP: the worker throws while setting it up.
      onStart: (pool) =>
        pool.post(0, {
          type: "block",
          run: 0,
          chainId: 1n,
          hardfork: "prague",
          header: Uint8Array.of(1, 2, 3),
          count: 0,
          blockHashes: [],
          allowSendersWithCode: false,
        }),
    });
    expect(parallel.parallel.fellBack).toMatch(/worker 0 failed/);
    const sequential = await executeBlockSequential(input);
    expect(comparable(parallel)).toEqual(comparable(sequential));
    const again = await ex.execute(input);
    expect(again.parallel.fellBack).toBeUndefined();
  });

  it("lets senders with code send when the block allows it (EIP-3607 off), as sequential execution does", async () => {
    // Half the senders get code (CALLER PUSH1 0 SSTORE STOP), so transfers to them run it too.
    const code = hexToBytes("0x3360005500");
    const world = WorldState.restored(w.world.snapshot(), 1);
    const withCode = w.senders.filter((_, i) => i % 2 === 0);
    world.applyEdit(
      withCode.map((address) => ({
        address,
        account: { ...(world.getAccount(address) as AccountInfo), codeHash: keccak256(code) },
        code,
        storageCleared: false,
        storage: new Map(),
      })),
    );
    const ops: Op[] = w.senders.flatMap((_, i): Op[] => [
      { kind: "eth", from: i, to: (i + 1) % w.senders.length, value: 5 },
      { kind: "erc20", from: i, to: 20 + i, amount: 3 },
      { kind: "counter", from: i },
    ]);
    const ex = executor(2);
    ex.resetState(() => world.snapshot());
    for (const allowSendersWithCode of [true, false]) {
      const input: BlockInput = { ...block(ops, COINBASE), preState: world, allowSendersWithCode };
      const sequential = await executeBlockSequential(input);
      const parallel = await ex.execute(input);
      expect(parallel.parallel.fellBack).toBeUndefined();
      expect(comparable(parallel)).toEqual(comparable(sequential));
      expect(await rootAfter(world, parallel.changes)).toBe(await rootAfter(world, sequential.changes));
      const refused = sequential.outcomes.filter((o) => o.kind === "invalid");
      if (allowSendersWithCode) {
        expect(refused).toEqual([]);
        for (const address of withCode) {
          const after = parallel.changes.find((c) => c.address === address);
          expect(after?.account?.nonce).toBe(w.nonceOf(address) + 3n);
          expect(after?.account?.codeHash).toEqual(keccak256(code));
          expect(after?.code).toBeUndefined();
        }
      } else {
        expect(refused).toHaveLength(withCode.length * 3);
        for (const o of refused) expect(o.kind === "invalid" && o.reason).toMatch(/EIP-3607/);
      }
    }
  });
});
