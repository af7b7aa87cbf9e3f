/**
 * trace_* next to the real anvil (`--hardfork prague`): the same signed transactions (contract
 * creations, a plain transfer, calls, nested calls and reverts, CREATE2, precompiles, a
 * self-destruct that moves a balance, out of gas, code that fails each way the EVM can fail, and
 * a block of several transactions) sent to
 * both, then trace_transaction, trace_block, trace_filter and trace_replayBlockTransactions
 * (`trace`, `stateDiff`, `vmTrace`) asked of both and compared field by field. anvil 1.7.1 has no
 * trace_get, trace_call or trace_replayTransaction: those are checked against the devnet's own
 * trace_transaction and trace_replayBlockTransactions.
 */
import { Interface, Signature, sha256, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_KEYS, type AnvilInstance, startAnvil } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../../support/devnetServer.js";
import { waitForReceipt } from "../../../support/jsonRpc.js";

const GWEI = 1_000_000_000n;
const reverter = loadArtifact("Reverter");
const abi = new Interface(reverter.abi);
const wallet = new Wallet(ANVIL_DEV_KEYS[0]);
const signer = new Wallet(ANVIL_DEV_KEYS[3]);

let anvil: AnvilInstance;
let server: DevnetServer;
let onAnvil: Rpc;
let onDevnet: Rpc;
let nonce = 0;
/** Name → transaction hash (the same on both chains). */
const txs = new Map<string, string>();
let first = "";
let second = "";
let batchBlock = "";

type Fields = { to?: string; data?: string; value?: bigint; gasLimit?: bigint };

function sign(fields: Fields): Promise<string> {
  return wallet.signTransaction({
    type: 2,
    chainId: 31337n,
    nonce: nonce++,
    maxFeePerGas: 10n * GWEI,
    maxPriorityFeePerGas: GWEI,
    gasLimit: 3_000_000n,
    value: 0n,
    ...fields,
  });
}

async function sendBoth(raw: string): Promise<string> {
  const [a, d] = await Promise.all([
    onAnvil.call<string>("eth_sendRawTransaction", raw),
    onDevnet.call<string>("eth_sendRawTransaction", raw),
  ]);
  expect(d).toBe(a);
  return d;
}

async function send(name: string, fields: Fields): Promise<string> {
  const hash = await sendBoth(await sign(fields));
  await Promise.all([waitForReceipt(anvil.url, hash), waitForReceipt(server.url, hash)]);
  txs.set(name, hash);
  return hash;
}

/** Creation code that deploys `runtime` (hex, under 256 bytes). */
function deploying(runtime: string): string {
  const size = (runtime.length / 2).toString(16).padStart(2, "0");
  // PUSH1 size, PUSH1 10, PUSH0, CODECOPY, PUSH1 size, PUSH0, RETURN; then the runtime code.
  return `0x60${size}600a5f3960${size}5ff3${runtime}`;
}

/** Code that forwards its calldata to `target` with DELEGATECALL (f4) or STATICCALL (fa), returning what it returns. */
function forwarding(opcode: "f4" | "fa", target: string): string {
  return `365f5f37${"5f5f365f73"}${target.slice(2).toLowerCase()}5a${opcode}3d5f5f3e3d5ff3`;
}

async function createdBy(hash: string): Promise<string> {
  return (await onDevnet.call<{ contractAddress: string }>("eth_getTransactionReceipt", hash))
    .contractAddress;
}

