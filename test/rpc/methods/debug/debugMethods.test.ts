/**
 * The debug_ methods on the devnet alone: parameter errors, the raw (RLP) getters checked against
 * the block's own hashes and roots, block overrides, geth's names for odd opcodes and errors,
 * DELEGATECALL frames, and log positions and indices in a block of several transactions.
 */
import { createBlockFromRLP } from "@ethereumjs/block";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { Interface, keccak256, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderedTrieRoot } from "../../../../src/execution/orderedTrieRoot.js";
import { ANVIL_DEV_KEYS } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { type DebugTestServer, Rpc, startDebugServer } from "./debugServer.js";

const reverter = loadArtifact("Reverter");
const abi = new Interface(reverter.abi);
const wallet = new Wallet(ANVIL_DEV_KEYS[0]);
const other = new Wallet(ANVIL_DEV_KEYS[1]);

let server: DebugTestServer;
let rpc: Rpc;
let first = "";
let second = "";
const raws = new Map<string, string>();
const nonces = new Map<Wallet, number>();

async function sign(from: Wallet, fields: { to?: string; data?: string; value?: bigint; gasLimit?: bigint }) {
  const nonce = nonces.get(from) ?? 0;
  nonces.set(from, nonce + 1);
  return from.signTransaction({
    type: 2,
    chainId: 31337n,
    nonce,
    maxFeePerGas: 10_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
    gasLimit: 2_000_000n,
    value: 0n,
    ...fields,
  });
}

async function send(from: Wallet, fields: { to?: string; data?: string; value?: bigint }): Promise<string> {
  const raw = await sign(from, fields);
  const hash = await rpc.call<string>("eth_sendRawTransaction", raw);
  raws.set(hash, raw);
  return hash;
}

interface Frame {
  from: string;
  to?: string;
  type: string;
  value?: string;
  error?: string;
  output?: string;
  calls?: Frame[];
  logs?: { address: string; position: string; index: string }[];
}

beforeAll(async () => {
  server = await startDebugServer();
  rpc = new Rpc(server.url);
  const a = await send(wallet, { data: reverter.bytecode });
  const b = await send(wallet, { data: reverter.bytecode });
  first = (await rpc.call<{ contractAddress: string }>("eth_getTransactionReceipt", a)).contractAddress;
  second = (await rpc.call<{ contractAddress: string }>("eth_getTransactionReceipt", b)).contractAddress;
  // One block of three transactions, each with logs.
  await rpc.call("evm_setAutomine", false);
  await send(wallet, { to: first, data: abi.encodeFunctionData("emitLogs", [2]) });
  await send(other, { to: first, data: abi.encodeFunctionData("nestedCatch", [second]) });
  await send(other, { to: first, data: abi.encodeFunctionData("emitLogs", [1]) });
  await rpc.call("evm_mine");
  await rpc.call("evm_setAutomine", true);
});

afterAll(async () => {
  await server?.close();
});

describe("parameter errors", () => {
  it("an unknown tracer, a JavaScript tracer, a bad tracer config: -32602", async () => {
    const [hash] = raws.keys();
    for (const config of [
      { tracer: "flatCallTracer" },
      { tracer: "{ step: function() {}, result: function() { return 1 } }" },
      { tracer: "callTracer", tracerConfig: { onlyTopCall: "yes" } },
      { tracer: "callTracer", tracerConfig: 5 },
      { limit: -1 },
      { enableMemory: "true" },
    ]) {
      expect((await rpc.error("debug_traceTransaction", hash, config)).code, JSON.stringify(config)).toBe(
        -32602,
      );
    }
    expect((await rpc.error("debug_traceCall", { to: first }, "latest", { tracer: "bogus" })).code).toBe(
      -32602,
    );
  });

  it("a transaction or block that does not exist", async () => {
    const unknown = `0x${"ab".repeat(32)}`;
    expect((await rpc.error("debug_traceTransaction", unknown)).code).toBe(-32001);
    expect((await rpc.error("debug_traceBlockByHash", unknown)).code).toBe(-32001);
    expect((await rpc.error("debug_traceBlockByNumber", "0x99")).code).toBe(-32602);
    expect((await rpc.error("debug_getRawHeader", "0x99")).code).toBe(-32602);
    expect((await rpc.error("debug_getRawBlock", unknown)).code).toBe(-32001);
  });

  it("a message that cannot run answers what eth_call answers", async () => {
    const message = { from: `0x${"77".repeat(20)}`, to: first, value: "0x1000", gasPrice: "0x1" };
    const traced = await rpc.error("debug_traceCall", message, "latest", { tracer: "callTracer" });
    const called = await rpc.error("eth_call", message, "latest");
    expect(traced.code).toBe(called.code);
  });
});

