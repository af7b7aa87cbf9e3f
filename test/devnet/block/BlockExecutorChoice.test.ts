import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockExecutorChoice } from "../../../src/devnet/block/BlockExecutorChoice.js";
import { ExecutionHistory, FIRST_PROBE_AFTER } from "../../../src/devnet/block/ExecutionHistory.js";
import { REHEARSALS } from "../../../src/devnet/block/Rehearsals.js";
import { createExecutionContext, executeBlockSequential } from "../../../src/execution/sequentialExecutor.js";
import type { BlockInput } from "../../../src/execution/types.js";
import { WorldState } from "../../../src/state/WorldState.js";
import { recordRehearsals } from "../../support/rehearsals.js";
import {
  COINBASE,
  comparable,
  createTestWorld,
  ethTransfer,
  type TestWorld,
  tokenTransfer,
} from "../../support/testWorld.js";
import { until } from "../../support/until.js";

let w: TestWorld;
let choice: BlockExecutorChoice;

beforeAll(async () => {
  w = await createTestWorld(16);
  const context = await createExecutionContext(w.common);
  choice = new BlockExecutorChoice(
    { kind: "parallel", threads: 2, minTransactions: 4, learn: false },
    () => context,
    () => w.world.snapshot(),
  );
});
afterAll(async () => {
  await choice.close();
});

const input = (transactions: BlockInput["transactions"]): BlockInput => ({
  header: w.header(COINBASE),
  transactions,
  preState: w.world,
});

/** 16 token transfers, one per sender. */
const tokenBlock = () => input(Array.from({ length: 16 }, (_, i) => tokenTransfer(w, i)));

/**
 * A learning choice on 2 threads whose workers warm up quickly, over the test world's state or
 * `world`'s (then it rehearses over the state before `world`'s latest block).
 */
async function learningChoice(
  options: { idleBeforeWarmUpMs?: number; history?: ExecutionHistory; world?: WorldState } = {},
): Promise<BlockExecutorChoice> {
  const context = await createExecutionContext(w.common);
  const { world, ...mode } = options;
  return new BlockExecutorChoice(
    { kind: "parallel", threads: 2, minTransactions: 4, idleBeforeWarmUpMs: 0, warmUpMs: 20, ...mode },
    () => context,
    () => (world ?? w.world).snapshot(),
    false,
    false,
    world === undefined ? undefined : () => world.at(world.head - 1),
  );
}

describe("BlockExecutorChoice", () => {
  it("runs a block of plain value transfers sequentially, however many", async () => {
    const execution = await choice.execute(input(Array.from({ length: 16 }, (_, i) => ethTransfer(w, i))));
    expect(execution.parallel).toBeUndefined();
  });

  it("applies plain value transfers without the EVM, unless the devnet runs --sequential", async () => {
    const block = () => input(Array.from({ length: 16 }, (_, i) => ethTransfer(w, i)));
    const context = await createExecutionContext(w.common);
    const sequential = new BlockExecutorChoice(
      { kind: "sequential" },
      () => context,
      () => w.world.snapshot(),
    );
    const oracle = await executeBlockSequential(block());
    const direct = await choice.execute(block());
    const plain = await sequential.execute(block());
    // Sender 0 deployed the world's contracts: its transfer at nonce 0 is runTx's to refuse.
    expect(direct.outcomes.filter((o) => o.kind === "invalid").length).toBe(1);
    expect(direct.plainTransfers).toBe(15);
    expect(plain.plainTransfers).toBeUndefined();
    for (const execution of [direct, plain]) {
      expect(comparable(execution)).toEqual(comparable(oracle));
      expect(execution.changes).toEqual(oracle.changes);
    }
    await sequential.close();
  });

  it("runs a block of contract calls on the engine", async () => {
    const execution = await choice.execute(input(Array.from({ length: 16 }, (_, i) => tokenTransfer(w, i))));
    expect(execution.parallel?.threads).toBe(2);
  });

  it("runs a block sequentially when fewer than half its transactions run code", async () => {
    const mixed = [...Array.from({ length: 10 }, (_, i) => ethTransfer(w, i))];
    for (let i = 10; i < 16; i++) mixed.push(tokenTransfer(w, i));
    expect((await choice.execute(input(mixed))).parallel).toBeUndefined();
  });
});

describe("BlockExecutorChoice, warming up", () => {
  it("starts the engine's workers ahead of the first block, which runs on them", async () => {
    const context = await createExecutionContext(w.common);
    const warm = new BlockExecutorChoice(
      { kind: "parallel", threads: 3, minTransactions: 4, learn: false },
      () => context,
      () => w.world.snapshot(),
    );
    try {
      const pool = warm.engine?.workers;
      expect(pool?.running).toBe(0);
      warm.warmUp();
      expect(pool?.running).toBe(2);
      const execution = await warm.execute(input(Array.from({ length: 16 }, (_, i) => tokenTransfer(w, i))));
      expect(execution.parallel?.fellBack).toBeUndefined();
    } finally {
      await warm.close();
    }
  });
});