beforeAll(async () => {
  [anvil, server] = await Promise.all([startAnvil(["--hardfork", "prague"]), startDevnetServer()]);
  onAnvil = new Rpc(anvil.url);
  onDevnet = new Rpc(server.url);
  first = await createdBy(await send("create", { data: reverter.bytecode }));
  second = await createdBy(await send("create again", { data: reverter.bytecode }));
  const call = (fn: string, args: unknown[] = []) => abi.encodeFunctionData(fn, args);
  await send("transfer", { to: "0x000000000000000000000000000000000000dEaD", value: 1000n });
  await send("fund", { to: second, value: 7777n });
  await send("reason", { to: first, data: call("revertWithReason") });
  await send("nested revert", { to: first, data: call("nestedRevert", [second]) });
  await send("nested catch", { to: first, data: call("nestedCatch", [second]) });
  await send("create2", { to: first, data: call("deploy", [`0x${"11".repeat(32)}`]) });
  await send("logs", { to: first, data: call("emitLogs", [2]), value: 5n });
  const digest = `0x${"ab".repeat(32)}`;
  const signature = Signature.from(signer.signingKey.sign(digest));
  await send("precompiles", {
    to: first,
    data: call("precompiles", [sha256("0x1234"), digest, signature.v, signature.r, signature.s]),
  });
  await send("self-destruct", { to: second, data: call("destroy") });
  await send("out of gas", { to: first, data: call("outOfGas"), gasLimit: 100_000n });
  // Contracts whose code fails as the EVM can: INVALID, an undefined opcode, a bad JUMP, a stack
  // underflow, a loop out of gas.
  for (const [name, code] of [
    ["INVALID", "fe"],
    ["undefined opcode", "0c"],
    ["bad jump", "4356"],
    ["stack underflow", "01"],
    ["loop", "5b5f56"],
  ]) {
    const contract = await createdBy(await send(`deploy ${name}`, { data: deploying(code as string) }));
    await send(name as string, { to: contract, gasLimit: 30_000n });
  }
  // A proxy that delegates to the Reverter (its storage, its logs), and one that calls it
  // statically (a write there fails).
  const delegating = await createdBy(
    await send("deploy delegating", { data: deploying(forwarding("f4", first)) }),
  );
  await send("delegatecall", { to: delegating, data: call("emitLogs", [1]) });
  const calling = await createdBy(await send("deploy static", { data: deploying(forwarding("fa", first)) }));
  await send("static write", { to: calling, data: call("emitLogs", [1]) });
  // Creations that fail: a constructor that reverts with data, one that runs out of gas.
  await send("create reverts", { data: "0x60205f5260205ffd" });
  await send("create out of gas", { data: "0x5b5f56", gasLimit: 60_000n });
  // Three transactions in one block.
  await Promise.all([onAnvil.call("evm_setAutomine", false), onDevnet.call("evm_setAutomine", false)]);
  const batch = [
    await sign({ to: first, data: call("emitLogs", [1]) }),
    await sign({ to: first, data: call("nestedCatch", [second]) }),
    await sign({ to: "0x000000000000000000000000000000000000bEEF", value: 3n }),
  ];
  for (const [i, raw] of batch.entries()) txs.set(`batch ${i}`, await sendBoth(raw));
  await Promise.all([onAnvil.call("evm_mine"), onDevnet.call("evm_mine")]);
  await Promise.all([onAnvil.call("evm_setAutomine", true), onDevnet.call("evm_setAutomine", true)]);
  batchBlock = await onDevnet.call<string>("eth_blockNumber");
}, 60_000);

afterAll(async () => {
  await Promise.all([anvil?.stop(), server?.close()]);
});

type Json = Record<string, unknown>;

/** Both answers for the same request; neither may be an error. */
async function both(method: string, ...params: unknown[]): Promise<{ anvil: unknown; devnet: unknown }> {
  const [a, d] = await Promise.all([onAnvil.envelope(method, params), onDevnet.envelope(method, params)]);
  expect(a.error, `anvil ${method}`).toBeUndefined();
  expect(d.error, `devnet ${method}`).toBeUndefined();
  return { anvil: a.result, devnet: d.result };
}

/**
 * Where two JSON values first differ, keys in any order, as the path and both values; for answers
 * too big for the matcher's diff (a long vmTrace).
 */
