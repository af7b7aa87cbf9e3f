/**
 * Long messages share the event loop: while an endless loop runs in eth_call, eth_estimateGas or
 * debug_traceCall, other requests are answered; an aborted call stops; and a call reads one
 * block's state while others are mined beside it.
 */
import { hexToBytes } from "@ethereumjs/util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDevnetError } from "../../../src/errors/DevnetError.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../support/devnetServer.js";

/** JUMPDEST PUSH1 0 JUMP: runs until its gas is spent. */
const ENDLESS_LOOP = "0x5b600056";
const RECIPIENT = `0x${"5e".repeat(20)}`;

let server: DevnetServer;
let rpc: Rpc;

beforeAll(async () => {
  server = await startDevnetServer();
  rpc = new Rpc(server.url);
});

afterAll(async () => {
  await server.close();
});

/** Asks eth_blockNumber again and again while `work` runs; the latencies of the answers before it ended. */
async function latenciesDuring(work: Promise<unknown>): Promise<number[]> {
  let done = false;
  const finished = work.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  const latencies: number[] = [];
  while (!done) {
    const started = performance.now();
    await rpc.call("eth_blockNumber");
    if (!done) latencies.push(performance.now() - started);
  }
  await finished;
  return latencies;
}

describe("long messages", () => {
  // 24M gas untraced: 2M turns of the loop, ~0.4 s on a 2-core machine, ~40 of the pacer's time
  // slices (at 1.5M gas the EVM now ends it within 3). Traced, the loop is far slower.
  it.each([
    ["eth_call", [{ data: ENDLESS_LOOP, gas: "0x16e3600" }]],
    ["eth_estimateGas", [{ data: ENDLESS_LOOP, gas: "0x16e3600" }]],
    ["debug_traceCall", [{ data: ENDLESS_LOOP, gas: "0x3d090" }, "latest", { tracer: "callTracer" }]],
  ])("%s of an endless loop lets other requests be answered while it runs", async (method, params) => {
    const latencies = await latenciesDuring(rpc.envelope(method, params));
    // Before, none was answered until the loop had spent its gas.
    expect(latencies.length).toBeGreaterThanOrEqual(3);
    latencies.sort((a, b) => a - b);
    expect(latencies[Math.floor(latencies.length / 2)]).toBeLessThan(100);
  });

  it("stops a call whose signal is aborted", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const call = server.devnet.call({ data: hexToBytes(ENDLESS_LOOP), gas: 30_000_000n }, 0n, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    const error = await call.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isDevnetError(error) && error.code).toBe(-32000);
    // The whole loop takes seconds.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("reads the state of its block while a transaction is mined beside it", async () => {
    // Counts 100,000 down, then returns BALANCE(RECIPIENT).
    const countdown = `0x620${(100_000).toString(16).padStart(5, "0")}5b600190038060045750`;
    const code = `${countdown}73${RECIPIENT.slice(2)}3160005260206000f3`;
    const [from] = await rpc.call<string[]>("eth_accounts");
    const before = await rpc.call<string>("eth_getBalance", RECIPIENT, "latest");
    const call = rpc.call<string>("eth_call", { data: code, gas: "0x1c9c380" }, "latest");
    const heightBefore = BigInt(await rpc.call<string>("eth_blockNumber"));
    await rpc.call("eth_sendTransaction", { from, to: RECIPIENT, value: "0xde0b6b3a7640000" });
    const minedWhileCalling = BigInt(await rpc.call<string>("eth_blockNumber")) > heightBefore;
    expect(BigInt(await call)).toBe(BigInt(before));
    expect(minedWhileCalling).toBe(true);
    expect(BigInt(await rpc.call<string>("eth_getBalance", RECIPIENT, "latest"))).toBe(10n ** 18n);
  });
});
