import { createTx, type TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { Interface } from "ethers";
import { afterEach, describe, expect, it } from "vitest";
import { REHEARSALS } from "../../src/devnet/block/Rehearsals.js";
import { Devnet } from "../../src/devnet/Devnet.js";
import type { DevnetOptions } from "../../src/devnet/DevnetOptions.js";
import type { ParallelDetails } from "../../src/parallel/ParallelExecutor.js";
import { loadArtifact } from "../support/artifacts.js";
import { signedDevTx } from "../support/devTransactions.js";
import { POINT_EVALUATION, POINT_EVALUATION_INPUT } from "../support/pointEvaluation.js";
import { recordRehearsals } from "../support/rehearsals.js";
import { until } from "../support/until.js";

/** Every block on the parallel engine, 2 threads, whatever its size or the devnet's history. */
const ON_THE_ENGINE: Partial<DevnetOptions> = {
  sequential: false,
  threads: 2,
  minParallelTransactions: 1,
  minParallelCodeShare: 0,
  learnExecutor: false,
};

const devnets: Devnet[] = [];
afterEach(async () => {
  await Promise.all(devnets.splice(0).map((d) => d.close()));
});

async function devnet(options: Partial<DevnetOptions>): Promise<Devnet> {
  const d = await Devnet.create({ mining: { mode: "manual" }, genesisTimestamp: 1_700_000_000n, ...options });
  devnets.push(d);
  return d;
}

/** Calls `see` with the details of every block the devnet executes on the parallel engine from now on. */
function onEngineRun(d: Devnet, see: (details: ParallelDetails) => void): void {
  const execute = d.executor.execute;
  d.executor.execute = async (input) => {
    const execution = await execute(input);
    if (execution.parallel !== undefined) see(execution.parallel);
    return execution;
  };
}

/** Every block the devnet executes on the parallel engine from now on, with its threads. */
function engineRuns(d: Devnet): number[] {
  const runs: number[] = [];
  onEngineRun(d, (details) => runs.push(details.threads));
  return runs;
}

/** Why each block the engine ran from now on fell back to sequential execution (undefined: it did not). */
function engineFallbacks(d: Devnet): (string | undefined)[] {
  const reasons: (string | undefined)[] = [];
  onEngineRun(d, (details) => reasons.push(details.fellBack));
  return reasons;
}

/** Signed transactions: a counter deployment, then transfers and increments from every account. */
function workload(d: Devnet): { tx: TypedTransaction; sender: string }[] {
  const counter = loadArtifact("Counter");
  const iface = new Interface(counter.abi as never);
  const sign = (i: number, nonce: number, to: string | undefined, data: string, value = 0n) =>
    signedDevTx(d, i, nonce, to, data, value);
  // The counter lands at the first contract address of account 0.
  const counterAddress = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  const txs = [sign(0, 0, undefined, counter.bytecode)];
  for (let i = 1; i < 10; i++) {
    txs.push(sign(i, 0, d.accounts[(i + 1) % 10]?.address, "0x", 1000n));
    txs.push(sign(i, 1, counterAddress, iface.encodeFunctionData("increment")));
    txs.push(sign(i, 2, d.accounts[0]?.address, "0x", 7n));
  }
  return txs;
}

async function mineWorkload(d: Devnet) {
  for (const { tx, sender } of workload(d)) await d.sendTransaction(tx, sender);
  // A fixed timestamp: the two devnets compared mine at different wall-clock seconds.
  return d.mine({ timestamp: 1_700_000_100n });
}

describe("Devnet block execution", () => {
  it("builds the same block in parallel as sequentially", async () => {
    const sequential = await mineWorkload(await devnet({ sequential: true }));
    const d = await devnet(ON_THE_ENGINE);
    const runs = engineRuns(d);
    const parallel = await mineWorkload(d);
    expect(runs).toEqual([2]);
    expect(parallel.block.transactions.length).toBe(28);
    expect(bytesToHex(parallel.block.header.stateRoot)).toBe(bytesToHex(sequential.block.header.stateRoot));
    expect(bytesToHex(parallel.block.header.receiptTrie)).toBe(
      bytesToHex(sequential.block.header.receiptTrie),
    );
    expect(parallel.block.header.gasUsed).toBe(sequential.block.header.gasUsed);
    expect(parallel.hash).toBe(sequential.hash);
  });

  it("builds the same block in parallel as sequentially when transactions call the point-evaluation precompile", async () => {
    // Every worker has KZG, as the coordinator does: the precompile verifies on both.
    const withPrecompileCalls = async (d: Devnet) => {
      for (const { tx, sender } of workload(d)) await d.sendTransaction(tx, sender);
      // After the workload's nonces: account 0 deployed (nonce 0), the others sent three.
      for (let k = 0; k < 16; k++) {
        const account = k % 10;
        const nonce = (account === 0 ? 1 : 3) + Math.floor(k / 10);
        const { tx, sender } = signedDevTx(
          d,
          account,
          nonce,
          POINT_EVALUATION,
          POINT_EVALUATION_INPUT,
          0n,
          100_000n,
        );
        await d.sendTransaction(tx, sender);
      }
      return d.mine({ timestamp: 1_700_000_100n });
    };
    const sequential = await withPrecompileCalls(await devnet({ sequential: true }));
    const d = await devnet(ON_THE_ENGINE);
    const fellBack = engineFallbacks(d);
    const parallel = await withPrecompileCalls(d);
    expect(fellBack).toEqual([undefined]);
    expect(parallel.block.transactions.length).toBe(44);
    expect(parallel.receipts.every((r) => r.status === 1)).toBe(true);
    expect(parallel.hash).toBe(sequential.hash);
  });

  it("builds the same block in parallel as sequentially when the senders have code (EIP-3607 off)", async () => {
    const code = hexToBytes("0x3360005500");
    const withCode = async (d: Devnet) => {
      await d.editState(d.accounts.slice(1).map((a) => d.accountEdit(a.address, { code })));
      return d;
    };
    const sequential = await mineWorkload(await withCode(await devnet({ sequential: true })));
    const d = await withCode(await devnet(ON_THE_ENGINE));
    const fellBack = engineFallbacks(d);
    const parallel = await mineWorkload(d);
    expect(fellBack).toEqual([undefined]);
    expect(parallel.block.transactions.length).toBe(28);
    expect(parallel.receipts.every((receipt) => receipt.status === 1)).toBe(true);
    expect(parallel.hash).toBe(sequential.hash);
    for (const account of d.accounts.slice(1)) {
      expect(d.world.getCode(account.address)).toEqual(code);
      expect(d.world.getAccount(account.address)?.nonce).toBe(3n);
    }
  });

  it("keeps serving with every transaction mined when a worker dies", async () => {
    const d = await devnet(ON_THE_ENGINE);
    const reference = await mineWorkload(await devnet({ sequential: true }));
    await d.executor.engine?.workers.start();
    await d.executor.engine?.workers.kill(0);
    const runs = engineRuns(d);
    const mined = await mineWorkload(d);
    expect(runs).toEqual([2]);
    expect(mined.block.transactions.length).toBe(28);
    expect(d.pool.size).toBe(0);
    expect(bytesToHex(mined.block.header.stateRoot)).toBe(bytesToHex(reference.block.header.stateRoot));
    // The next block runs on fresh workers.
    const next = await d.mine();
    expect(next.number).toBe(2n);
  });
});

describe("Devnet start", () => {
  it("warms the engine's workers at its first idle moment when asked, else after the first block the engine could take", async () => {
    const options = { threads: 2, minParallelTransactions: 1, minParallelCodeShare: 0 } as const;
    const warm = await devnet({ ...options, warmUpWorkers: true });
    const cold = await devnet(options);
    // Not at once: their start would compete with whatever the devnet is asked first.
    await new Promise((resolve) => setImmediate(resolve));
    expect(warm.executor.engine?.workers.running).toBe(0);
    await until(() => warm.executor.warm);
    expect(cold.executor.engine?.workers.running).toBe(0);
    const mined = await mineWorkload(cold);
    // The devnet has no measure of the engine, whose workers are cold: the block runs sequentially.
    expect(mined.ran?.executor).toBe("sequential");
    await until(() => cold.executor.warm);
    expect(cold.executor.engine?.workers.running).toBe(1);
  });
});

describe("Devnet rehearsals", () => {
  it("runs its latest block again on the engine while idle, on the state before it, and its chain stays the sequential one's", async () => {
    const options = { threads: 2, minParallelTransactions: 1, minParallelCodeShare: 0, warmUpWorkers: true };
    const d = await devnet(options);
    const reference = await devnet({ sequential: true });
    const engine = d.executor.engine as NonNullable<typeof d.executor.engine>;
    const rehearsals = recordRehearsals(engine);
    const increments = async (on: Devnet) => {
      const iface = new Interface(loadArtifact("Counter").abi as never);
      for (let i = 1; i < 10; i++) {
        const { tx, sender } = signedDevTx(
          on,
          i,
          3,
          "0x5fbdb2315678afecb367f032d93f642f64180aa3",
          iface.encodeFunctionData("increment"),
          0n,
        );
        await on.sendTransaction(tx, sender);
      }
      return on.mine({ timestamp: 1_700_000_200n });
    };
    await until(() => d.executor.warm);
    // The engine has no measure of blocks of this size: the first runs in order.
    const first = await mineWorkload(d);
    expect(first.ran?.executor).toBe("sequential");
    await until(() => rehearsals.length === REHEARSALS);
    expect(rehearsals).toEqual(
      Array.from({ length: REHEARSALS }, () => ({
        ms: expect.any(Number),
        gasUsed: first.block.header.gasUsed,
      })),
    );
    const next = await increments(d);
    await mineWorkload(reference);
    const expected = await increments(reference);
    expect(next.hash).toBe(expected.hash);
    expect(bytesToHex(next.block.header.stateRoot)).toBe(bytesToHex(expected.block.header.stateRoot));
  });
});

describe("Devnet reset", () => {
  it("puts back the genesis block and state, and forgets pool, snapshots, settings and impersonation", async () => {
    const d = await devnet({ sequential: true });
    const genesis = d.head;
    const account = d.accounts[0]?.address as string;
    const snapshot = await d.snapshot();
    await mineWorkload(d);
    await d.editState([d.accountEdit(account, { balance: 1n, nonce: 5n })]);
    d.updateNextBlock({ timeOffset: 3_600n, gasLimit: 9_000_000n, timestamp: 1_800_000_000n, baseFee: 2n });
    d.impersonation.add("0x000000000000000000000000000000000000dead");
    d.impersonation.setAuto(true);
    const key = hexToBytes(d.accounts[1]?.privateKey as `0x${string}`);
    const pooled = createTx(
      {
        type: 2,
        nonce: 3n,
        to: "0x000000000000000000000000000000000000dead",
        gasLimit: 21_000n,
        maxFeePerGas: 10n ** 10n,
        chainId: d.options.chainId,
      },
      { common: d.common },
    ).sign(key);
    await d.sendTransaction(pooled, d.accounts[1]?.address as string);
    expect(d.pool.size).toBe(1);
    d.setMining({ mode: "auto" });

    await d.reset();
    expect(d.chain.height).toBe(0n);
    expect(d.head.hash).toBe(genesis.hash);
    expect(d.world.getAccount(account)).toMatchObject({ nonce: 0n, balance: d.options.balance });
    expect(d.world.getCode("0x5fbdb2315678afecb367f032d93f642f64180aa3").length).toBe(0);
    expect(d.pool.size).toBe(0);
    expect(d.nextBlock).toMatchObject({
      timeOffset: 0n,
      gasLimit: d.options.gasLimit,
      coinbase: d.options.coinbase,
    });
    expect([d.nextBlock.timestamp, d.nextBlock.baseFee]).toEqual([undefined, undefined]);
    expect(d.isImpersonated("0x000000000000000000000000000000000000dead")).toBe(false);
    expect(d.automine).toBe(false);
    expect(await d.revert(snapshot)).toBe(false);

    // The chain goes on from the genesis as a new one would.
    const again = await mineWorkload(d);
    expect(again.number).toBe(1n);
    expect(again.block.header.parentHash).toEqual(genesis.block.hash());
  });
});

describe("Devnet state roots", () => {
  const ADDRESS = `0x${"ab".repeat(20)}`;

  it("keeps the state tries of the last provableBlocks blocks for proofs, and says when one is gone", async () => {
    const d = await devnet({ sequential: true, provableBlocks: 8 });
    for (let i = 1n; i <= 30n; i++) {
      await d.editState([d.accountEdit(ADDRESS, { balance: i })]);
      await d.mine();
    }
    // The head's root, eight blocks' before it, the genesis's empty root at most.
    expect(d.stateRootsKept).toBeLessThanOrEqual(10);
    const recent = d.provableStateAt(25n);
    expect(recent.trie.accountProof(ADDRESS, recent.root).length).toBeGreaterThan(0);
    expect(() => d.provableStateAt(10n)).toThrow(/no longer kept: proofs are served for the last 8 blocks/);
  });

  it("forgets the roots nothing can go back to, and keeps a snapshot's", async () => {
    const d = await devnet({ sequential: true, provableBlocks: 0 });
    for (let i = 1n; i <= 50n; i++) {
      await d.editState([d.accountEdit(ADDRESS, { balance: i })]);
      await d.editState([d.accountEdit(ADDRESS, { balance: i * 1_000n })]);
      await d.mine();
    }
    // It kept all 101 before: every block's root and every edit's.
    expect(d.stateRootsKept).toBeLessThanOrEqual(3);

    const snapshot = await d.snapshot();
    const snapshotRoot = d.head.block.header.stateRoot;
    for (let i = 1n; i <= 5n; i++) {
      await d.editState([d.accountEdit(ADDRESS, { balance: i })]);
      await d.mine();
    }
    expect(await d.revert(snapshot)).toBe(true);
    expect(d.world.getAccount(ADDRESS)?.balance).toBe(50_000n);
    const next = await d.mine();
    expect(bytesToHex(next.block.header.stateRoot)).toBe(bytesToHex(snapshotRoot));
    expect(d.stateRootsKept).toBeLessThanOrEqual(4);
  });
});

describe("Devnet dev keys", () => {
  it("signs as a dev account with the sender's public key known, as recovery gives it", async () => {
    const d = await devnet({});
    const from = d.accounts[3]?.address as string;
    const unsigned = createTx(
      {
        type: 2,
        chainId: 31337n,
        nonce: 0n,
        gasLimit: 21_000n,
        maxFeePerGas: 10n ** 9n,
        to: from as `0x${string}`,
      },
      { common: d.common },
    );
    const tx = d.signAs(unsigned, from);
    expect(tx?.cache.senderPubKey).toBeDefined();
    const recovered = createTx(tx?.toJSON() ?? {}, { common: d.common });
    expect(bytesToHex(tx?.cache.senderPubKey ?? new Uint8Array())).toBe(
      bytesToHex(recovered.getSenderPublicKey()),
    );
    expect(tx?.getSenderAddress().toString()).toBe(from);
    expect(d.signAs(unsigned, `0x${"12".repeat(20)}`)).toBeUndefined();
  });
});
