/** RemoteRpc against a real anvil behind the test proxy: batches, headers, retries, throttle. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RemoteRpc } from "../../../src/devnet/fork/RemoteRpc.js";
import { isDevnetError } from "../../../src/errors/DevnetError.js";
import { type AnvilInstance, startAnvil } from "../../support/anvil.js";
import { type RpcProxy, startRpcProxy } from "../../support/rpcProxy.js";

let anvil: AnvilInstance;
let proxy: RpcProxy;

beforeAll(async () => {
  anvil = await startAnvil();
  proxy = await startRpcProxy(anvil.url);
});
afterAll(async () => {
  await proxy?.close();
  await anvil?.stop();
});

describe("RemoteRpc", () => {
  it("sends calls as one batch with the given headers, and answers in order", async () => {
    proxy.reset();
    const rpc = new RemoteRpc({ url: proxy.url, headers: { Authorization: "Bearer k" } });
    const [chainId, block, code] = await rpc.batch([
      { method: "eth_chainId", params: [] },
      { method: "eth_blockNumber", params: [] },
      { method: "eth_getCode", params: ["0x0000000000000000000000000000000000000001", "latest"] },
    ]);
    expect([chainId, block, code]).toEqual(["0x7a69", "0x0", "0x"]);
    expect(proxy.roundTrips).toBe(1);
    expect(proxy.lastHeaders.authorization).toBe("Bearer k");
  });

  it("retries a failed round trip with a doubling backoff, then names the remote", async () => {
    proxy.reset();
    proxy.mode = "fail";
    const rpc = new RemoteRpc({ url: proxy.url, retries: 2, retryBackoffMs: 50 });
    const started = performance.now();
    const error = await rpc.request("eth_chainId").catch((e: unknown) => e);
    proxy.mode = "pass";
    expect(isDevnetError(error) && error.code).toBe(-32603);
    expect(String((error as Error).message)).toContain(proxy.url);
    expect(proxy.roundTrips).toBe(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(50 + 100);
  });

  it("does not retry an error the remote answers for a call", async () => {
    proxy.reset();
    const rpc = new RemoteRpc({ url: proxy.url, retries: 3, retryBackoffMs: 10 });
    const error = await rpc.request("eth_noSuchMethod").catch((e: unknown) => e);
    expect(isDevnetError(error) && error.code).toBe(-32603);
    expect(proxy.roundTrips).toBe(1);
  });

  it("keeps to --compute-units-per-second", async () => {
    // 20 units a call at 2,000 units a second: 10 ms a call, 100 ms for ten batches of one.
    const rpc = new RemoteRpc({ url: proxy.url, computeUnitsPerSecond: 2000 });
    const started = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => rpc.request("eth_chainId")));
    expect(performance.now() - started).toBeGreaterThanOrEqual(85);
  });
});