describe("raw getters", () => {
  it("header and block RLP hash to the block hash; receipts RLP rebuilds the receipts root", async () => {
    const head = Number(await rpc.call<string>("eth_blockNumber"));
    for (let number = 0; number <= head; number++) {
      const tag = `0x${number.toString(16)}`;
      const block = await rpc.call<{ hash: string; receiptsRoot: string; transactions: string[] }>(
        "eth_getBlockByNumber",
        tag,
        false,
      );
      const header = await rpc.call<string>("debug_getRawHeader", tag);
      expect(keccak256(header)).toBe(block.hash);
      expect(await rpc.call("debug_getRawHeader", block.hash)).toBe(header);
      const raw = await rpc.call<string>("debug_getRawBlock", tag);
      const decoded = createBlockFromRLP(hexToBytes(raw as `0x${string}`), {
        common: server.devnet.common,
        skipConsensusFormatValidation: true,
      });
      expect(bytesToHex(decoded.hash())).toBe(block.hash);
      expect(decoded.transactions.map((tx) => bytesToHex(tx.hash()))).toEqual(block.transactions);
      const receipts = await rpc.call<string[]>("debug_getRawReceipts", tag);
      expect(receipts.length).toBe(block.transactions.length);
      const root = await orderedTrieRoot(receipts.map((r) => hexToBytes(r as `0x${string}`)));
      expect(bytesToHex(root)).toBe(block.receiptsRoot);
    }
  });

  it("debug_getRawTransaction answers the signed bytes, also of a transaction in the pool", async () => {
    for (const [hash, raw] of raws) expect(await rpc.call("debug_getRawTransaction", hash)).toBe(raw);
    await rpc.call("evm_setAutomine", false);
    const pending = await send(wallet, { to: second, value: 1n });
    expect(await rpc.call("debug_getRawTransaction", pending)).toBe(raws.get(pending));
    await rpc.call("evm_mine");
    await rpc.call("evm_setAutomine", true);
  });
});

describe("a block of several transactions", () => {
  it("log indices continue across transactions; positions count the sub-calls before each log", async () => {
    const block = await rpc.call<{ transactions: string[] }>("eth_getBlockByNumber", "0x3", false);
    expect(block.transactions.length).toBe(3);
    const traces = await rpc.call<{ txHash: string; result: Frame }[]>("debug_traceBlockByNumber", "0x3", {
      tracer: "callTracer",
      tracerConfig: { withLog: true },
    });
    expect(traces.map((trace) => trace.txHash)).toEqual(block.transactions);
    const indices = traces.flatMap(({ result }) => (result.logs ?? []).map((log) => Number(log.index)));
    expect(indices).toEqual([0, 1, 2, 3, 4]);
    const receipts = await Promise.all(
      block.transactions.map((hash) =>
        rpc.call<{ logs: { logIndex: string }[] }>("eth_getTransactionReceipt", hash),
      ),
    );
    expect(receipts.flatMap((r) => r.logs.map((log) => Number(log.logIndex)))).toEqual(indices);
    // Each transaction traced alone gives the same indices.
    const alone = await rpc.call<Frame>("debug_traceTransaction", block.transactions[2], {
      tracer: "callTracer",
      tracerConfig: { withLog: true },
    });
    expect(alone).toEqual(traces[2]?.result);
  });

  it("onlyTopCall: no sub-calls, and every log at position 0", async () => {
    const hash = await send(wallet, {
      to: first,
      data: abi.encodeFunctionData("deploy", [`0x${"33".repeat(32)}`]),
    });
    const full = await rpc.call<Frame>("debug_traceTransaction", hash, {
      tracer: "callTracer",
      tracerConfig: { withLog: true },
    });
    expect(full.calls?.map((call) => call.type)).toEqual(["CREATE2"]);
    expect(full.logs?.map((log) => log.position)).toEqual(["0x1"]);
    const top = await rpc.call<Frame>("debug_traceTransaction", hash, {
      tracer: "callTracer",
      tracerConfig: { withLog: true, onlyTopCall: true },
    });
    expect(top.calls).toBeUndefined();
    expect(top.logs?.map((log) => [log.position, log.index])).toEqual([["0x0", "0x0"]]);
  });
});

