/**
 * evm_increaseTime(n) after blocks that ran ahead of the clock, on the devnet and on the real
 * anvil: the next block is at least n seconds after the latest on both. anvil lets quick blocks
 * share a timestamp, so its chain never runs ahead of its clock; the devnet gives every block a
 * later timestamp than its parent (as Hardhat does) and moves its clock on with such a block.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnvilInstance, startAnvil } from "../../../support/anvil.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../../support/devnetServer.js";

let anvil: AnvilInstance;
let server: DevnetServer;
let nodes: [string, Rpc][];

beforeAll(async () => {
  [anvil, server] = await Promise.all([startAnvil(["--hardfork", "prague"]), startDevnetServer()]);
  nodes = [
    ["anvil", new Rpc(anvil.url)],
    ["devnet", new Rpc(server.url)],
  ];
});

afterAll(async () => {
  await Promise.all([anvil?.stop(), server?.close()]);
});

async function latestTimestamp(rpc: Rpc): Promise<bigint> {
  const block = await rpc.call<{ timestamp: string }>("eth_getBlockByNumber", "latest", false);
  return BigInt(block.timestamp);
}

describe("evm_increaseTime after quick blocks", () => {
  it("puts the next block at least n seconds after the latest, after 40 quick evm_mine", async () => {
    for (const [name, rpc] of nodes) {
      for (let i = 0; i < 40; i++) await rpc.call("evm_mine");
      const before = await latestTimestamp(rpc);
      await rpc.call("evm_increaseTime", 3600);
      await rpc.call("evm_mine");
      const gap = (await latestTimestamp(rpc)) - before;
      expect(gap, name).toBeGreaterThanOrEqual(3600n);
      expect(gap, name).toBeLessThan(3605n);
    }
  });

  it("does so after anvil_mine of many blocks, reserved ones too", async () => {
    for (const [name, rpc] of nodes) {
      // 2,000 blocks are reserved on the devnet, not built; anvil takes seconds to mine them.
      for (const count of name === "devnet" ? ["0x28", "0x7d0"] : ["0x28"]) {
        await rpc.call("anvil_mine", count);
        const before = await latestTimestamp(rpc);
        await rpc.call("evm_increaseTime", 60);
        await rpc.call("evm_mine");
        const gap = (await latestTimestamp(rpc)) - before;
        expect(gap, `${name} after ${count} blocks`).toBeGreaterThanOrEqual(60n);
        expect(gap, `${name} after ${count} blocks`).toBeLessThan(65n);
      }
    }
  });

  it("keeps the devnet's timestamps strictly increasing", async () => {
    const rpc = new Rpc(server.url);
    const before = await latestTimestamp(rpc);
    await rpc.call("evm_mine");
    await rpc.call("evm_mine");
    expect((await latestTimestamp(rpc)) - before).toBeGreaterThanOrEqual(2n);
  });
});
