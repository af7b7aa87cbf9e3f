/**
 * A contract's balance is read lazily (see VersionedState): deposits into a WETH-like bank and
 * withdrawals from it by different senders do not depend on each other through its balance,
 * and the block still equals its sequential execution where the placeholder cannot stand: a
 * withdrawal the bank cannot cover, or code that reads the bank's balance.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BlockInput } from "../../src/execution/types.js";
import { ParallelExecutor } from "../../src/parallel/ParallelExecutor.js";
import type { BlockChange } from "../../src/state/JournaledState.js";
import type { WorldState } from "../../src/state/WorldState.js";
import { bothWays } from "../support/bothWays.js";
import {
  BANK_CODE,
  COINBASE,
  contractAt,
  createTestWorld,
  type TestWorld,
  worldWith,
} from "../support/testWorld.js";

const FUNDED_BANK = `0x${"ba".repeat(20)}`;

let w: TestWorld;
let world: WorldState;
let executor: ParallelExecutor;

beforeAll(async () => {
  w = await createTestWorld(10);
  world = worldWith(w, [contractAt(FUNDED_BANK, BANK_CODE, 10n ** 18n)]);
  executor = new ParallelExecutor({ threads: 2, minCodeShare: 0 });
});

afterAll(async () => {
  await executor?.close();
});

type Call = { from: number; bank: string } & ({ deposit: bigint } | { withdraw: bigint } | { balance: true });

function block(calls: Call[]): BlockInput {
  const nonces = w.senders.map((address) => w.nonceOf(address));
  const transactions = calls.map((call) => {
    const from = w.senders[call.from] as string;
    const nonce = nonces[call.from] as bigint;
    nonces[call.from] = nonce + 1n;
    if ("deposit" in call) return w.tx(from, nonce, call.bank, "0x", call.deposit, 100_000n);
    const data = "withdraw" in call ? `0x${call.withdraw.toString(16).padStart(64, "0")}` : "0x";
    return w.tx(from, nonce, call.bank, data, 0n, 100_000n);
  });
  return {
    header: w.header(COINBASE),
    transactions,
    preState: world,
    senders: transactions.map((tx) => tx.getSenderAddress().toString()),
  };
}

const slotOf = (address: string) => `0x${address.slice(2).padStart(64, "0")}`;
const stored = (changes: BlockChange[], bank: string, slot: string) =>
  changes.find((c) => c.address === bank)?.storage.get(slot);

describe("lazy contract balances", () => {
  it("runs deposits into a bank without reading its balance, and withdrawals with a condition on it", async () => {
    const calls: Call[] = [];
    for (let round = 0; round < 3; round++)
      for (let from = 0; from < w.senders.length; from++)
        calls.push(
          round === 1
            ? { from, bank: FUNDED_BANK, withdraw: 500n }
            : { from, bank: FUNDED_BANK, deposit: 1_000n },
        );
    const { parallel, sequential } = await bothWays(executor, world, block(calls));
    const balance = `b${FUNDED_BANK}`;
    // Read sets exist where the engine ran the whole block (none after a tail run in order).
    expect(parallel.parallel.reads).toHaveLength(calls.length);
    expect(parallel.parallel.reExecutions).toBe(0);
    parallel.parallel.reads.forEach((reads, tx) => {
      if ("deposit" in (calls[tx] as Call)) expect(reads).not.toContain(balance);
    });
    const credited = sequential.changes.find((c) => c.address === FUNDED_BANK)?.account?.balance;
    expect(credited).toBe(10n ** 18n + 20n * 1_000n - 10n * 500n);
  });

  it("fails a withdrawal the bank cannot cover yet, as sequential execution does", async () => {
    const bank = w.contracts.bank;
    const { sequential } = await bothWays(
      executor,
      world,
      block([
        { from: 0, bank, withdraw: 800n },
        { from: 1, bank, deposit: 1_000n },
        { from: 2, bank, withdraw: 800n },
        { from: 3, bank, withdraw: 800n },
      ]),
    );
    const success = (from: number) => stored(sequential.changes, bank, slotOf(w.senders[from] as string));
    expect([0, 2, 3].map((from) => success(from)?.length ?? 0)).toEqual([0, 1, 0]);
  });

  it("gives code that reads the bank's balance its exact value", async () => {
    const { sequential } = await bothWays(
      executor,
      world,
      block([
        { from: 0, bank: FUNDED_BANK, deposit: 7n },
        { from: 1, bank: FUNDED_BANK, withdraw: 3n },
        { from: 2, bank: FUNDED_BANK, balance: true },
      ]),
    );
    const zero = `0x${"0".repeat(64)}`;
    expect(stored(sequential.changes, FUNDED_BANK, zero)).toBeDefined();
  });
});
