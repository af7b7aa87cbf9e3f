/**
 * debug_trace* next to the real anvil (`--hardfork prague --steps-tracing`): the same signed
 * transactions (calls, nested calls, reverts with reasons, custom errors and panics, CREATE2, logs,
 * precompiles, self-destruct, out-of-gas, a refund, a plain transfer, contract creations) sent to
 * both, then traced on both with every tracer, and the answers compared field by field.
 *
 * Where anvil 1.7.1 differs from geth, the devnet follows geth, and the comparison first brings
 * anvil's answer to geth's form. What anvil does differently:
 * - struct logs
 *   - memory words and storage keys/values carry "0x" (geth: none);
 *   - `refund` (0), `returnData` ("0x") and `memory` ([]) are always there (geth: left out when empty);
 *   - errors are Rust debug strings ("Some(ReentrancySentryOOG)"; geth: "out of gas: not enough gas
 *     for reentrancy sentry"), and on every failing opcode (geth: only when the opcode failed before
 *     running, for its gas or its stack; not on INVALID or a bad JUMP);
 *   - a failing SSTORE shows the slot's old value (geth: the value being written);
 *   - an opcode that runs out of gas costs the gas that was left (geth: the opcode's cost);
 *   - CREATE and CREATE2 cost the gas they hand over too (geth: only for the CALL family);
 *   - on an SSTORE that earns a refund, `refund` counts it only from the next opcode (geth: at
 *     once, since the gas, refund included, is charged before the opcode is logged);
 *   - a byte that is no opcode is "Unknown" (geth: "opcode 0xc not defined").
 * - callTracer
 *   - the top frame's `gas` is the gas limit minus the intrinsic gas (geth: the gas limit);
 *   - under `onlyTopCall` logs count the hidden sub-calls in `position` (geth and the execution-apis
 *     spec: 0), and a SELFDESTRUCT frame is still listed (geth: no sub-call at all);
 *   - "invalid opcode" for a byte that is no opcode (geth: "invalid opcode: opcode 0xc not
 *     defined"), "StackUnderflow" (geth: "stack underflow (1 <=> 2)").
 * - prestateTracer
 *   - no `codeHash` (geth since 1.16.3: on accounts with code);
 *   - the account the transaction creates is in the pre-state as `{ balance: "0x0" }`, with the
 *     zero slots its constructor touched (geth: left out, it was empty).
 * - 4byteTracer: calls into precompiles are counted (geth: skipped, "just fancy opcodes"); anvil's
 *   debug_traceCall refuses the 4byteTracer ("unsupported tracer type").
 */
import { Interface, Signature, sha256, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_KEYS, type AnvilInstance, startAnvil } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { waitForReceipt } from "../../../support/jsonRpc.js";
import { type DebugTestServer, Rpc, startDebugServer } from "./debugServer.js";

const GWEI = 1_000_000_000n;
const GAS_LIMIT = 3_000_000n;
const reverter = loadArtifact("Reverter");
const token = loadArtifact("Token");
const abi = new Interface(reverter.abi);
const tokenAbi = new Interface(token.abi);
const wallet = new Wallet(ANVIL_DEV_KEYS[0]);
const signer = new Wallet(ANVIL_DEV_KEYS[3]);

let anvil: AnvilInstance;
let server: DebugTestServer;
let onAnvil: Rpc;
let onDevnet: Rpc;
let nonce = 0;
/** Name → transaction hash (the same on both chains). */
const txs = new Map<string, string>();
let first = "";
let second = "";

async function send(name: string, fields: { to?: string; data?: string; value?: bigint; gasLimit?: bigint }) {
  const raw = await wallet.signTransaction({
    type: 2,
    chainId: 31337n,
    nonce: nonce++,
    maxFeePerGas: 10n * GWEI,
    maxPriorityFeePerGas: GWEI,
    gasLimit: GAS_LIMIT,
    value: 0n,
    ...fields,
  });
  const [a, d] = await Promise.all([
    onAnvil.call<string>("eth_sendRawTransaction", raw),
    onDevnet.call<string>("eth_sendRawTransaction", raw),
  ]);
  expect(d).toBe(a);
  await Promise.all([waitForReceipt(anvil.url, a), waitForReceipt(server.url, d)]);
  txs.set(name, d);
  return d;
}

