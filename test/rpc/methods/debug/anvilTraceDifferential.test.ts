/**
 * debug_trace* next to the real anvil (`--hardfork prague --steps-tracing`): the same signed
 * transactions (calls, nested calls, reverts with reasons, custom errors and panics, CREATE2, logs,
 * precompiles, self-destruct, out-of-gas, a plain transfer, contract creations) sent to both, then
 * traced on both with every tracer, and the answers compared field by field.
 *
 * Where anvil 1.7.1 differs from geth, the devnet follows geth, and the comparison first brings
 * anvil's answer to geth's form (each rule below says what and why):
 * - struct logs: anvil writes memory words and storage keys/values with "0x", geth without;
 *   anvil always writes `refund` (0), `returnData` ("0x") and `memory` ([]), geth leaves them out
 *   when empty;
 *   anvil's errors are Rust debug strings ("Some(ReentrancySentryOOG)"), geth's are messages
 *   ("out of gas: not enough gas for reentrancy sentry"); on the failing SSTORE anvil shows the
 *   slot's old value, geth the value being written; anvil counts the gas handed to a CREATE or
 *   CREATE2 in its `gasCost`, geth does not (it does for the CALL family, as anvil does).
 * - callTracer: the top frame's `gas` is the transaction's gas limit in geth, the limit minus the
 *   intrinsic gas in anvil; under `onlyTopCall` geth (and the execution-apis spec) gives every log
 *   `position` 0, anvil counts the hidden sub-calls, and anvil still lists a SELFDESTRUCT frame
 *   under the top call (geth lists no sub-call at all).
 * - prestateTracer: geth (since 1.16.3) adds `codeHash` to accounts with code; anvil does not.
 *   geth leaves the account a transaction creates out of the pre-state (it was empty); anvil lists
 *   it as `{ balance: "0x0" }`.
 * - 4byteTracer: geth skips calls to precompiles ("just fancy opcodes"); anvil counts them.
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
const abi = new Interface(reverter.abi);
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
  first = (await onDevnet.call<{ contractAddress: string }>("eth_getTransactionReceipt", deployA)).contractAddress;
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
    if (out.op === "CREATE" || out.op === "CREATE2") delete out.gasCost;
    if (a[index]?.error !== undefined) {
      // anvil: a Rust debug string and the slot's old value; geth: a message and the new value.
      expect(d[index]?.error, `error of step ${index}`).toEqual(expect.any(String));
      delete out.error;
      delete out.storage;
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
    if (JSON.stringify(out[address]) === JSON.stringify({ balance: "0x0" })) delete out[address];
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

const STRUCT_LOGGER_CONFIGS = [{}, { enableMemory: true, enableReturnData: true }, { disableStack: true, disableStorage: true }];

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
      const { anvil: a, devnet: d } = await traceBoth("debug_traceTransaction", hash, { tracer: "4byteTracer" });
      const expected = { ...(a as Record<string, number>) };
      for (const key of precompileKeys(frames)) delete expected[key];
      expect(d, `${name} 4byteTracer`).toEqual(expected);
      const noop = await traceBoth("debug_traceTransaction", hash, { tracer: "noopTracer" });
      expect(noop.devnet, `${name} noopTracer`).toEqual(noop.anvil);
    }
  });
});
