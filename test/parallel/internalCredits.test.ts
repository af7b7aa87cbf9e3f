/**
 * Value a contract's CALL passes on to a plain account (deposit forwarders paying an exchange's
 * hot wallet) is credited lazily: deposits through different forwarders do not conflict on the
 * hot wallet's balance, and the block still equals its sequential execution, also where the
 * placeholder cannot stand (a BALANCE of the hot wallet after the credit, a target with nonce 0).
 */
import { hexToBytes } from "@ethereumjs/util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256 } from "../../src/crypto/nativeCrypto.js";
import type { BlockInput } from "../../src/execution/types.js";
import { ParallelExecutor } from "../../src/parallel/ParallelExecutor.js";
import type { BlockChange } from "../../src/state/JournaledState.js";
import type { WorldState } from "../../src/state/WorldState.js";
import { bothWays } from "../support/bothWays.js";
import { COINBASE, contractAt, createTestWorld, type TestWorld, worldWith } from "../support/testWorld.js";

const HOT_WALLET = `0x${"40".repeat(20)}`;
const FRESH = `0x${"f5".repeat(20)}`;
const CHECKER = `0x${"c4".repeat(20)}`;
const forwarderAt = (i: number) => `0x${(0xf0000 + i).toString(16).padStart(40, "0")}`;

/** CALL(gas, target, CALLVALUE, 0, 0, 0, 0); then, with `readBack`, SSTORE(0, BALANCE(target)). */
function forwarder(target: string, readBack: boolean): Uint8Array {
  const to = target.slice(2);
  const call = `60006000600060003473${to}5af150`;
  return hexToBytes(`0x${call}${readBack ? `73${to}3160005500` : "00"}`);
}

let w: TestWorld;
let world: WorldState;
let executor: ParallelExecutor;

beforeAll(async () => {
  w = await createTestWorld(10);
  world = worldWith(w, [
    // The hot wallet has sent transactions: nonce 7.
    {
      address: HOT_WALLET,
      account: { nonce: 7n, balance: 10n ** 18n, codeHash: keccak256(new Uint8Array()) },
      storageCleared: false,
      storage: new Map(),
    },
    ...w.senders.map((_, i) => contractAt(forwarderAt(i), forwarder(HOT_WALLET, false))),
    contractAt(CHECKER, forwarder(HOT_WALLET, true)),
    contractAt(forwarderAt(99), forwarder(FRESH, false)),
  ]);
  executor = new ParallelExecutor({ threads: 2, minCodeShare: 0 });
});

afterAll(async () => {
  await executor?.close();
});

/** Each sender deposits through its own forwarder, `rounds` times; `extra` inserted after the first round. */
function block(rounds: number, extra: { from: number; to: string }[] = []): BlockInput {
  const nonces = w.senders.map((address) => w.nonceOf(address));
  const deposit = (i: number, to: string) => {
    const from = w.senders[i] as string;
    const nonce = nonces[i] as bigint;
    nonces[i] = nonce + 1n;
    return w.tx(from, nonce, to, "0x", 1_000n + BigInt(i), 100_000n);
  };
  const transactions = [];
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < w.senders.length; i++) transactions.push(deposit(i, forwarderAt(i)));
    if (round === 0) for (const { from, to } of extra) transactions.push(deposit(from, to));
  }
  const header = w.header(COINBASE);
  return {
    header,
    transactions,
    preState: world,
    senders: transactions.map((tx) => tx.getSenderAddress().toString()),
  };
}

describe("internal lazy credits", () => {
  it("runs deposits through many forwarders to one hot wallet without reading its balance", async () => {
    const { parallel, sequential } = await bothWays(executor, world, block(3));
    const hot = `b${HOT_WALLET}`;
    for (const reads of parallel.parallel.reads) expect(reads).not.toContain(hot);
    expect(parallel.parallel.reExecutions).toBe(0);
    const credited = sequential.changes.find((c) => c.address === HOT_WALLET)?.account?.balance;
    expect(credited).toBeGreaterThan(10n ** 18n);
  });

  it("gives a BALANCE of the hot wallet after the credit its exact value", async () => {
    const { parallel, sequential } = await bothWays(executor, world, block(2, [{ from: 3, to: CHECKER }]));
    const stored = (changes: BlockChange[]) =>
      changes.find((c) => c.address === CHECKER)?.storage.get(`0x${"0".repeat(64)}`);
    expect(stored(parallel.changes)).toEqual(stored(sequential.changes));
    expect(stored(parallel.changes)?.length).toBeGreaterThan(0);
  });

  it("reads a target that never sent a transaction exactly: a CALL to an empty account pays for creating it", async () => {
    const { sequential } = await bothWays(
      executor,
      world,
      block(1, [
        { from: 1, to: forwarderAt(99) },
        { from: 2, to: forwarderAt(99) },
      ]),
    );
    expect(sequential.changes.find((c) => c.address === FRESH)?.account?.balance).toBe(2_003n);
  });
});
