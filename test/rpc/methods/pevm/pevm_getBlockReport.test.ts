import { createTx, type TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { Interface } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Devnet } from "../../../../src/devnet/Devnet.js";
import type { DevnetOptions } from "../../../../src/devnet/DevnetOptions.js";
import { reportMinedBlock } from "../../../../src/devnet/report/reportMinedBlock.js";
import type { ParallelDetails } from "../../../../src/parallel/ParallelExecutor.js";
import type { BlockReport } from "../../../../src/parallel/report/BlockReport.js";
import { buildBlockReport } from "../../../../src/parallel/report/buildBlockReport.js";
import { openConnection } from "../../../../src/rpc/connection.js";
import { createHandler } from "../../../../src/rpc/handler.js";
import { pevmMethods } from "../../../../src/rpc/methods/pevm/pevmMethods.js";
import { readMethods } from "../../../../src/rpc/methods/readMethods.js";
import { MethodRegistry } from "../../../../src/rpc/registry.js";
import { loadArtifact, storageSlot } from "../../../support/artifacts.js";

const counterArtifact = loadArtifact("Counter");
const INCREMENT = new Interface(counterArtifact.abi).encodeFunctionData("increment") as `0x${string}`;
const COUNT_SLOT = `0x${storageSlot(counterArtifact, "count").toString(16).padStart(64, "0")}`;
const THREADS = [2, 4, 8, 16] as const;

/** A devnet whose block 1 deploys the Counter and block 2 mixes hot increments with transfers. */
interface Scenario {
  devnet: Devnet;
  call(method: string, ...params: unknown[]): Promise<{ result?: unknown; error?: { code: number } }>;
  counter: string;
  /** Hashes in block 2, by what they do. */
  increments: string[];
  transfers: string[];
  /** Two transfers from the same sender, in nonce order. */
  sameSender: [string, string];
  /** The parallel engine's details of block 2, when it ran there. */
  parallel?: ParallelDetails;
  /** Sends a signed transaction from dev account `from` to the pool; its hash. */
  send(
    from: number,
    nonce: bigint,
    to: string | undefined,
    data: `0x${string}`,
    value?: bigint,
  ): Promise<string>;
}

async function scenario(options: Partial<DevnetOptions>): Promise<Scenario> {
  const devnet = await Devnet.create({
    mining: { mode: "manual" },
    genesisTimestamp: 1_700_000_000n,
    ...options,
  });
  const handler = createHandler(
    new MethodRegistry<Devnet>().register(...readMethods, ...pevmMethods),
    devnet,
  );
  const { connection } = openConnection("in-process");
  let id = 0;
  const call = async (method: string, ...params: unknown[]) => {
    const response = await handler.handle({ jsonrpc: "2.0", id: ++id, method, params }, connection);
    if (response === undefined || Array.isArray(response)) throw new Error("expected one response");
    return response as { result?: unknown; error?: { code: number } };
  };
  const send = async (
    from: number,
    nonce: bigint,
    to: string | undefined,
    data: `0x${string}`,
    value = 0n,
  ) => {
    const account = devnet.accounts[from];
    if (account === undefined) throw new Error(`no account ${from}`);
    const tx = createTx(
      {
        type: 2,
        nonce,
        ...(to === undefined ? {} : { to: to as `0x${string}` }),
        value,
        data: hexToBytes(data),
        gasLimit: 1_000_000n,
        maxFeePerGas: 10n ** 10n,
        maxPriorityFeePerGas: 10n ** 9n,
        chainId: devnet.options.chainId,
      },
      { common: devnet.common },
    ).sign(hexToBytes(account.privateKey as `0x${string}`));
    return devnet.sendTransaction(tx, account.address);
  };
  const address = (i: number) => devnet.accounts[i]?.address as string;

  await send(0, 0n, undefined, counterArtifact.bytecode);
  const deployed = await devnet.mine({ timestamp: 1_700_000_012n });
  const counter = deployed.receipts[0]?.contractAddress ?? "";

  const result: Scenario = {
    devnet,
    call,
    counter,
    increments: [],
    transfers: [],
    sameSender: ["", ""],
    send,
  };
  const original = devnet.executor.execute;
  devnet.executor.execute = async (input) => {
    const execution = await original(input);
    if (execution.parallel !== undefined) result.parallel = execution.parallel;
    return execution;
  };
  for (const [from, nonce] of [
    [0, 1n],
    [1, 0n],
    [2, 0n],
    [3, 0n],
  ] as const) {
    result.increments.push(await send(from, nonce, counter, INCREMENT));
  }
  result.transfers.push(await send(4, 0n, address(5), "0x", 1000n));
  result.transfers.push(await send(6, 0n, address(7), "0x", 1000n));
  result.sameSender = [
    await send(8, 0n, address(9), "0x", 1000n),
    await send(8, 1n, address(9), "0x", 2000n),
  ];
  await devnet.mine({ timestamp: 1_700_000_024n });
  return result;
}

