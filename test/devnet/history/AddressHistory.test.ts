/**
 * AddressHistory follows the chain: it catches up on the blocks mined since it was last asked,
 * forgets blocks a reverted snapshot threw away (and indexes the blocks that replaced them), and
 * skips reserved runs of empty blocks.
 */
import { Interface } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AddressHistory } from "../../../src/devnet/history/AddressHistory.js";
import { createDevnet, type DevnetHandle } from "../../../src/rpc/createDevnet.js";
import { ANVIL_DEV_ADDRESSES } from "../../support/anvil.js";
import { loadArtifact } from "../../support/artifacts.js";

const reverter = loadArtifact("Reverter");
const abi = new Interface(reverter.abi);
const [alice, bob] = ANVIL_DEV_ADDRESSES.map((a) => a.toLowerCase()) as [string, string];
const X = "0x00000000000000000000000000000000000000aa";
const Y = "0x00000000000000000000000000000000000000bb";
const Z = "0x00000000000000000000000000000000000000cc";

let handle: DevnetHandle;
let history: AddressHistory;

async function send(from: string, fields: { to?: string; data?: string; value?: string }): Promise<string> {
  return (await handle.request({ method: "eth_sendTransaction", params: [{ from, ...fields }] })) as string;
}

async function hashesOf(address: string): Promise<string[]> {
  const locations = await history.transactionsOf(address);
  return locations.map(({ blockNumber, index }) => {
    const mined = handle.devnet.chain.byNumber(blockNumber);
    return mined?.receipts[index]?.transactionHash ?? "";
  });
}

beforeAll(async () => {
  handle = await createDevnet({ sequential: true });
  history = AddressHistory.of(handle.devnet);
});

afterAll(async () => {
  await handle?.close();
});

describe("AddressHistory", () => {
  it("is one per devnet", () => {
    expect(AddressHistory.of(handle.devnet)).toBe(history);
  });

  it("catches up on the blocks mined since it was asked", async () => {
    const first = await send(alice, { to: X, value: "0x1" });
    expect(await hashesOf(X)).toEqual([first]);
    const second = await send(bob, { to: X, value: "0x2" });
    expect(await hashesOf(X)).toEqual([first, second]);
    expect(await hashesOf(bob)).toEqual([second]);
  });

  it("names contracts reached by internal calls and their creators", async () => {
    const deploy = await send(alice, { data: reverter.bytecode });
    const receipt = (await handle.request({ method: "eth_getTransactionReceipt", params: [deploy] })) as {
      contractAddress: string;
    };
    const contract = receipt.contractAddress;
    const salt = `0x${"22".repeat(32)}`;
    const create2 = await send(bob, { to: contract, data: abi.encodeFunctionData("deploy", [salt]) });
    const child = `0x${(
      (await handle.request({
        method: "eth_call",
        params: [{ to: contract, data: abi.encodeFunctionData("computeAddress", [salt]) }],
      })) as string
    ).slice(26)}`;
    expect(await history.creatorOf(contract)).toEqual({ hash: deploy, creator: alice });
    expect(await history.creatorOf(child)).toEqual({ hash: create2, creator: contract });
    expect(await hashesOf(child)).toEqual([create2]);
    expect(await history.creatorOf(X)).toBeUndefined();
  });

  it("forgets the blocks a reverted snapshot threw away", async () => {
    const snapshot = await handle.request({ method: "evm_snapshot" });
    const lost = await send(alice, { to: Y, value: "0x1" });
    const nonce =
      BigInt(
        (await handle.request({ method: "eth_getTransactionCount", params: [alice, "latest"] })) as string,
      ) - 1n;
    expect(await hashesOf(Y)).toEqual([lost]);
    expect(await history.transactionBySenderAndNonce(alice, nonce)).toBe(lost);
    await handle.request({ method: "evm_revert", params: [snapshot] });
    const kept = await send(alice, { to: Z, value: "0x1" });
    expect(await hashesOf(Y)).toEqual([]);
    expect(await hashesOf(Z)).toEqual([kept]);
    expect(await history.transactionBySenderAndNonce(alice, nonce)).toBe(kept);
    expect((await hashesOf(alice)).at(-1)).toBe(kept);
  });

  it("indexes blocks whose state a loaded dump does not keep by their receipts", async () => {
    const dump = await handle.request({ method: "anvil_dumpState" });
    const loaded = await createDevnet({ sequential: true });
    try {
      await loaded.request({ method: "anvil_loadState", params: [dump] });
      const restored = AddressHistory.of(loaded.devnet);
      expect(restored).not.toBe(history);
      const expected = await history.transactionsOf(X);
      expect(await restored.transactionsOf(X)).toEqual(expected);
      expect(await restored.transactionsOf(alice)).toEqual(await history.transactionsOf(alice));
    } finally {
      await loaded.close();
    }
  });

  it("skips a reserved run of a million empty blocks", async () => {
    await handle.request({ method: "anvil_mine", params: ["0xf4240"] });
    // The head's hash is walked to first (seconds); the index's own work is what is timed.
    await handle.request({ method: "eth_getBlockByNumber", params: ["latest", false] });
    const started = Date.now();
    const after = await send(bob, { to: X, value: "0x3" });
    expect((await hashesOf(X)).at(-1)).toBe(after);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
