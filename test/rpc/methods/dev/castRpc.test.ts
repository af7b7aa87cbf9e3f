/** Foundry's `cast rpc` against the dev methods, over real HTTP: arguments as cast passes them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cast } from "../../../support/cast.js";
import { type DevTestServer, startDevServer } from "./devServer.js";

let server: DevTestServer;

/** `cast rpc` with the given arguments; the JSON it prints, parsed. */
async function castRpc(...args: string[]): Promise<unknown> {
  const result = await cast(["rpc", "--rpc-url", server.url, ...args]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout.trim());
}

beforeAll(async () => {
  server = await startDevServer();
});

afterAll(async () => {
  await server?.close();
});

describe("cast rpc", () => {
  it("evm_snapshot, anvil_mine, evm_revert", async () => {
    expect(await castRpc("evm_snapshot")).toBe("0x0");
    expect(await castRpc("anvil_mine", "3")).toBeNull();
    expect(server.devnet.head.number).toBe(3n);
    expect(await castRpc("evm_revert", "0x0")).toBe(true);
    expect(server.devnet.head.number).toBe(0n);
    expect(await castRpc("evm_revert", "0x0")).toBe(false);
  });

  it("anvil_setBalance, then cast balance", async () => {
    const account = `0x${"31".repeat(20)}`;
    expect(await castRpc("anvil_setBalance", account, "0x1000")).toBeNull();
    const balance = await cast(["balance", "--rpc-url", server.url, account]);
    expect(balance.stdout.trim()).toBe("4096");
  });

  it("evm_increaseTime, --raw params, txpool_status", async () => {
    expect(await castRpc("evm_increaseTime", "10")).toBe(10);
    expect(await castRpc("--raw", "evm_setAutomine", "[false]")).toBeNull();
    expect(await castRpc("anvil_getAutomine")).toBe(false);
    expect(await castRpc("--raw", "evm_setAutomine", "[true]")).toBeNull();
    expect(await castRpc("txpool_status")).toEqual({ pending: "0x0", queued: "0x0" });
  });
});