async function report(s: Scenario, ...params: unknown[]): Promise<BlockReport> {
  const response = await s.call("pevm_getBlockReport", ...params);
  if (response.error !== undefined)
    throw new Error(`pevm_getBlockReport failed: ${JSON.stringify(response.error)}`);
  return response.result as BlockReport;
}

/** The conflicts of each transaction, by hash. */
function conflictsByHash(r: BlockReport): Record<string, unknown> {
  return Object.fromEntries(r.transactions.map((tx) => [tx.hash, tx.conflicts]));
}

function expectConsistentEstimates(r: BlockReport): void {
  let previous = 1;
  for (const p of THREADS) {
    const estimate = r.estimatedSpeedup[p];
    expect(estimate).toBeGreaterThanOrEqual(previous);
    expect(estimate).toBeLessThanOrEqual(p);
    expect(estimate).toBeLessThanOrEqual(r.estimatedSpeedup.unbounded);
    previous = estimate;
  }
  for (const tx of r.transactions)
    for (const conflict of tx.conflicts) expect(conflict.tx).toBeLessThan(tx.index);
}

describe("pevm_getBlockReport", () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await scenario({ sequential: true });
  });

  afterAll(async () => {
    await s.devnet.close();
  });

  it("finds the Counter increments conflicting on its count slot, and nothing else", async () => {
    const r = await report(s, "latest");
    expect(r.number).toBe(2);
    expect(r.hash).toBe(s.devnet.head.hash);
    expect(r.transactions).toHaveLength(8);
    const index = (hash: string) => r.transactions.findIndex((tx) => tx.hash === hash);
    const increments = s.increments.map(index).sort((a, b) => a - b);
    const slot = { address: s.counter, kind: "storage", slot: COUNT_SLOT };
    expect(r.transactions[increments[0] as number]?.conflicts).toEqual([]);
    for (let k = 1; k < increments.length; k++) {
      expect(r.transactions[increments[k] as number]?.conflicts).toEqual([
        { tx: increments[k - 1], location: slot, kind: "storage" },
      ]);
    }
    for (const hash of [...s.transfers, s.sameSender[0]])
      expect(r.transactions[index(hash)]?.conflicts).toEqual([]);
    // The second transfer of a sender waits for the first (its nonce and balance, and the recipient's).
    const [first, second] = s.sameSender.map(index) as [number, number];
    const waitsFor = r.transactions[second]?.conflicts ?? [];
    expect(waitsFor.length).toBeGreaterThan(0);
    expect(new Set(waitsFor.map((c) => c.tx))).toEqual(new Set([first]));
    expect(waitsFor.map((c) => c.location.kind)).toContain("nonce");
    expect(waitsFor.filter((c) => c.location.kind === "nonce").map((c) => c.kind)).toEqual(["sender"]);

    expect(r.dependentTransactions).toBe(increments.length - 1 + 1);
    expect(r.hotLocations[0]).toEqual({ location: slot, transactions: increments.length - 1 });
    expect(r.criticalPath.transactions).toEqual(increments);
    const block = s.devnet.head;
    expect(r.totalGas).toBe(Number(block.block.header.gasUsed));
    expect(r.criticalPath.gas).toBe(
      increments.reduce((sum, i) => sum + Number(block.receipts[i]?.gasUsed ?? 0n), 0),
    );
    for (const tx of r.transactions) {
      expect(tx.gas).toBe(Number(block.receipts[tx.index]?.gasUsed));
      expect(tx.incarnations).toBe(1);
      expect(tx.reads).toBeGreaterThan(0);
      expect(tx.timeMs).toBeGreaterThanOrEqual(0);
    }
    expect(r.criticalPathTime?.transactions.length).toBeGreaterThan(0);
    expect(r.warnings).toBeUndefined();
    expectConsistentEstimates(r);
    expect(r.estimatedSpeedup.unbounded).toBeGreaterThan(1);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("answers for the latest block without a tag, and lists locations when asked", async () => {
    const plain = await report(s);
    expect(plain.number).toBe(2);
    expect(plain.transactions[0]?.readLocations).toBeUndefined();
    const detailed = await report(s, "0x2", { locations: true });
    for (const tx of detailed.transactions) {
      expect(tx.readLocations).toHaveLength(tx.reads);
      expect(tx.writeLocations).toHaveLength(tx.writes);
    }
    const increment = detailed.transactions.find((tx) => tx.hash === s.increments[0]);
    expect(increment?.readLocations).toContainEqual({
      address: s.counter,
      kind: "storage",
      slot: COUNT_SLOT,
    });
    expect(increment?.writeLocations).toContainEqual({
      address: s.counter,
      kind: "storage",
      slot: COUNT_SLOT,
    });
    expect(JSON.parse(JSON.stringify(detailed))).toEqual(detailed);
  });

  it("reports the deployment block and genesis", async () => {
    const deployment = await report(s, "0x1");
    expect(deployment.transactions).toHaveLength(1);
    expect(deployment.transactions[0]?.conflicts).toEqual([]);
    expect(deployment.estimatedSpeedup).toEqual({ 2: 1, 4: 1, 8: 1, 16: 1, unbounded: 1 });

    const genesis = await report(s, "earliest");
    expect(genesis).toMatchObject({
      number: 0,
      hash: s.devnet.chain.byNumber(0n)?.hash,
      transactions: [],
      totalGas: 0,
      criticalPath: { gas: 0, transactions: [] },
      estimatedSpeedup: { 2: 1, 4: 1, 8: 1, 16: 1, unbounded: 1 },
    });
    const byHash = await report(s, s.devnet.chain.byNumber(1n)?.hash);
    expect(byHash.number).toBe(1);
  });

  it("rejects a block past the head and malformed options with -32602", async () => {
    expect((await s.call("pevm_getBlockReport", "0x63")).error?.code).toBe(-32602);
    expect((await s.call("pevm_getBlockReport", "latest", { locations: "yes" })).error?.code).toBe(-32602);
    expect((await s.call("pevm_getBlockReport", "nonsense")).error?.code).toBe(-32602);
  });

  it("tells one sender's order apart: about 1x as sent, parallel by the contracts", async () => {
    // Eight payments from one account to eight fresh accounts: nothing shared but the sender.
    const nonce = 2n; // After the deployment and an increment.
    for (let k = 0n; k < 8n; k++)
      await s.send(0, nonce + k, `0x${(0xbeef00n + k).toString(16).padStart(40, "0")}`, "0x", 1n);
    const mined = await s.devnet.mine({ timestamp: 1_700_000_036n });
    const r = await report(s, `0x${mined.number.toString(16)}`);
    expect(r.transactions).toHaveLength(8);
    for (const tx of r.transactions.slice(1)) {
      expect(tx.conflicts.length).toBeGreaterThan(0);
      expect(tx.conflicts.every((c) => c.kind === "sender" && c.tx === tx.index - 1)).toBe(true);
    }
    expect(r.estimatedSpeedup[2]).toBe(1);
    expect(r.estimatedSpeedupByContracts[2]).toBe(2);
    expect(r.estimatedSpeedupByContracts.unbounded).toBe(8);
  });
});

