/**
 * viem's test client in both of its modes, over real HTTP: "anvil" calls the anvil_ names,
 * "hardhat" the hardhat_ names (and evm_ for what both share).
 */
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  parseEther,
  publicActions,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry, hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_ADDRESSES, ANVIL_DEV_KEYS } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { type DevTestServer, startDevServer } from "./devServer.js";

const counter = loadArtifact("Counter");
const countAbi = [
  {
    type: "function",
    name: "count",
    inputs: [],
    outputs: [{ type: "uint256", name: "" }],
    stateMutability: "view",
  },
] as const;

describe.each(["anvil", "hardhat"] as const)("viem test client, mode %s", (mode) => {
  let server: DevTestServer;
  let client: ReturnType<typeof makeClient>;
  const chain = mode === "anvil" ? foundry : hardhat;
  const makeClient = (url: string) =>
    createTestClient({ mode, chain, transport: http(url) }).extend(publicActions);

  beforeAll(async () => {
    server = await startDevServer();
    client = makeClient(server.url);
  });

  afterAll(async () => {
    await server?.close();
  });

  it("mine and getAutomine / setAutomine", async () => {
    const before = await client.getBlockNumber({ cacheTime: 0 });
    await client.mine({ blocks: 3 });
    expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(before + 3n);
    expect(await client.getAutomine()).toBe(true);
    await client.setAutomine(false);
    expect(await client.getAutomine()).toBe(false);
    await client.setAutomine(true);
    expect(await client.getAutomine()).toBe(true);
  });

  it("setBalance, setNonce, setCode, setStorageAt", async () => {
    const address: Address = `0x${"12".repeat(20)}`;
    await client.setBalance({ address, value: parseEther("3") });
    expect(await client.getBalance({ address })).toBe(parseEther("3"));
    await client.setNonce({ address, nonce: 7 });
    expect(await client.getTransactionCount({ address })).toBe(7);
    await client.setCode({ address, bytecode: counter.deployedBytecode });
    expect(await client.getCode({ address })).toBe(counter.deployedBytecode);
    await client.setStorageAt({ address, index: 0, value: `0x${"00".repeat(31)}2a` });
    expect(await client.readContract({ address, abi: countAbi, functionName: "count" })).toBe(42n);
    expect(await client.getStorageAt({ address, slot: "0x0" })).toBe(`0x${"00".repeat(31)}2a`);
  });

  it("snapshot and revert", async () => {
    const address: Address = `0x${"34".repeat(20)}`;
    const id = await client.snapshot();
    await client.setBalance({ address, value: 1n });
    await client.mine({ blocks: 2 });
    await client.revert({ id });
    expect(await client.getBalance({ address })).toBe(0n);
    // Used up: reverting again answers false (viem does not look at the answer).
    const raw = await client.request({ method: "evm_revert", params: [id] } as never);
    expect(raw).toBe(false);
  });

  it("impersonateAccount lets a wallet client send from a key-less address", async () => {
    const whale: Address = `0x${"56".repeat(20)}`;
    const recipient: Address = `0x${"78".repeat(20)}`;
    await client.setBalance({ address: whale, value: parseEther("10") });
    await client.impersonateAccount({ address: whale });
    const wallet = createWalletClient({ account: whale, chain, transport: http(server.url) });
    const hash = await wallet.sendTransaction({ to: recipient, value: 1000n });
    const receipt = await client.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    expect(receipt.from).toBe(whale);
    expect(await client.getBalance({ address: recipient })).toBe(1000n);
    await client.stopImpersonatingAccount({ address: whale });
    await expect(wallet.sendTransaction({ to: recipient, value: 1n })).rejects.toThrow();
  });

  it("setNextBlockTimestamp and increaseTime", async () => {
    const latest = await client.getBlock({ blockTag: "latest" });
    await client.setNextBlockTimestamp({ timestamp: latest.timestamp + 1000n });
    await client.mine({ blocks: 1 });
    expect((await client.getBlock({ blockTag: "latest" })).timestamp).toBe(latest.timestamp + 1000n);
    await client.increaseTime({ seconds: 3600 });
    await client.mine({ blocks: 1 });
    const after = (await client.getBlock({ blockTag: "latest" })).timestamp;
    expect(after).toBeGreaterThanOrEqual(latest.timestamp + 4600n);
    expect(after).toBeLessThan(latest.timestamp + 4620n);
  });

  it("txpool status, content and inspect; dropTransaction", async () => {
    const account = privateKeyToAccount(ANVIL_DEV_KEYS[1] as Hex);
    const wallet = createWalletClient({ account, chain, transport: http(server.url) });
    const publicClient = createPublicClient({ chain, transport: http(server.url) });
    await client.setAutomine(false);
    try {
      const nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: "pending" });
      const first = await wallet.sendTransaction({ to: ANVIL_DEV_ADDRESSES[2], value: 1n, nonce });
      const gapped = await wallet.sendTransaction({
        to: ANVIL_DEV_ADDRESSES[2],
        value: 2n,
        nonce: nonce + 5,
      });
      expect(await client.getTxpoolStatus()).toEqual({ pending: 1, queued: 1 });
      const sender = account.address.toLowerCase() as Address;
      const content = await client.getTxpoolContent();
      expect(content.pending[sender]?.[String(nonce)]?.hash).toBe(first);
      expect(content.queued[sender]?.[String(nonce + 5)]?.hash).toBe(gapped);
      const inspect = await client.inspectTxpool();
      expect(inspect.pending[sender]?.[String(nonce)]).toMatch(
        new RegExp(`^${ANVIL_DEV_ADDRESSES[2].toLowerCase()}: 1 wei \\+ 21000 gas × \\d+ wei$`),
      );
      await client.dropTransaction({ hash: gapped });
      expect(await client.getTxpoolStatus()).toEqual({ pending: 1, queued: 0 });
      await client.mine({ blocks: 1 });
      expect(await client.getTxpoolStatus()).toEqual({ pending: 0, queued: 0 });
      expect((await publicClient.getTransactionReceipt({ hash: first })).status).toBe("success");
    } finally {
      await client.setAutomine(true);
    }
  });

  it("setBlockGasLimit, setCoinbase, setNextBlockBaseFeePerGas", async () => {
    const coinbase: Address = `0x${"9a".repeat(20)}`;
    await client.setBlockGasLimit({ gasLimit: 20_000_000n });
    await client.setCoinbase({ address: coinbase });
    await client.setNextBlockBaseFeePerGas({ baseFeePerGas: 3_000_000_000n });
    await client.mine({ blocks: 1 });
    const block = await client.getBlock({ blockTag: "latest" });
    expect(block.gasLimit).toBe(20_000_000n);
    expect(block.miner).toBe(coinbase);
    expect(block.baseFeePerGas).toBe(3_000_000_000n);
  });

  it("setMinGasPrice is refused under EIP-1559", async () => {
    await expect(client.setMinGasPrice({ gasPrice: 1n })).rejects.toThrow();
  });

  if (mode === "hardhat") {
    it("setIntervalMining (viem sends milliseconds in hardhat mode)", async () => {
      const before = await client.getBlockNumber({ cacheTime: 0 });
      await client.setIntervalMining({ interval: 1 });
      try {
        expect(await client.getAutomine()).toBe(false);
        await new Promise((resolve) => setTimeout(resolve, 2_300));
        const mined = (await client.getBlockNumber({ cacheTime: 0 })) - before;
        // One block a second: not a thousand (milliseconds read as seconds would give none).
        expect(mined).toBeGreaterThanOrEqual(1n);
        expect(mined).toBeLessThanOrEqual(4n);
      } finally {
        await client.setIntervalMining({ interval: 0 });
        await client.setAutomine(true);
      }
    });
  }

  if (mode === "anvil") {
    it("sendUnsignedTransaction sends from any address", async () => {
      const from: Address = `0x${"bc".repeat(20)}`;
      await client.setBalance({ address: from, value: parseEther("1") });
      const hash = await client.sendUnsignedTransaction({ from, to: ANVIL_DEV_ADDRESSES[0], value: 5n });
      const receipt = await client.waitForTransactionReceipt({ hash });
      expect(receipt.from).toBe(from);
      expect(receipt.status).toBe("success");
    });
  }
});
