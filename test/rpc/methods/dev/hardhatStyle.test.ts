/**
 * A Hardhat test suite's view of the dev methods, over real HTTP through ethers' provider: the
 * calls @nomicfoundation/hardhat-network-helpers makes (mine, time.increase / increaseTo,
 * takeSnapshot / restore, loadFixture, impersonateAccount, setBalance, setStorageAt, setCode,
 * setNonce, setCoinbase, setNextBlockBaseFeePerGas, setPrevRandao, setBlockGasLimit,
 * dropTransaction), with the same parameter encodings.
 */
import { Contract, Interface, JsonRpcProvider, JsonRpcSigner, Network, Wallet, ZeroAddress } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_ADDRESSES, ANVIL_DEV_KEYS } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { type DevTestServer, Rpc, startDevServer } from "./devServer.js";

const counter = loadArtifact("Counter");
const counterAbi = new Interface(counter.abi);

let server: DevTestServer;
let provider: JsonRpcProvider;
let rpc: Rpc;

/** hardhat-network-helpers' encodings. */
const toRpcQuantity = (n: bigint | number) => `0x${n.toString(16)}`;
const toPaddedRpcQuantity = (n: bigint | number, bytes: number) =>
  `0x${n.toString(16).padStart(bytes * 2, "0")}`;

/** The helpers, as network-helpers implements them on `provider.send`. */
const helpers = {
  mine: (blocks = 1, interval = 1) =>
    provider.send("hardhat_mine", [toRpcQuantity(blocks), toRpcQuantity(interval)]),
  latest: async () => Number((await rpc.latest()).timestamp),
  latestBlock: async () => Number((await rpc.latest()).number),
  increase: async (seconds: number) => {
    const target = (await helpers.latest()) + seconds;
    await provider.send("evm_setNextBlockTimestamp", [toRpcQuantity(target)]);
    await helpers.mine();
    return target;
  },
  increaseTo: async (timestamp: number) => {
    await provider.send("evm_setNextBlockTimestamp", [toRpcQuantity(timestamp)]);
    await helpers.mine();
  },
  takeSnapshot: async () => {
    const id = (await provider.send("evm_snapshot", [])) as string;
    return {
      restore: async () => {
        const reverted = (await provider.send("evm_revert", [id])) as boolean;
        if (!reverted) throw new Error("InvalidSnapshotError");
      },
    };
  },
};

/** network-helpers' loadFixture: the first call runs the fixture, later ones revert to its snapshot. */
function fixtureLoader<T>(fixture: () => Promise<T>): () => Promise<T> {
  let cached: { snapshot: Awaited<ReturnType<typeof helpers.takeSnapshot>>; data: T } | undefined;
  return async () => {
    if (cached !== undefined) {
      await cached.snapshot.restore();
      cached.snapshot = await helpers.takeSnapshot();
      return cached.data;
    }
    const data = await fixture();
    cached = { snapshot: await helpers.takeSnapshot(), data };
    return data;
  };
}

beforeAll(async () => {
  server = await startDevServer();
  provider = new JsonRpcProvider(server.url, Network.from(31337), {
    staticNetwork: true,
    batchMaxCount: 1,
    // ethers keeps answers for 250 ms; a test chain changes faster than that.
    cacheTimeout: -1,
  });
  rpc = new Rpc(server.url);
});

afterAll(async () => {
  provider?.destroy();
  await server?.close();
});

