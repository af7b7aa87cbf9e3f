/**
 * Traces and reports of a forked chain's remote blocks: transactions a real anvil mined before
 * the fork block, run again over the remote's state after their parent, against anvil's own
 * traces of them (anvil with --steps-tracing). Where anvil differs from geth (the top call
 * frame's `gas`: see test/rpc/methods/debug/anvilTraceDifferential.test.ts), the devnet follows
 * geth and the comparison leaves the field out.
 */
import { Interface } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_ADDRESSES, type AnvilInstance, startAnvil } from "../../support/anvil.js";
import { loadArtifact } from "../../support/artifacts.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../support/devnetServer.js";

const token = loadArtifact("Token");
const abi = new Interface(token.abi as never);
const [deployer, alice, bob] = ANVIL_DEV_ADDRESSES.map((address) => address.toLowerCase()) as [
  string,
  string,
  string,
];

let anvil: AnvilInstance;
let remote: Rpc;
let server: DevnetServer;
let rpc: Rpc;
let tokenAddress: string;
/** A block of three transactions, and a transfer mined alone after it. */
let batchBlock: string;
let transferHash: string;

interface StructLog {
  pc: number;
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  stack?: string[];
}

async function receipt(
  hash: string,
): Promise<{ status: string; blockNumber: string; contractAddress: string }> {
  for (let tries = 0; ; tries++) {
    const found = await remote.call<{ status: string; blockNumber: string; contractAddress: string } | null>(
      "eth_getTransactionReceipt",
      hash,
    );
    if (found !== null) return found;
    if (tries > 100) throw new Error(`${hash} not mined`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A callTracer frame without the top `gas` (anvil: limit − intrinsic; geth: the limit). */
function withoutTopGas(frame: unknown): unknown {
  const { gas: _gas, ...rest } = frame as Record<string, unknown>;
  return rest;
}

async function send(from: string, data: string, to?: string): Promise<string> {
  return remote.call<string>("eth_sendTransaction", { from, data, gas: "0x200000", ...(to ? { to } : {}) });
}

beforeAll(async () => {
  anvil = await startAnvil(["--steps-tracing"]);
  remote = new Rpc(anvil.url);
  const deploy = await send(
    deployer,
    token.bytecode + abi.encodeDeploy(["Token", "TKN", 1_000_000n]).slice(2),
  );
  tokenAddress = (await receipt(deploy)).contractAddress.toLowerCase();
  await receipt(await send(deployer, abi.encodeFunctionData("mint", [alice, 500n]), tokenAddress));
  await remote.call("evm_setAutomine", false);
  const batch = [
    await send(alice, abi.encodeFunctionData("transfer", [bob, 100n]), tokenAddress),
    await send(deployer, abi.encodeFunctionData("transfer", [alice, 7n]), tokenAddress),
    // Reverts: bob holds 100 when it runs.
    await send(bob, abi.encodeFunctionData("transfer", [alice, 1000n]), tokenAddress),
  ];
  await remote.call("evm_mine");
  await remote.call("evm_setAutomine", true);
  batchBlock = (await receipt(batch[0] as string)).blockNumber;
  transferHash = await send(alice, abi.encodeFunctionData("transfer", [bob, 3n]), tokenAddress);
  const forkBlock = BigInt((await receipt(transferHash)).blockNumber);
  // After the fork block: the traces must not see it.
  await receipt(await send(alice, abi.encodeFunctionData("transfer", [bob, 400n]), tokenAddress));

  server = await startDevnetServer({
    fork: { url: anvil.url, blockNumber: forkBlock, noStorageCaching: true, retries: 0 },
  });
  rpc = new Rpc(server.url);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await anvil?.stop();
});

describe("tracing a fork's remote blocks", () => {
  it("debug_traceTransaction with callTracer answers as the remote", async () => {
    const config = { tracer: "callTracer", tracerConfig: { withLog: true } };
    const ours = await rpc.call("debug_traceTransaction", transferHash, config);
    const theirs = await remote.call("debug_traceTransaction", transferHash, config);
    expect(withoutTopGas(ours)).toEqual(withoutTopGas(theirs));
    expect(ours).toMatchObject({ to: tokenAddress, type: "CALL", gas: "0x200000" });
  });

  it("the struct logger's steps have the remote's ops, gas and stacks", async () => {
    const ours = await rpc.call<{ gas: number; failed: boolean; structLogs: StructLog[] }>(
      "debug_traceTransaction",
      transferHash,
    );
    const theirs = await remote.call<{ gas: number; failed: boolean; structLogs: StructLog[] }>(
      "debug_traceTransaction",
      transferHash,
    );
    expect(ours.structLogs.length).toBeGreaterThan(50);
    const steps = (trace: typeof ours) =>
      trace.structLogs.map(({ pc, op, gas, gasCost, depth, stack }) => ({
        pc,
        op,
        gas,
        gasCost,
        depth,
        stack,
      }));
    expect(steps(ours)).toEqual(steps(theirs));
    expect({ gas: ours.gas, failed: ours.failed }).toEqual({ gas: theirs.gas, failed: theirs.failed });
  });

  it("debug_traceBlockByNumber and ByHash run a remote block's transactions in order, the revert included", async () => {
    const config = { tracer: "callTracer" };
    const ours = await rpc.call<{ txHash: string; result: { error?: string } }[]>(
      "debug_traceBlockByNumber",
      batchBlock,
      config,
    );
    expect(ours).toHaveLength(3);
    expect(ours[2]?.result.error).toBe("execution reverted");
    // anvil's top frame counts gasUsed from the block's start (the receipt's cumulative gas):
    // each frame against anvil's without it, and gasUsed against the receipt.
    for (const { txHash, result } of ours) {
      const { gasUsed, ...rest } = withoutTopGas(result) as Record<string, unknown>;
      const { gasUsed: _, ...theirs } = withoutTopGas(
        await remote.call("debug_traceTransaction", txHash, config),
      ) as Record<string, unknown>;
      expect(rest).toEqual(theirs);
      expect(gasUsed).toBe(
        (await remote.call<{ gasUsed: string }>("eth_getTransactionReceipt", txHash)).gasUsed,
      );
    }
    const { hash } = await remote.call<{ hash: string }>("eth_getBlockByNumber", batchBlock, false);
    expect(await rpc.call("debug_traceBlockByHash", hash, config)).toEqual(ours);
  });

  it("prestateTracer shows the remote's state before the transaction", async () => {
    const ours = await rpc.call<Record<string, { storage?: Record<string, string> }>>(
      "debug_traceTransaction",
      transferHash,
      { tracer: "prestateTracer" },
    );
    const theirs = await remote.call<Record<string, { storage?: Record<string, string> }>>(
      "debug_traceTransaction",
      transferHash,
      { tracer: "prestateTracer" },
    );
    expect(ours[tokenAddress]?.storage).toEqual(theirs[tokenAddress]?.storage);
    expect(Object.keys(ours[tokenAddress]?.storage ?? {})).toHaveLength(2);
  });

  it("pevm_getBlockReport reports a remote block from its re-execution", async () => {
    const report = await rpc.call<{
      transactions: { gas: string }[];
      warnings?: string[];
    }>("pevm_getBlockReport", batchBlock);
    expect(report.transactions).toHaveLength(3);
    expect(report.warnings ?? []).toEqual([]);
  });
});