describe("a block after state edits", () => {
  it("is traced over the state it started from, the edits included", async () => {
    const word = `0x${"00".repeat(31)}05`;
    expect(await rpc.call("anvil_setStorageAt", first, "0x0", word)).toBe(true);
    const hash = await send(wallet, { to: first, data: abi.encodeFunctionData("emitLogs", [0]) });
    const receipt = await rpc.call<{ gasUsed: string }>("eth_getTransactionReceipt", hash);
    const logs = await rpc.call<{
      gas: number;
      structLogs: { op: string; storage?: Record<string, string> }[];
    }>("debug_traceTransaction", hash);
    expect(logs.gas).toBe(Number(receipt.gasUsed));
    const sload = logs.structLogs.find((log) => log.op === "SLOAD");
    expect(sload?.storage).toEqual({ ["00".repeat(32)]: word.slice(2) });
    const pre = await rpc.call<Record<string, { storage?: Record<string, string> }>>(
      "debug_traceTransaction",
      hash,
      {
        tracer: "prestateTracer",
      },
    );
    expect(pre[first.toLowerCase()]?.storage).toEqual({ [`0x${"00".repeat(32)}`]: word });
  });
});

describe("debug_traceCall", () => {
  const probe = `0x${"0b".repeat(20)}`;

  it("block overrides reach NUMBER, TIMESTAMP and COINBASE", async () => {
    // NUMBER TIMESTAMP COINBASE, stored at 0, 32, 64 and returned.
    const code = "0x435f52426020524160405260605ff3";
    const overrides = { [probe]: { code } };
    const result = await rpc.call<Frame>("debug_traceCall", { to: probe }, "latest", {
      tracer: "callTracer",
      stateOverrides: overrides,
      blockOverrides: { number: "0x1234", time: "0x5678", feeRecipient: `0x${"cc".repeat(20)}` },
    });
    const word = (digits: string) => digits.padStart(64, "0");
    expect(result.output).toBe(`0x${word("1234")}${word("5678")}${word("cc".repeat(20))}`);
  });

  it("odd opcodes and failures in geth's words", async () => {
    const cases: [string, string, string][] = [
      ["0xfe", "INVALID", "invalid opcode: INVALID"],
      ["0x0c", "opcode 0xc not defined", "invalid opcode: opcode 0xc not defined"],
      ["0x4456", "DIFFICULTY", "invalid jump destination"],
      ["0x600101", "PUSH1", "stack underflow (1 <=> 2)"],
    ];
    for (const [code, op, error] of cases) {
      const stateOverrides = { [probe]: { code } };
      const frame = await rpc.call<Frame>("debug_traceCall", { to: probe, gas: "0x10000" }, "latest", {
        tracer: "callTracer",
        stateOverrides,
      });
      expect(frame.error, code).toBe(error);
      const logs = await rpc.call<{ failed: boolean; structLogs: { op: string; error?: string }[] }>(
        "debug_traceCall",
        { to: probe, gas: "0x10000" },
        "latest",
        { stateOverrides },
      );
      expect(logs.failed).toBe(true);
      expect(logs.structLogs[0]?.op, code).toBe(op);
      // geth records an error on the opcode only when it fails before running (gas, stack).
      const last = logs.structLogs[logs.structLogs.length - 1];
      expect(last?.error, code).toBe(error.startsWith("stack underflow") ? error : undefined);
    }
  });

  it("a DELEGATECALL frame: from the proxy, to the implementation, with the inherited value", async () => {
    // Copies calldata, DELEGATECALLs `first` with it, returns what it returned.
    const proxy = `0x365f5f375f5f365f73${first.slice(2)}5af43d5f5f3e3d5ff3`;
    const stateOverrides = { [probe]: { code: proxy } };
    const message = {
      from: wallet.address,
      to: probe,
      value: "0x3",
      data: abi.encodeFunctionData("emitLogs", [1]),
    };
    const frame = await rpc.call<Frame>("debug_traceCall", message, "latest", {
      tracer: "callTracer",
      tracerConfig: { withLog: true },
      stateOverrides,
    });
    expect(frame.calls?.length).toBe(1);
    const [call] = frame.calls ?? [];
    expect(call).toMatchObject({ type: "DELEGATECALL", from: probe, to: first.toLowerCase(), value: "0x3" });
    // The logs are the proxy's: DELEGATECALL runs the code in the proxy's account.
    expect(call?.logs?.map((log) => log.address)).toEqual([probe, probe]);
  });
});