describe("mining and time", () => {
  it("mines blocks interval seconds apart (hardhat_mine answers true)", async () => {
    const before = await helpers.latestBlock();
    const beforeTime = await helpers.latest();
    expect(await helpers.mine(5, 60)).toBe(true);
    expect(await helpers.latestBlock()).toBe(before + 5);
    const times: number[] = [];
    for (let n = before + 1; n <= before + 5; n++) {
      const block = await rpc.call<{ timestamp: string }>("eth_getBlockByNumber", toRpcQuantity(n), false);
      times.push(Number(block.timestamp));
    }
    expect(times[0]).toBeGreaterThan(beforeTime);
    expect(times.slice(1).map((t, i) => t - (times[i] ?? 0))).toEqual([60, 60, 60, 60]);
    // The clock continues from the last block: the next block is not earlier than it + 1.
    await helpers.mine();
    expect(await helpers.latest()).toBeGreaterThanOrEqual((times[4] ?? 0) + 1);
  });

  it("time.increase and time.increaseTo set the next block's timestamp exactly", async () => {
    const target = await helpers.increase(3600);
    expect(await helpers.latest()).toBe(target);
    await helpers.increaseTo(target + 86_400);
    expect(await helpers.latest()).toBe(target + 86_400);
  });

  it("evm_increaseTime after increaseTo adds to where the clock was moved", async () => {
    const pinned = (await helpers.latest()) + 10_000;
    await helpers.increaseTo(pinned);
    await provider.send("evm_increaseTime", [500]);
    await helpers.mine();
    const after = await helpers.latest();
    expect(after).toBeGreaterThanOrEqual(pinned + 500);
    expect(after).toBeLessThan(pinned + 520);
  });

  it("refuses a next timestamp at or before the latest block's with -32602", async () => {
    const latest = await helpers.latest();
    expect((await rpc.error("evm_setNextBlockTimestamp", toRpcQuantity(latest))).code).toBe(-32602);
    expect((await rpc.error("evm_setNextBlockTimestamp", toRpcQuantity(latest - 100))).code).toBe(-32602);
    expect((await rpc.error("evm_mine", latest - 100)).code).toBe(-32602);
  });

  it("evm_mine mines at a given timestamp and answers 0x0", async () => {
    const target = (await helpers.latest()) + 77;
    expect(await provider.send("evm_mine", [target])).toBe("0x0");
    expect(await helpers.latest()).toBe(target);
  });

  it("evm_setBlockGasLimit, hardhat_setCoinbase, hardhat_setNextBlockBaseFeePerGas, hardhat_setPrevRandao", async () => {
    const coinbase = `0x${"c0".repeat(20)}`;
    const prevRandao = toPaddedRpcQuantity(0xabcdefn, 32);
    expect(await provider.send("evm_setBlockGasLimit", [toRpcQuantity(25_000_000)])).toBe(true);
    expect(await provider.send("hardhat_setCoinbase", [coinbase])).toBe(true);
    expect(await provider.send("hardhat_setNextBlockBaseFeePerGas", [toRpcQuantity(7_000_000_000n)])).toBe(
      true,
    );
    expect(await provider.send("hardhat_setPrevRandao", [prevRandao])).toBe(true);
    await helpers.mine();
    const block = await rpc.latest();
    expect(BigInt(block.gasLimit)).toBe(25_000_000n);
    expect(block.miner).toBe(coinbase);
    expect(BigInt(block.baseFeePerGas ?? "0x0")).toBe(7_000_000_000n);
    expect(block.mixHash).toBe(prevRandao);
    // One-shot overrides: the next block computes its own base fee and prevRandao again.
    await helpers.mine();
    const next = await rpc.latest();
    expect(BigInt(next.baseFeePerGas ?? "0x0")).not.toBe(7_000_000_000n);
    expect(next.mixHash).not.toBe(prevRandao);
    expect(next.miner).toBe(coinbase);
    await provider.send("hardhat_setCoinbase", [ZeroAddress]);
    await provider.send("evm_setBlockGasLimit", [toRpcQuantity(30_000_000)]);
  });

  it("hardhat_setMinGasPrice is refused under EIP-1559", async () => {
    expect((await rpc.error("hardhat_setMinGasPrice", "0x1")).code).toBe(-32602);
  });
});