describe("BlockExecutorChoice, learning from its blocks", () => {
  it("runs a block size sequentially first, then on the engine, and says how each ran", async () => {
    const learning = await learningChoice();
    try {
      // FIRST_PROBE_AFTER blocks in order (no rehearsal here: the choice has no past states).
      for (let k = 0; k < FIRST_PROBE_AFTER; k++) {
        const first = await learning.execute(tokenBlock());
        expect(first.parallel).toBeUndefined();
        expect(first.ran).toEqual({ executor: "sequential" });
      }
      await until(() => learning.warm);
      const second = await learning.execute(tokenBlock());
      expect(second.parallel?.threads).toBe(2);
      expect(second.ran).toMatchObject({ executor: "parallel", threads: 2 });
      expect(second.ran.executor === "parallel" && second.ran.speedup).toBeGreaterThan(0);
      // Plain transfers never reach the engine, so they teach it nothing.
      const transfers = await learning.execute(
        input(Array.from({ length: 16 }, (_, i) => ethTransfer(w, i))),
      );
      expect(transfers.ran).toEqual({ executor: "sequential" });
    } finally {
      await learning.close();
    }
  });
});

describe("BlockExecutorChoice, before its workers are warm", () => {
  it("gives the engine no block, and warms the workers once the devnet is idle", async () => {
    const learning = await learningChoice({ idleBeforeWarmUpMs: 100 });
    try {
      // The history would probe the engine on the second block of a size; its workers are cold.
      for (let k = 0; k < 3; k++) {
        learning.workStarted();
        const execution = await learning.execute(tokenBlock());
        expect(execution.ran).toEqual({ executor: "sequential" });
        // A request in hand: the devnet is not idle, whatever the time.
        await new Promise((resolve) => setTimeout(resolve, 150));
        expect(learning.engine?.workers.running).toBe(0);
        learning.workDone();
      }
      await until(() => learning.warm);
      expect((await learning.execute(tokenBlock())).ran).toMatchObject({ executor: "parallel" });
    } finally {
      await learning.close();
    }
  });

  it("mines on sequentially, and throws nothing, when its workers cannot start", async () => {
    const learning = await learningChoice();
    const engine = learning.engine as NonNullable<typeof learning.engine>;
    let tries = 0;
    engine.warmUp = () => {
      tries++;
      throw new Error("no thread can be started");
    };
    try {
      expect((await learning.execute(tokenBlock())).ran).toEqual({ executor: "sequential" });
      await until(() => tries > 0);
      expect((await learning.execute(tokenBlock())).ran).toEqual({ executor: "sequential" });
    } finally {
      await learning.close();
    }
  });
});

describe("BlockExecutorChoice, rehearsing while idle", () => {
  it("runs a block it mined sequentially again on the engine, on the state before it, and measures it", async () => {
    const world = new WorldState();
    world.applyBlock(w.world.snapshot());
    const learning = await learningChoice({ world });
    const engine = learning.engine as NonNullable<typeof learning.engine>;
    const rehearsals = recordRehearsals(engine);
    const mine = async (senders: number[]) => {
      const execution = await learning.execute({
        ...input(senders.map((i) => tokenTransfer(w, i))),
        preState: world,
      });
      world.applyBlock(execution.changes);
      learning.committed(execution.changes);
      return execution;
    };
    try {
      // Cold workers: in order, and the workers warm up once idle (over the state after it).
      await mine([0, 1, 2, 3]);
      await until(() => learning.warm);
      // The second block of a size runs in order too (FIRST_PROBE_AFTER); the engine rehearses it.
      rehearsals.length = 0; // the first block's, which the warm-up's state had moved past
      const second = await mine([4, 5, 6, 7]);
      expect(second.ran).toEqual({ executor: "sequential" });
      await until(() => rehearsals.length === REHEARSALS);
      expect(rehearsals).toEqual(
        Array.from({ length: REHEARSALS }, () => ({ ms: expect.any(Number), gasUsed: second.gasUsed })),
      );
      // The rehearsals left the workers' state sound: the next block, on whichever executor the
      // measures chose, is right.
      const next = { ...input([8, 9, 10, 11].map((i) => tokenTransfer(w, i))), preState: world };
      const expected = await executeBlockSequential(next);
      expect(comparable(await learning.execute(next))).toEqual(comparable(expected));
    } finally {
      await learning.close();
    }
  });

  it("runs a block the engine ran again on the sequential executor when idle, where the history wants its measure", async () => {
    const world = new WorldState();
    world.applyBlock(w.world.snapshot());
    // A history where the engine won blocks of this size: the next block runs on it, and the
    // sequential executor's probe is due.
    const history = new ExecutionHistory();
    history.record(4, "sequential", 1_000_000n, 50);
    history.record(4, "parallel", 1_000_000n, 30);
    const recorded: [number, string][] = [];
    const record = history.record.bind(history);
    history.record = (n, executor, gas, ms) => {
      recorded.push([n, executor]);
      record(n, executor, gas, ms);
    };
    const choice = await learningChoice({ world, history });
    try {
      choice.warmUp();
      await until(() => choice.warm);
      const execution = await choice.execute({
        ...input([0, 1, 2, 3].map((i) => tokenTransfer(w, i))),
        preState: world,
      });
      expect(execution.ran).toMatchObject({ executor: "parallel" });
      world.applyBlock(execution.changes);
      choice.committed(execution.changes);
      // The block's own record, then the rehearsal's.
      await until(() => recorded.length === 2);
      expect(recorded).toEqual([
        [4, "parallel"],
        [4, "sequential"],
      ]);
    } finally {
      await choice.close();
    }
  });
});
