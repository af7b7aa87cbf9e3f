/**
 * A 30M-gas loop traced with the struct logger: millions of opcodes, but the answer stays within
 * the struct-log budget (geth's `limit`, 32 MiB by default), the heap does not grow with the
 * transaction, and the devnet keeps answering other requests while the trace runs.
 */
import { Interface, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_STRUCT_LOG_BYTES } from "../../../../src/devnet/trace/TraceBudget.js";
import { ANVIL_DEV_KEYS } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { type DebugTestServer, Rpc, startDebugServer } from "./debugServer.js";

const reverter = loadArtifact("Reverter");
const abi = new Interface(reverter.abi);
const wallet = new Wallet(ANVIL_DEV_KEYS[0]);
const LOOP_GAS = 30_000_000n;

let server: DebugTestServer;
let rpc: Rpc;
let loop = "";

interface StructLogs {
  gas: number;
  failed: boolean;
  returnValue: string;
  structLogs: { pc: number; op: string; gas: number; error?: string }[];
}

beforeAll(async () => {
  server = await startDebugServer({ gasLimit: LOOP_GAS });
  rpc = new Rpc(server.url);
  const sign = (nonce: number, fields: { to?: string; data: string; gasLimit: bigint }) =>
    wallet.signTransaction({
      type: 2,
      chainId: 31337n,
      nonce,
      maxFeePerGas: 10_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      value: 0n,
      ...fields,
    });
  const deployed = await rpc.call<string>(
    "eth_sendRawTransaction",
    await sign(0, { data: reverter.bytecode, gasLimit: 2_000_000n }),
  );
  const { contractAddress } = await rpc.call<{ contractAddress: string }>(
    "eth_getTransactionReceipt",
    deployed,
  );
  const data = abi.encodeFunctionData("outOfGas");
  loop = await rpc.call<string>(
    "eth_sendRawTransaction",
    await sign(1, { to: contractAddress, data, gasLimit: LOOP_GAS }),
  );
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe("a 30M-gas struct-log trace", () => {
  it("is cut at the budget, keeps the heap bounded, and lets eth_blockNumber through", async () => {
    const receipt = await rpc.call<{ gasUsed: string; status: string }>("eth_getTransactionReceipt", loop);
    expect(BigInt(receipt.gasUsed)).toBe(LOOP_GAS);
    const heapBefore = process.memoryUsage().heapUsed;
    let traceDone = false;
    const tracing = rpc
      .call<StructLogs>("debug_traceTransaction", loop, { enableMemory: true })
      .finally(() => {
        traceDone = true;
      });
    // Other requests are answered while the trace runs.
    const answeredDuring: string[] = [];
    while (!traceDone) {
      const number = await rpc.call<string>("eth_blockNumber");
      if (!traceDone) answeredDuring.push(number);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const trace = await tracing;
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    expect(answeredDuring.length).toBeGreaterThan(0);
    expect(answeredDuring.every((number) => number === "0x2")).toBe(true);
    // The outcome is the transaction's, although the log stops early.
    expect(trace.gas).toBe(Number(LOOP_GAS));
    expect(trace.failed).toBe(true);
    expect(trace.returnValue).toBe("0x");
    expect(JSON.stringify(trace.structLogs).length).toBeLessThanOrEqual(DEFAULT_STRUCT_LOG_BYTES);
    // ~100k gas per 330 opcodes: the whole loop would be ~3M entries; the budget holds far fewer.
    expect(trace.structLogs.length).toBeGreaterThan(10_000);
    expect(trace.structLogs.length).toBeLessThan(1_000_000);
    expect(heapGrowth).toBeLessThan(256 * 1024 * 1024);
  });

  it("geth's `limit` cuts the log sooner", async () => {
    const trace = await rpc.call<StructLogs>("debug_traceTransaction", loop, { limit: 10_000 });
    expect(JSON.stringify(trace.structLogs).length).toBeLessThanOrEqual(10_000);
    expect(trace.structLogs.length).toBeGreaterThan(20);
    expect(trace.gas).toBe(Number(LOOP_GAS));
  });
});