describe("snapshots as loadFixture uses them", () => {
  const deployCounter = async () => {
    const wallet = new Wallet(ANVIL_DEV_KEYS[0], provider);
    const response = await wallet.sendTransaction({ data: counter.bytecode });
    const receipt = await response.wait();
    return new Contract(receipt?.contractAddress ?? "", counter.abi, wallet);
  };

  it("reverts to the fixture, again and again", async () => {
    const load = fixtureLoader(deployCounter);
    const first = await load();
    const address = await first.getAddress();
    const fixtureBlock = await helpers.latestBlock();
    await (await first.getFunction("increment")()).wait();
    expect(await first.getFunction("count")()).toBe(1n);
    const again = await load();
    expect(await again.getAddress()).toBe(address);
    expect(await again.getFunction("count")()).toBe(0n);
    expect(await helpers.latestBlock()).toBe(fixtureBlock);
  });

  it("snapshot ids are single-use; a restore with a used id fails", async () => {
    const id = (await provider.send("evm_snapshot", [])) as string;
    expect(await provider.send("evm_revert", [id])).toBe(true);
    expect(await provider.send("evm_revert", [id])).toBe(false);
  });

  it("reverting to an earlier snapshot uses up the later ones", async () => {
    const early = (await provider.send("evm_snapshot", [])) as string;
    const late = (await provider.send("evm_snapshot", [])) as string;
    expect(BigInt(late)).toBe(BigInt(early) + 1n);
    expect(await provider.send("evm_revert", [early])).toBe(true);
    expect(await provider.send("evm_revert", [late])).toBe(false);
  });

  it("a revert restores the clock, the pool and the state edits", async () => {
    const someone = `0x${"5e".repeat(20)}`;
    const snapshot = await helpers.takeSnapshot();
    const offset = (await provider.send("evm_increaseTime", [0])) as number;
    await provider.send("evm_increaseTime", [1_000_000]);
    await provider.send("hardhat_setBalance", [someone, toRpcQuantity(10n ** 18n)]);
    await provider.send("evm_setAutomine", [false]);
    await provider.send("eth_sendTransaction", [{ from: ANVIL_DEV_ADDRESSES[1], to: someone, value: "0x1" }]);
    expect((await provider.send("txpool_status", [])) as unknown).toEqual({ pending: "0x1", queued: "0x0" });
    await provider.send("evm_setAutomine", [true]);
    await snapshot.restore();
    expect(await provider.send("eth_getBalance", [someone, "latest"])).toBe("0x0");
    expect(await provider.send("evm_increaseTime", [0])).toBe(offset);
    expect((await provider.send("txpool_status", [])) as unknown).toEqual({ pending: "0x0", queued: "0x0" });
  });

  it("300 snapshot + revert cycles stay fast", async () => {
    const load = fixtureLoader(deployCounter);
    await load();
    const started = performance.now();
    for (let i = 0; i < 300; i++) await load();
    const elapsed = performance.now() - started;
    // Each cycle is two HTTP round trips (revert, snapshot); the snapshot and the revert
    // themselves take microseconds (see devMethods.test.ts), HTTP takes the rest.
    expect(elapsed).toBeLessThan(3_000);
  });
});