beforeAll(async () => {
  [anvil, server] = await Promise.all([
    startAnvil(["--hardfork", "prague", "--steps-tracing"]),
    startDebugServer(),
  ]);
  onAnvil = new Rpc(anvil.url);
  onDevnet = new Rpc(server.url);
  const deployA = await send("create", { data: reverter.bytecode });
  await send("create again", { data: reverter.bytecode });
  first = (await onDevnet.call<{ contractAddress: string }>("eth_getTransactionReceipt", deployA))
    .contractAddress;
  const receiptB = await onDevnet.call<{ contractAddress: string }>(
    "eth_getTransactionReceipt",
    txs.get("create again"),
  );
  second = receiptB.contractAddress;
  const call = (fn: string, args: unknown[] = []) => abi.encodeFunctionData(fn, args);
  await send("reason", { to: first, data: call("revertWithReason") });
  await send("custom error", { to: first, data: call("revertWithCustomError") });
  await send("panic", { to: first, data: call("panicDivisionByZero", [0]) });
  await send("nested revert", { to: first, data: call("nestedRevert", [second]) });
  await send("nested catch", { to: first, data: call("nestedCatch", [second]) });
  await send("create2", { to: first, data: call("deploy", [`0x${"11".repeat(32)}`]) });
  await send("logs", { to: first, data: call("emitLogs", [3]), value: 5n });
  const digest = `0x${"ab".repeat(32)}`;
  const signature = Signature.from(signer.signingKey.sign(digest));
  await send("precompiles", {
    to: first,
    data: call("precompiles", [sha256("0x1234"), digest, signature.v, signature.r, signature.s]),
  });
  await send("self-destruct", { to: second, data: call("destroy") });
  await send("out of gas", { to: first, data: call("outOfGas"), gasLimit: 100_000n });
  await send("transfer", { to: "0x000000000000000000000000000000000000dEaD", value: 1000n });
  const tokenArgs = tokenAbi.encodeDeploy(["Token", "TOK", 1000n]).slice(2);
  const tokenTx = await send("token", { data: `${token.bytecode}${tokenArgs}` });
  const { contractAddress } = await onDevnet.call<{ contractAddress: string }>(
    "eth_getTransactionReceipt",
    tokenTx,
  );
  // The whole balance moves: the sender's slot is cleared, which earns a refund.
  await send("refund", {
    to: contractAddress,
    data: tokenAbi.encodeFunctionData("transfer", [signer.address, 1000n]),
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([anvil?.stop(), server?.close()]);
});

type Json = Record<string, unknown>;

/** Both answers for the same request; neither may be an error. */
async function traceBoth(method: string, ...params: unknown[]): Promise<{ anvil: unknown; devnet: unknown }> {
  const [a, d] = await Promise.all([onAnvil.envelope(method, params), onDevnet.envelope(method, params)]);
  expect(a.error, `anvil ${method}`).toBeUndefined();
  expect(d.error, `devnet ${method}`).toBeUndefined();
  return { anvil: a.result, devnet: d.result };
}

/** anvil's struct logs in geth's form (see the file comment). */
function gethStructLogs(result: unknown): Json {
  const { structLogs, ...rest } = result as { structLogs: Json[] };
  return {
    ...rest,
    structLogs: structLogs.map((log) => {
      const out: Json = { ...log };
      if (Array.isArray(out.memory)) out.memory = (out.memory as string[]).map((word) => word.slice(2));
      if (out.storage !== undefined) {
        out.storage = Object.fromEntries(
          Object.entries(out.storage as Record<string, string>).map(([k, v]) => [k.slice(2), v.slice(2)]),
        );
      }
      if (Array.isArray(out.memory) && out.memory.length === 0) delete out.memory;
      if (out.refund === 0) delete out.refund;
      if (out.returnData === "0x") delete out.returnData;
      return out;
    }),
  };
}

/** The differences anvil has from geth, removed from both struct logs before comparing. */
function comparableStructLogs(anvilResult: Json, devnetResult: Json): [Json, Json] {
  const a = anvilResult.structLogs as Json[];
  const d = devnetResult.structLogs as Json[];
  expect(d.length).toBe(a.length);
  const strip = (log: Json, index: number) => {
    const out: Json = { ...log };
    const next = a[index + 1];
    if (log === a[index] && log.op === "SSTORE" && next !== undefined && next.depth === log.depth) {
      // geth's refund counter includes the SSTORE's own refund (charged before logging); anvil's not yet.
      if (next.refund === undefined) delete out.refund;
      else out.refund = next.refund;
    }
    if (out.op === "CREATE" || out.op === "CREATE2") delete out.gasCost;
    if (a[index]?.error !== undefined) {
      // anvil: a Rust debug string on every failing opcode, a failing SSTORE's old value, the gas
      // left as the cost of an opcode that ran out of it; geth: a message only when the opcode
      // failed before running, the value being written, the opcode's cost.
      delete out.error;
      delete out.storage;
      delete out.gasCost;
    }
    return out;
  };
  return [
    { ...anvilResult, structLogs: a.map(strip) },
    { ...devnetResult, structLogs: d.map(strip) },
  ];
}

/** callTracer frames without the top `gas` (anvil: limit − intrinsic; geth: the limit). */
function withoutTopGas(frame: unknown): Json {
  const { gas: _gas, ...rest } = frame as Json;
  return rest;
}

/** anvil's pre-state without the accounts the transaction created (geth leaves them out). */
function withoutCreated(state: unknown, created: readonly string[]): unknown {
  const out = { ...(state as Json) };
  if (out.pre !== undefined) return { ...out, pre: withoutCreated(out.pre, created) };
  for (const address of created) {
    const { balance, storage, ...rest } = (out[address] ?? {}) as { balance?: string; storage?: Json };
    const emptyStorage = Object.values(storage ?? {}).every((word) => BigInt(word as string) === 0n);
    if (balance === "0x0" && emptyStorage && Object.keys(rest).length === 0) delete out[address];
  }
  return out;
}

/** The addresses the transaction's frames deployed to. */
function createdAddresses(frame: Json): string[] {
  const own = frame.type === "CREATE" || frame.type === "CREATE2" ? [frame.to as string] : [];
  return [...own, ...((frame.calls as Json[] | undefined) ?? []).flatMap(createdAddresses)];
}

/** 4byte keys of calls into precompiles (geth skips them). */
function precompileKeys(frame: Json): string[] {
  const input = frame.input as string;
  const to = BigInt((frame.to as string | undefined) ?? "0x0");
  const own = frame !== undefined && to > 0n && to <= 0x11n && input.length >= 10;
  const keys = own ? [`${input.slice(0, 10)}-${(input.length - 10) / 2}`] : [];
  return [...keys, ...((frame.calls as Json[] | undefined) ?? []).flatMap(precompileKeys)];
}

/** prestateTracer accounts without geth's `codeHash` (anvil has none). */
function withoutCodeHash(state: unknown): unknown {
  if (typeof state !== "object" || state === null) return state;
  return Object.fromEntries(
    Object.entries(state as Json).map(([key, value]) => {
      if (key === "pre" || key === "post") return [key, withoutCodeHash(value)];
      const { codeHash: _codeHash, ...account } = value as Json;
      return [key, account];
    }),
  );
}

const STRUCT_LOGGER_CONFIGS = [
  {},
  { enableMemory: true, enableReturnData: true },
  { disableStack: true, disableStorage: true },
];

describe("debug_traceTransaction against anvil", () => {
  it("struct logger", async () => {
    for (const [name, hash] of txs) {
      for (const config of STRUCT_LOGGER_CONFIGS) {
        const { anvil: a, devnet: d } = await traceBoth("debug_traceTransaction", hash, config);
        const [expected, actual] = comparableStructLogs(gethStructLogs(a), d as Json);
        expect(actual, `${name} ${JSON.stringify(config)}`).toEqual(expected);
      }
    }
  });

  it("callTracer, with logs, top call only", async () => {
    for (const [name, hash] of txs) {
      for (const tracerConfig of [{}, { withLog: true }]) {
        const config = { tracer: "callTracer", tracerConfig };
        const { anvil: a, devnet: d } = await traceBoth("debug_traceTransaction", hash, config);
        expect(withoutTopGas(d), `${name} ${JSON.stringify(tracerConfig)}`).toEqual(withoutTopGas(a));
        const tx = await onDevnet.call<{ gas: string }>("eth_getTransactionByHash", hash);
        expect((d as Json).gas, "geth: the top frame's gas is the gas limit").toBe(tx.gas);
      }
      const config = { tracer: "callTracer", tracerConfig: { onlyTopCall: true } };
      const { anvil: a, devnet: d } = await traceBoth("debug_traceTransaction", hash, config);
      const { calls: _calls, ...topOnly } = withoutTopGas(a);
      expect(withoutTopGas(d), `${name} onlyTopCall`).toEqual(topOnly);
    }
  });

  it("prestateTracer, diff mode", async () => {
    for (const [name, hash] of txs) {
      for (const tracerConfig of [{}, { diffMode: true }]) {
        const config = { tracer: "prestateTracer", tracerConfig };
        const { anvil: a, devnet: d } = await traceBoth("debug_traceTransaction", hash, config);
        const frames = await onDevnet.call<Json>("debug_traceTransaction", hash, { tracer: "callTracer" });
        const expected = withoutCreated(a, createdAddresses(frames));
        expect(withoutCodeHash(d), `${name} ${JSON.stringify(tracerConfig)}`).toEqual(expected);
      }
    }
  });

  it("4byteTracer and noopTracer", async () => {
    for (const [name, hash] of txs) {
      const frames = await onDevnet.call<Json>("debug_traceTransaction", hash, { tracer: "callTracer" });
      const { anvil: a, devnet: d } = await traceBoth("debug_traceTransaction", hash, {
        tracer: "4byteTracer",
      });
      const expected = { ...(a as Record<string, number>) };
      for (const key of precompileKeys(frames)) delete expected[key];
      expect(d, `${name} 4byteTracer`).toEqual(expected);
      const noop = await traceBoth("debug_traceTransaction", hash, { tracer: "noopTracer" });
      expect(noop.devnet, `${name} noopTracer`).toEqual(noop.anvil);
    }
  });
});

describe("debug_traceBlockByNumber and debug_traceBlockByHash against anvil", () => {
  it("list { txHash, result } for every transaction of the block", async () => {
    const head = Number(await onDevnet.call<string>("eth_blockNumber"));
    for (let number = 1; number <= head; number++) {
      const tag = `0x${number.toString(16)}`;
      const config = { tracer: "callTracer", tracerConfig: { withLog: true } };
      const { anvil: a, devnet: d } = await traceBoth("debug_traceBlockByNumber", tag, config);
      const strip = (entries: unknown) =>
        (entries as { txHash: string; result: unknown }[]).map(({ txHash, result }) => ({
          txHash,
          result: withoutTopGas(result),
        }));
      expect(strip(d), `block ${number}`).toEqual(strip(a));
      const [anvilBlock, devnetBlock] = await Promise.all([
        onAnvil.call<{ hash: string }>("eth_getBlockByNumber", tag, false),
        onDevnet.call<{ hash: string }>("eth_getBlockByNumber", tag, false),
      ]);
      const byHash = await onDevnet.call("debug_traceBlockByHash", devnetBlock.hash, config);
      expect(byHash).toEqual(d);
      const structLogs = { disableStack: true };
      const [anvilLogs, devnetLogs] = await Promise.all([
        onAnvil.call<{ result: Json }[]>("debug_traceBlockByHash", anvilBlock.hash, structLogs),
        onDevnet.call<{ result: Json }[]>("debug_traceBlockByHash", devnetBlock.hash, structLogs),
      ]);
      expect(devnetLogs.length).toBe(anvilLogs.length);
      devnetLogs.forEach((entry, i) => {
        const [expected, actual] = comparableStructLogs(gethStructLogs(anvilLogs[i]?.result), entry.result);
        expect(actual, `block ${number} struct logs`).toEqual(expected);
      });
    }
    const genesis = await traceBoth("debug_traceBlockByNumber", "0x0", {});
    expect(genesis.devnet).toEqual([]);
    expect(genesis.anvil).toEqual([]);
  });
});

describe("debug_traceCall against anvil", () => {
  const request = () => ({
    from: wallet.address,
    to: first,
    gas: "0x2dc6c0",
    data: abi.encodeFunctionData("nestedCatch", [second]),
  });

  it("at a block tag, with each tracer", async () => {
    const head = Number(await onDevnet.call<string>("eth_blockNumber"));
    for (const tag of ["latest", `0x${(head - 3).toString(16)}`, "0x2"]) {
      const calls = await traceBoth("debug_traceCall", request(), tag, { tracer: "callTracer" });
      expect(withoutTopGas(calls.devnet), tag).toEqual(withoutTopGas(calls.anvil));
      expect((calls.devnet as Json).gas).toBe("0x2dc6c0");
      const logs = await traceBoth("debug_traceCall", request(), tag, { enableMemory: true });
      const [expected, actual] = comparableStructLogs(gethStructLogs(logs.anvil), logs.devnet as Json);
      expect(actual, tag).toEqual(expected);
      for (const tracer of ["prestateTracer", "noopTracer"]) {
        const traced = await traceBoth("debug_traceCall", request(), tag, { tracer });
        expect(withoutCodeHash(traced.devnet), `${tag} ${tracer}`).toEqual(traced.anvil);
      }
    }
  });

  it("with state overrides", async () => {
    const someone = "0x00000000000000000000000000000000000c0de5";
    const overrides = {
      [someone]: {
        code: reverter.deployedBytecode,
        balance: "0x1000",
        stateDiff: { [`0x${"00".repeat(32)}`]: `0x${"00".repeat(31)}07` },
      },
    };
    const message = {
      from: wallet.address,
      to: someone,
      gas: "0x100000",
      data: abi.encodeFunctionData("emitLogs", [1]),
    };
    const config = { tracer: "callTracer", tracerConfig: { withLog: true }, stateOverrides: overrides };
    const calls = await traceBoth("debug_traceCall", message, "latest", config);
    expect(withoutTopGas(calls.devnet)).toEqual(withoutTopGas(calls.anvil));
    const diff = { tracer: "prestateTracer", tracerConfig: { diffMode: true }, stateOverrides: overrides };
    const states = await traceBoth("debug_traceCall", message, "latest", diff);
    expect(withoutCodeHash(states.devnet)).toEqual(states.anvil);
    const post = (states.devnet as { post: Record<string, Json> }).post[someone];
    expect(post?.storage).toEqual({ [`0x${"00".repeat(32)}`]: `0x${"00".repeat(31)}08` });
  });
});

describe("debug_getRawTransaction against anvil", () => {
  it("answers the signed bytes, null for an unknown hash", async () => {
    for (const hash of txs.values()) {
      const { anvil: a, devnet: d } = await traceBoth("debug_getRawTransaction", hash);
      expect(d).toBe(a);
    }
    const unknown = `0x${"12".repeat(32)}`;
    const { anvil: a, devnet: d } = await traceBoth("debug_getRawTransaction", unknown);
    expect(d).toBeNull();
    expect(a).toBeNull();
  });
});

describe("failures in code given by state overrides, against anvil", () => {
  it("INVALID, a bad JUMP, out of gas", async () => {
    const probe = `0x${"0b".repeat(20)}`;
    // INVALID; NUMBER JUMP; a JUMPDEST loop that runs out of gas.
    for (const code of ["0xfe", "0x4356", "0x5b5f56"]) {
      const stateOverrides = { [probe]: { code } };
      const message = { from: wallet.address, to: probe, gas: "0x10000" };
      const calls = await traceBoth("debug_traceCall", message, "latest", {
        tracer: "callTracer",
        stateOverrides,
      });
      expect(withoutTopGas(calls.devnet), code).toEqual(withoutTopGas(calls.anvil));
      const logs = await traceBoth("debug_traceCall", message, "latest", { stateOverrides });
      const [expected, actual] = comparableStructLogs(gethStructLogs(logs.anvil), logs.devnet as Json);
      expect(actual, code).toEqual(expected);
    }
  });
});