describe("pevm_getBlockReport of a block mined in parallel", () => {
  let sequential: Scenario;
  let parallel: Scenario;

  beforeAll(async () => {
    sequential = await scenario({ sequential: true });
    parallel = await scenario({
      sequential: false,
      threads: 2,
      minParallelTransactions: 1,
      minParallelCodeShare: 0,
      learnExecutor: false,
    });
  });

  afterAll(async () => {
    await Promise.all([sequential.devnet.close(), parallel.devnet.close()]);
  });

  it("has the same conflicts as the sequential one", async () => {
    expect(parallel.parallel).toBeDefined();
    expect(parallel.parallel?.fellBack).toBeUndefined();
    const fromParallel = await report(parallel, "latest");
    const fromSequential = await report(sequential, "latest");
    expect(fromParallel.transactions.map((tx) => tx.hash)).toEqual(
      fromSequential.transactions.map((tx) => tx.hash),
    );
    expect(conflictsByHash(fromParallel)).toEqual(conflictsByHash(fromSequential));
    expect(fromParallel.criticalPath).toEqual(fromSequential.criticalPath);
    expect(fromParallel.estimatedSpeedup).toEqual(fromSequential.estimatedSpeedup);
    expectConsistentEstimates(fromParallel);
  });

  it("finds in the engine's own read and write sets the conflicts a recording finds", async () => {
    const details = parallel.parallel as ParallelDetails;
    const mined = parallel.devnet.head;
    const fromEngine = buildBlockReport({
      number: mined.number,
      transactions: mined.receipts.map((receipt, index) => ({
        hash: receipt.transactionHash,
        sender: (mined.block.transactions[index] as TypedTransaction).getSenderAddress().toString(),
        gas: receipt.gasUsed,
        reads: details.reads[index] ?? [],
        writes: details.writes[index] ?? [],
      })),
    });
    const recorded = await reportMinedBlock(parallel.devnet, mined, { parallel: details });
    expect(conflictsByHash(recorded)).toEqual(conflictsByHash(fromEngine));
    expect(recorded.transactions.map((tx) => tx.incarnations)).toEqual(details.incarnations);
    expect(recorded.reExecutions).toBe(details.reExecutions);
    expect(recorded.threads).toBe(2);
    expect(bytesToHex(mined.block.hash())).toBe(recorded.hash);
  });
});

describe("pevm_getBlockReport after state edits", () => {
  it("re-executes a block over the edits made before it, not just its parent's state", async () => {
    const devnet = await Devnet.create({ mining: { mode: "manual" }, sequential: true });
    try {
      // A fresh account gets its ETH by an edit, then pays from it in the next block.
      const key = hexToBytes(`0x${"42".repeat(32)}`);
      const tx = createTx(
        {
          type: 2,
          nonce: 0n,
          to: devnet.accounts[1]?.address as `0x${string}`,
          value: 1n,
          gasLimit: 21_000n,
          maxFeePerGas: 10n ** 10n,
          maxPriorityFeePerGas: 1n,
          chainId: devnet.options.chainId,
        },
        { common: devnet.common },
      ).sign(key);
      const sender = tx.getSenderAddress().toString();
      await devnet.editState([devnet.accountEdit(sender, { balance: 10n ** 18n })]);
      await devnet.sendTransaction(tx, sender);
      const mined = await devnet.mine();
      expect(mined.block.transactions.length).toBe(1);
      const report = await reportMinedBlock(devnet, mined);
      expect(report.warnings ?? []).toEqual([]);
      expect(report.transactions[0]?.gas).toBe(21_000);
    } finally {
      await devnet.close();
    }
  });
});