describe("state edits and impersonation", () => {
  it("impersonates a key-less address funded with setBalance and sends from it", async () => {
    const whale = `0x${"77".repeat(20)}`;
    const recipient = `0x${"88".repeat(20)}`;
    expect(await provider.send("hardhat_setBalance", [whale, toRpcQuantity(10n ** 20n)])).toBe(true);
    expect(await provider.send("hardhat_impersonateAccount", [whale])).toBe(true);
    // What hardhat-ethers' getImpersonatedSigner makes: a JSON-RPC signer for an address without a key.
    const signer = new JsonRpcSigner(provider, whale);
    const response = await signer.sendTransaction({ to: recipient, value: 12345n });
    const receipt = await response.wait();
    expect(receipt?.status).toBe(1);
    expect(receipt?.from.toLowerCase()).toBe(whale);
    expect(await provider.getBalance(recipient)).toBe(12345n);
    const tx = await provider.getTransaction(response.hash);
    expect(tx?.from.toLowerCase()).toBe(whale);
    expect(await provider.send("hardhat_stopImpersonatingAccount", [whale])).toBe(true);
    expect(await provider.send("hardhat_stopImpersonatingAccount", [whale])).toBe(false);
    const refused = await rpc.error("eth_sendTransaction", { from: whale, to: recipient, value: "0x1" });
    expect(refused.code).toBe(-32602);
  });

  it("setStorageAt with a quantity slot and a padded value, read back by eth_getStorageAt", async () => {
    const target = `0x${"99".repeat(20)}`;
    const value = toPaddedRpcQuantity(0xdeadbeefn, 32);
    expect(await provider.send("hardhat_setStorageAt", [target, toRpcQuantity(3), value])).toBe(true);
    expect(await provider.send("eth_getStorageAt", [target, "0x3", "latest"])).toBe(value);
    // Zero deletes the slot.
    await provider.send("hardhat_setStorageAt", [target, toRpcQuantity(3), toPaddedRpcQuantity(0, 32)]);
    expect(await provider.send("eth_getStorageAt", [target, "0x3", "latest"])).toBe(
      toPaddedRpcQuantity(0, 32),
    );
  });

  it("setCode, then eth_getCode and a call into it; setStorageAt feeds the call", async () => {
    const target = `0x${"ab".repeat(20)}`;
    expect(await provider.send("hardhat_setCode", [target, counter.deployedBytecode])).toBe(true);
    expect(await provider.send("eth_getCode", [target, "latest"])).toBe(counter.deployedBytecode);
    const counterAt = new Contract(target, counter.abi, provider);
    expect(await counterAt.getFunction("count")()).toBe(0n);
    await provider.send("hardhat_setStorageAt", [target, "0x0", toPaddedRpcQuantity(41, 32)]);
    expect(await counterAt.getFunction("count")()).toBe(41n);
    // A transaction into the set code runs it.
    const wallet = new Wallet(ANVIL_DEV_KEYS[2], provider);
    await (
      await wallet.sendTransaction({ to: target, data: counterAbi.encodeFunctionData("increment") })
    ).wait();
    expect(await counterAt.getFunction("count")()).toBe(42n);
  });

  it("setNonce changes the next nonce of an account", async () => {
    const account = ANVIL_DEV_ADDRESSES[3];
    expect(await provider.send("hardhat_setNonce", [account, toRpcQuantity(100)])).toBe(true);
    expect(await provider.getTransactionCount(account)).toBe(100);
    const wallet = new Wallet(ANVIL_DEV_KEYS[3], provider);
    const response = await wallet.sendTransaction({ to: ZeroAddress, value: 1n });
    expect(response.nonce).toBe(100);
    await response.wait();
  });

  it("dropTransaction removes a pending transaction (true), false when it is not there", async () => {
    await provider.send("evm_setAutomine", [false]);
    try {
      const hash = (await provider.send("eth_sendTransaction", [
        { from: ANVIL_DEV_ADDRESSES[4], to: ZeroAddress, value: "0x1" },
      ])) as string;
      expect(await provider.send("hardhat_getAutomine", [])).toBe(false);
      expect(await provider.send("hardhat_dropTransaction", [hash])).toBe(true);
      expect(await provider.send("hardhat_dropTransaction", [hash])).toBe(false);
      expect(await provider.send("eth_getTransactionByHash", [hash])).toBeNull();
    } finally {
      await provider.send("evm_setAutomine", [true]);
    }
  });

  it("hardhat_dropTransaction refuses a mined transaction with -32000", async () => {
    const wallet = new Wallet(ANVIL_DEV_KEYS[4], provider);
    const response = await wallet.sendTransaction({ to: ZeroAddress, value: 1n });
    await response.wait();
    expect((await rpc.error("hardhat_dropTransaction", response.hash)).code).toBe(-32000);
  });

  it("hardhat_metadata has Hardhat's shape", async () => {
    const metadata = (await provider.send("hardhat_metadata", [])) as Record<string, unknown>;
    const latest = await rpc.latest();
    expect(metadata).toEqual({
      clientVersion: expect.stringMatching(/^pevm-devnet\/v/),
      chainId: 31337,
      instanceId: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      latestBlockNumber: Number(latest.number),
      latestBlockHash: latest.hash,
    });
    expect((await provider.send("hardhat_metadata", [])) as unknown).toMatchObject({
      instanceId: metadata.instanceId,
    });
  });
});