function firstDifference(actual: unknown, expected: unknown, path = ""): string | undefined {
  if (typeof actual !== "object" || actual === null || typeof expected !== "object" || expected === null) {
    return actual === expected
      ? undefined
      : `${path}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`;
  }
  const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
  for (const key of keys) {
    const found = firstDifference((actual as Json)[key], (expected as Json)[key], `${path}.${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The traces without block hashes (the chains' blocks differ in their timestamps). */
function withoutBlockHash(traces: unknown): Json[] {
  return (traces as Json[]).map(({ blockHash: _blockHash, ...rest }) => rest);
}

describe("trace_transaction and trace_block against anvil", () => {
  it("trace_transaction", async () => {
    for (const [name, hash] of txs) {
      const { anvil: a, devnet: d } = await both("trace_transaction", hash);
      expect(withoutBlockHash(d), name).toEqual(withoutBlockHash(a));
    }
  });

  it("covers a DELEGATECALL and a write under STATICCALL", async () => {
    const delegated = await onDevnet.call<Json[]>("trace_transaction", txs.get("delegatecall"));
    expect(delegated[1]?.action).toMatchObject({ callType: "delegatecall" });
    const refused = await onDevnet.call<Json[]>("trace_transaction", txs.get("static write"));
    expect(refused[1]?.action).toMatchObject({ callType: "staticcall" });
    expect(refused[1]?.error).toBe("StateChangeDuringStaticCall");
  });

  it("trace_block, every block", async () => {
    const head = Number(batchBlock);
    for (let number = 0; number <= head; number++) {
      const tag = `0x${number.toString(16)}`;
      const { anvil: a, devnet: d } = await both("trace_block", tag);
      expect(withoutBlockHash(d), `block ${number}`).toEqual(withoutBlockHash(a));
      const block = await onDevnet.call<{ hash: string }>("eth_getBlockByNumber", tag, false);
      for (const trace of d as Json[]) expect(trace.blockHash).toBe(block.hash);
    }
  });
});

describe("trace_filter against anvil", () => {
  it("by block range, sender, recipient, after and count", async () => {
    const filters: Json[] = [
      {},
      { fromBlock: "0x3", toBlock: "0x6" },
      { fromAddress: [wallet.address] },
      { toAddress: [second] },
      { fromAddress: [first] },
      { fromAddress: [first], toAddress: [second] },
      { toAddress: [first], after: 2, count: 3 },
      { fromBlock: batchBlock, toBlock: batchBlock },
    ];
    for (const filter of filters) {
      const { anvil: a, devnet: d } = await both("trace_filter", filter);
      expect(withoutBlockHash(d), JSON.stringify(filter)).toEqual(withoutBlockHash(a));
    }
  });
});

describe("trace_replayBlockTransactions against anvil", () => {
  it("trace, stateDiff and vmTrace, every block", async () => {
    const head = Number(batchBlock);
    for (let number = 1; number <= head; number++) {
      const tag = `0x${number.toString(16)}`;
      for (const types of [["trace", "stateDiff", "vmTrace"], ["trace"], ["stateDiff"], []]) {
        const { anvil: a, devnet: d } = await both("trace_replayBlockTransactions", tag, types);
        expect(firstDifference(d, a), `block ${number} ${types.join(",")}`).toBeUndefined();
      }
    }
  });
});

describe("trace_get, trace_replayTransaction, trace_call", () => {
  it("trace_get is trace_transaction's list by position", async () => {
    const hash = txs.get("nested catch") as string;
    const traces = await onDevnet.call<Json[]>("trace_transaction", hash);
    expect(traces.length).toBe(2);
    expect(await onDevnet.call("trace_get", hash, ["0x1"])).toEqual(traces[1]);
    expect(await onDevnet.call("trace_get", hash, [0])).toEqual(traces[0]);
    expect(await onDevnet.call("trace_get", hash, ["0x2"])).toBeNull();
    expect(await onDevnet.call("trace_get", hash, [0, 1])).toBeNull();
  });

  it("trace_replayTransaction is the transaction's entry of trace_replayBlockTransactions", async () => {
    const hash = txs.get("batch 1") as string;
    const block = await onDevnet.call<Json[]>("trace_replayBlockTransactions", batchBlock, [
      "trace",
      "stateDiff",
    ]);
    const { transactionHash: _hash, ...expected } = block[1] as Json;
    expect(await onDevnet.call("trace_replayTransaction", hash, ["trace", "stateDiff"])).toEqual(expected);
  });

  it("trace_call runs a message as the mined transaction ran", async () => {
    const hash = txs.get("nested catch") as string;
    const { blockNumber } = await onDevnet.call<{ blockNumber: string }>("eth_getTransactionByHash", hash);
    const parent = `0x${(Number(blockNumber) - 1).toString(16)}`;
    const message = {
      from: wallet.address,
      to: first,
      gas: "0x2dc6c0",
      data: abi.encodeFunctionData("nestedCatch", [second]),
    };
    const called = await onDevnet.call<{ output: string; trace: Json[]; stateDiff: Json }>(
      "trace_call",
      message,
      ["trace", "stateDiff"],
      parent,
    );
    const mined = await onDevnet.call<{ output: string; trace: Json[] }>("trace_replayTransaction", hash, [
      "trace",
    ]);
    expect(called.output).toBe(mined.output);
    expect(called.trace).toEqual(mined.trace);
    const counter = (called.stateDiff[first.toLowerCase()] as { storage: Json }).storage;
    expect(Object.keys(counter)).toEqual([`0x${"00".repeat(32)}`]);
  });

  it("trace_call takes state overrides", async () => {
    const probe = "0x00000000000000000000000000000000000c0de5";
    const overrides = {
      [probe]: {
        code: reverter.deployedBytecode,
        stateDiff: { [`0x${"00".repeat(32)}`]: `0x${"00".repeat(31)}07` },
      },
    };
    const message = { from: wallet.address, to: probe, data: abi.encodeFunctionData("emitLogs", [1]) };
    const traced = await onDevnet.call<{ stateDiff: Record<string, { storage: Json }> }>(
      "trace_call",
      message,
      ["stateDiff"],
      "latest",
      overrides,
    );
    const slot = traced.stateDiff[probe]?.storage[`0x${"00".repeat(32)}`];
    expect(slot).toEqual({ "*": { from: `0x${"00".repeat(31)}07`, to: `0x${"00".repeat(31)}08` } });
  });
});

describe("what the chain does not hold, against anvil", () => {
  it("is an empty list", async () => {
    const past = `0x${(Number(batchBlock) + 5).toString(16)}`;
    const requests: [string, unknown[]][] = [
      ["trace_transaction", [`0x${"12".repeat(32)}`]],
      ["trace_block", [past]],
      ["trace_replayBlockTransactions", [past, ["trace"]]],
      ["trace_filter", [{ fromBlock: past, toBlock: `0x${(Number(batchBlock) + 9).toString(16)}` }]],
    ];
    for (const [method, params] of requests) {
      const { anvil: a, devnet: d } = await both(method, ...params);
      expect(d, method).toEqual(a);
      expect(d).toEqual([]);
    }
    const { anvil: a, devnet: d } = await both("trace_filter", { fromBlock: batchBlock, toBlock: past });
    expect(withoutBlockHash(d)).toEqual(withoutBlockHash(a));
  });
});

describe("trace_* parameters", () => {
  it("are checked, the argument named", async () => {
    const bad: [string, unknown[]][] = [
      ["trace_transaction", ["0x12"]],
      ["trace_block", ["pending-ish"]],
      ["trace_filter", [{ fromAddress: "0x12" }]],
      ["trace_filter", [{ fromBlock: "0x5", toBlock: "0x2" }]],
      ["trace_filter", [{ mode: "both" }]],
      ["trace_get", [txs.get("transfer"), "0x0"]],
      ["trace_replayBlockTransactions", ["0x1", ["trace", "bogus"]]],
      ["trace_replayTransaction", [txs.get("transfer")]],
      ["trace_call", [{ to: first }, "trace"]],
    ];
    for (const [method, params] of bad) {
      const error = await onDevnet.error(method, ...params);
      expect(error.code, `${method} ${JSON.stringify(params)}`).toBe(-32602);
      expect(error.message).toMatch(/argument \d/);
    }
  });
});
