/**
 * A devnet forking a real anvil that the test starts and fills: a token, holders, blocks. The
 * fork sees the remote at the fork block and not later; local transfers, impersonation,
 * snapshots, resets and history across the fork point work; the remote is never written to.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Interface } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Devnet } from "../../../src/devnet/Devnet.js";
import type { ForkOptions } from "../../../src/devnet/fork/ForkOptions.js";
import { isDevnetError } from "../../../src/errors/DevnetError.js";
import { ANVIL_DEV_ADDRESSES, type AnvilInstance, startAnvil } from "../../support/anvil.js";
import { loadArtifact } from "../../support/artifacts.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../support/devnetServer.js";
import { type RpcProxy, startRpcProxy } from "../../support/rpcProxy.js";

const token = loadArtifact("Token");
const abi = new Interface(token.abi as never);
const deployer = ANVIL_DEV_ADDRESSES[0].toLowerCase();
const whale = "0x00000000000000000000000000000000000a11ce";
const other = "0x00000000000000000000000000000000000b0b00";
const holders = Array.from({ length: 8 }, (_, i) => `0x${(0x1000 + i).toString(16).padStart(40, "0")}`);

let anvil: AnvilInstance;
let remote: Rpc;
let tokenAddress: string;
let forkBlock: bigint;
let deployHash: string;
let cacheDir: string;

async function send(rpc: Rpc, from: string, to: string | undefined, data: string): Promise<string> {
  const request = { from, ...(to === undefined ? {} : { to }), data, gas: "0x200000" };
  const hash = await rpc.call<string>("eth_sendTransaction", request);
  // anvil's automine answers the hash before its block is in: wait for the receipt.
  for (let tries = 0; ; tries++) {
    const receipt = await rpc.call<{ status: string } | null>("eth_getTransactionReceipt", hash);
    if (receipt !== null) {
      expect(receipt.status).toBe("0x1");
      return hash;
    }
    if (tries > 100) throw new Error(`${hash} not mined`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function balanceOf(rpc: Rpc, holder: string, block = "latest"): Promise<bigint> {
  const data = abi.encodeFunctionData("balanceOf", [holder]);
  return BigInt(await rpc.call<string>("eth_call", { to: tokenAddress, data }, block));
}

function forkOptions(extra: Partial<ForkOptions> = {}): ForkOptions {
  return { url: anvil.url, cachePath: cacheDir, retries: 1, retryBackoffMs: 10, timeoutMs: 2000, ...extra };
}

beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), "pevm-fork-cache-"));
  anvil = await startAnvil(["--chain-id", "4242"]);
  remote = new Rpc(anvil.url);
  const deploy = abi.encodeDeploy(["Token", "TKN", 1_000_000n]);
  deployHash = await send(remote, deployer, undefined, token.bytecode + deploy.slice(2));
  const receipt = await remote.call<{ contractAddress: string }>("eth_getTransactionReceipt", deployHash);
  tokenAddress = receipt.contractAddress.toLowerCase();
  await send(remote, deployer, tokenAddress, abi.encodeFunctionData("mint", [whale, 5000n]));
  for (const holder of holders)
    await send(remote, deployer, tokenAddress, abi.encodeFunctionData("mint", [holder, 100n]));
  forkBlock = BigInt(await remote.call<string>("eth_blockNumber"));
  // After the fork block: the fork must not see it.
  await send(remote, deployer, tokenAddress, abi.encodeFunctionData("mint", [whale, 1n]));
}, 60_000);

afterAll(async () => {
  await anvil?.stop();
  rmSync(cacheDir, { recursive: true, force: true });
});

describe("a forked devnet", () => {
  let server: DevnetServer;
  let rpc: Rpc;

  beforeAll(async () => {
    server = await startDevnetServer({ fork: forkOptions({ blockNumber: forkBlock }) });
    rpc = new Rpc(server.url);
  }, 30_000);
  afterAll(async () => server?.close());

  it("starts at the fork block, with the remote's chain id and state there", async () => {
    expect(BigInt(await rpc.call<string>("eth_blockNumber"))).toBe(forkBlock);
    expect(await rpc.call("eth_chainId")).toBe("0x1092");
    expect(await balanceOf(rpc, whale)).toBe(5000n);
    expect(await balanceOf(remote, whale)).toBe(5001n);
    expect(await rpc.call("eth_getCode", tokenAddress)).toBe(
      await remote.call("eth_getCode", tokenAddress, `0x${forkBlock.toString(16)}`),
    );
    // The dev accounts are funded locally, their nonces the remote's.
    expect(BigInt(await rpc.call<string>("eth_getBalance", deployer))).toBe(10_000n * 10n ** 18n);
    expect(await rpc.call("eth_getTransactionCount", deployer)).toBe(
      await remote.call("eth_getTransactionCount", deployer, `0x${forkBlock.toString(16)}`),
    );
  });

  it("serves the history up to the fork block from the remote", async () => {
    const before = `0x${(forkBlock - 2n).toString(16)}`;
    expect(await rpc.call("eth_getTransactionCount", deployer, before)).toBe(
      await remote.call("eth_getTransactionCount", deployer, before),
    );
    expect(await rpc.call("eth_getBalance", whale, before)).toBe(
      await remote.call("eth_getBalance", whale, before),
    );
    const remoteBlock = await remote.call<{ hash: string }>(
      "eth_getBlockByNumber",
      `0x${forkBlock.toString(16)}`,
      false,
    );
    expect(await rpc.call("eth_getBlockByNumber", `0x${forkBlock.toString(16)}`, false)).toEqual(remoteBlock);
    expect(await rpc.call("eth_getBlockByHash", remoteBlock.hash, false)).toEqual(remoteBlock);
    expect(await rpc.call("eth_getTransactionByHash", deployHash)).toEqual(
      await remote.call("eth_getTransactionByHash", deployHash),
    );
    expect(await rpc.call("eth_getTransactionReceipt", deployHash)).toEqual(
      await remote.call("eth_getTransactionReceipt", deployHash),
    );
  });

  it("mines local blocks after the fork block, and keeps them local", async () => {
    const before = await remote.call<string>("eth_blockNumber");
    const hash = await send(rpc, deployer, tokenAddress, abi.encodeFunctionData("transfer", [other, 7n]));
    const block = await rpc.call<{
      number: string;
      parentHash: string;
      timestamp: string;
      baseFeePerGas: string;
    }>("eth_getBlockByNumber", "latest", false);
    const forkPoint = await remote.call<{ hash: string; timestamp: string }>(
      "eth_getBlockByNumber",
      `0x${forkBlock.toString(16)}`,
      false,
    );
    expect(BigInt(block.number)).toBe(forkBlock + 1n);
    expect(block.parentHash).toBe(forkPoint.hash);
    expect(BigInt(block.timestamp)).toBeGreaterThan(BigInt(forkPoint.timestamp));
    expect(await balanceOf(rpc, other)).toBe(7n);
    expect(await balanceOf(remote, other)).toBe(0n);
    expect(await remote.call("eth_blockNumber")).toBe(before);
    // Logs over a range that spans the fork point: the remote's mints and the local transfer.
    const transfer = abi.getEvent("Transfer")?.topicHash as string;
    const logs = await rpc.call<{ transactionHash: string }[]>("eth_getLogs", {
      fromBlock: "0x0",
      toBlock: "latest",
      address: tokenAddress,
      topics: [transfer],
    });
    expect(logs.length).toBe(1 + 1 + holders.length + 1);
    expect(logs.at(-1)?.transactionHash).toBe(hash);
  });

  it("impersonates a holder to move its tokens, and reverts to a snapshot", async () => {
    const snapshot = await rpc.call<string>("evm_snapshot");
    await rpc.call("anvil_impersonateAccount", whale);
    await rpc.call("anvil_setBalance", whale, "0x56bc75e2d63100000");
    await send(rpc, whale, tokenAddress, abi.encodeFunctionData("transfer", [other, 1000n]));
    expect(await balanceOf(rpc, whale)).toBe(4000n);
    expect(await balanceOf(rpc, other)).toBe(1007n);
    expect(await rpc.call("evm_revert", snapshot)).toBe(true);
    expect(await balanceOf(rpc, whale)).toBe(5000n);
    expect(await balanceOf(rpc, other)).toBe(7n);
    expect(await balanceOf(remote, whale)).toBe(5001n);
  });

  it("runs a block of transfers from many remote holders on the parallel engine as sequentially", async () => {
    const results: bigint[][] = [];
    for (const sequential of [true, false]) {
      const devnet = await startDevnetServer({
        fork: forkOptions({ blockNumber: forkBlock, noStorageCaching: true }),
        sequential,
        threads: 2,
        minParallelTransactions: 2,
        learnExecutor: false,
        mining: { mode: "manual" },
      });
      try {
        const local = new Rpc(devnet.url);
        for (const holder of holders) await local.call("anvil_impersonateAccount", holder);
        for (const holder of holders) await local.call("anvil_setBalance", holder, "0x56bc75e2d63100000");
        for (const [i, holder] of holders.entries()) {
          const to = holders[(i + 1) % holders.length];
          await local.call("eth_sendTransaction", {
            from: holder,
            to: tokenAddress,
            data: abi.encodeFunctionData("transfer", [to, BigInt(10 + i)]),
            gas: "0x30000",
          });
        }
        await local.call("evm_mine");
        const block = await local.call<{ transactions: string[] }>("eth_getBlockByNumber", "latest", false);
        expect(block.transactions.length).toBe(holders.length);
        // The engine had all it read at hand: no fallback.
        expect(devnet.devnet.head.ran).toEqual(
          sequential ? { executor: "sequential" } : expect.objectContaining({ executor: "parallel" }),
        );
        const balances: bigint[] = [];
        for (const holder of holders) balances.push(await balanceOf(local, holder));
        results.push(balances);
      } finally {
        await devnet.close();
      }
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0]?.[1]).toBe(100n - 11n + 10n);
  }, 30_000);

  it("mines a remote holder's chain of transactions to fresh addresses in one block", async () => {
    const holder = holders[3] as string;
    const recipients = [1, 2, 3].map((i) => `0x${(0xc000 + i).toString(16).padStart(40, "0")}`);
    await rpc.call("anvil_impersonateAccount", holder);
    await rpc.call("anvil_setBalance", holder, "0x56bc75e2d63100000");
    await rpc.call("evm_setAutomine", false);
    try {
      for (const [i, to] of recipients.entries()) {
        const data = abi.encodeFunctionData("transfer", [to, BigInt(i + 1)]);
        await rpc.call("eth_sendTransaction", { from: holder, to: tokenAddress, data, gas: "0x30000" });
      }
      await rpc.call("evm_mine");
    } finally {
      await rpc.call("evm_setAutomine", true);
    }
    const block = await rpc.call<{ transactions: string[] }>("eth_getBlockByNumber", "latest", false);
    expect(block.transactions).toHaveLength(3);
    for (const [i, to] of recipients.entries()) expect(await balanceOf(rpc, to)).toBe(BigInt(i + 1));
    expect(await balanceOf(rpc, holder)).toBe(94n);
  });

  it("anvil_setRpcUrl moves to another URL of the same chain, and refuses another chain", async () => {
    const proxy = await startRpcProxy(anvil.url);
    const other = await startAnvil();
    try {
      expect(await rpc.call("anvil_setRpcUrl", proxy.url)).toBeNull();
      expect(await balanceOf(rpc, holders[2] as string)).toBe(100n);
      expect(proxy.calls).toBeGreaterThan(0);
      expect((await rpc.error("anvil_setRpcUrl", other.url)).code).toBe(-32602);
      expect((await rpc.call<{ forkConfig: { forkUrl: string } }>("anvil_nodeInfo")).forkConfig.forkUrl).toBe(
        proxy.url,
      );
      expect(await rpc.call("anvil_setRpcUrl", anvil.url)).toBeNull();
    } finally {
      await other.stop();
      await proxy.close();
    }
  });

  it("resets to another fork block, and back to a local chain", async () => {
    await rpc.call("anvil_reset", {
      forking: { jsonRpcUrl: anvil.url, blockNumber: Number(forkBlock - 1n) },
    });
    expect(BigInt(await rpc.call<string>("eth_blockNumber"))).toBe(forkBlock - 1n);
    expect(await balanceOf(rpc, holders.at(-1) as string)).toBe(0n);
    expect(await balanceOf(rpc, holders.at(-2) as string)).toBe(100n);
    await rpc.call("hardhat_reset", { forking: { blockNumber: Number(forkBlock) } });
    expect(await balanceOf(rpc, holders.at(-1) as string)).toBe(100n);
    await rpc.call("anvil_reset");
    expect(await rpc.call("eth_blockNumber")).toBe("0x0");
    expect(await rpc.call("eth_getCode", tokenAddress)).toBe("0x");
  });
});

describe("a reset to a fork of another chain", () => {
  let otherChain: AnvilInstance;
  beforeAll(async () => {
    otherChain = await startAnvil(["--chain-id", "5151"]);
  }, 30_000);
  afterAll(async () => otherChain?.stop());

  it("serves the new remote's chain id, and mines transactions signed for it", async () => {
    const server = await startDevnetServer({
      fork: forkOptions({ blockNumber: forkBlock, noStorageCaching: true }),
    });
    try {
      const local = new Rpc(server.url);
      expect(await local.call("eth_chainId")).toBe("0x1092");
      await local.call("anvil_reset", { forking: { jsonRpcUrl: otherChain.url } });
      expect(await local.call("eth_chainId")).toBe("0x141f");
      expect(await local.call("net_version")).toBe("5151");
      const hash = await local.call<string>("eth_sendTransaction", {
        from: deployer,
        to: other,
        value: "0x1",
      });
      const tx = await local.call<{ chainId: string }>("eth_getTransactionByHash", hash);
      expect(tx.chainId).toBe("0x141f");
      expect(await local.call("eth_getBalance", other)).toBe("0x1");
      await local.call("hardhat_reset", {
        forking: { jsonRpcUrl: anvil.url, blockNumber: Number(forkBlock) },
      });
      expect(await local.call("eth_chainId")).toBe("0x1092");
      expect(await balanceOf(local, whale)).toBe(5000n);
    } finally {
      await server.close();
    }
  }, 30_000);

  it("keeps a chain id the devnet was given", async () => {
    const server = await startDevnetServer({
      chainId: 777n,
      fork: forkOptions({ blockNumber: forkBlock, noStorageCaching: true }),
    });
    try {
      const local = new Rpc(server.url);
      await local.call("anvil_reset", { forking: { jsonRpcUrl: otherChain.url } });
      expect(await local.call("eth_chainId")).toBe("0x309");
    } finally {
      await server.close();
    }
  }, 30_000);
});

describe("the fork's disk cache", () => {
  it("answers a second start on the same block without asking the remote (counted at a proxy)", async () => {
    const proxy = await startRpcProxy(anvil.url);
    const stateReads = () =>
      proxy.methods.filter((method) => /^eth_get(Balance|TransactionCount|Code|StorageAt)$/.test(method));
    try {
      const options = forkOptions({ url: proxy.url, blockNumber: forkBlock - 2n });
      const first = await startDevnetServer({ fork: options });
      for (const holder of holders.slice(0, 3)) await balanceOf(new Rpc(first.url), holder);
      await first.close();
      expect(stateReads().length).toBeGreaterThan(0);
      proxy.reset();
      const second = await startDevnetServer({ fork: options });
      try {
        for (const holder of holders.slice(0, 3)) await balanceOf(new Rpc(second.url), holder);
        expect(stateReads()).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      await proxy.close();
    }
  });
});

describe("a fork's remote failing", () => {
  let proxy: RpcProxy;
  let server: DevnetServer;
  let rpc: Rpc;

  beforeAll(async () => {
    proxy = await startRpcProxy(anvil.url);
    server = await startDevnetServer({
      fork: forkOptions({ url: proxy.url, blockNumber: forkBlock, noStorageCaching: true, timeoutMs: 500 }),
      mining: { mode: "manual" },
    });
    rpc = new Rpc(server.url);
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
  });

  it("an unreachable or non-Ethereum URL fails at once with the remote named", async () => {
    const started = performance.now();
    const unreachable = await Devnet.create({ fork: forkOptions({ url: "http://127.0.0.1:1" }) }).catch(
      (e) => e,
    );
    expect(isDevnetError(unreachable) && unreachable.code).toBe(-32603);
    proxy.mode = "html";
    const html = await Devnet.create({ fork: forkOptions({ url: proxy.url }) }).catch((e) => e);
    proxy.mode = "pass";
    expect(isDevnetError(html) && html.code).toBe(-32603);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("a request retries, then fails naming the remote, and works once the remote is back", async () => {
    for (const mode of ["rate-limit", "fail", "hang"] as const) {
      proxy.mode = mode;
      proxy.reset();
      const error = await rpc.error("eth_getBalance", holders[0], "latest");
      expect(error.code).toBe(-32603);
      expect(error.message).toContain(proxy.url);
      expect(proxy.roundTrips).toBe(2); // the first try and one retry
    }
    proxy.mode = "pass";
    expect(await rpc.call("eth_getBalance", holders[0], "latest")).toBe("0x0");
  });

  it("a block that cannot load its state is not mined, and the pool keeps its transactions", async () => {
    const data = abi.encodeFunctionData("transfer", [holders[5], 1n]);
    const hash = await rpc.call<string>("eth_sendTransaction", {
      from: deployer,
      to: tokenAddress,
      data,
      gas: "0x30000",
    });
    const height = await rpc.call<string>("eth_blockNumber");
    proxy.mode = "fail";
    expect((await rpc.error("evm_mine")).code).toBe(-32603);
    expect(await rpc.call("eth_blockNumber")).toBe(height);
    expect(await rpc.call("txpool_status")).toEqual({ pending: "0x1", queued: "0x0" });
    proxy.mode = "pass";
    await rpc.call("evm_mine");
    expect(await rpc.call<{ status: string }>("eth_getTransactionReceipt", hash)).toMatchObject({
      status: "0x1",
    });
    expect(await balanceOf(rpc, holders[5] as string)).toBe(101n);
    // Everything the devnet asked the remote was a read.
    expect(proxy.methods.filter((method) => !/^eth_(get|chainId|blockNumber|call)/.test(method))).toEqual([]);
  });

  it("a corrupt disk cache is ignored with a warning", async () => {
    const file = join(cacheDir, "4242", `${forkBlock - 3n}.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '{"format":"pevm-devnet-fork-cache/1","chainId":"4242","block":"1","accounts":{');
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    try {
      const devnet = await Devnet.create({ fork: forkOptions({ blockNumber: forkBlock - 3n }) });
      expect(warnings.join("\n")).toContain("ignoring the fork cache");
      await devnet.close();
    } finally {
      console.warn = warn;
    }
  });
});

describe("a pevm-devnet as the remote", () => {
  it("forks it as it forks anvil", async () => {
    const origin = await startDevnetServer({ chainId: 4343n });
    const originRpc = new Rpc(origin.url);
    try {
      const deploy = abi.encodeDeploy(["Token", "TKN", 1_000n]);
      const created = await send(originRpc, deployer, undefined, token.bytecode + deploy.slice(2));
      const address = (
        await originRpc.call<{ contractAddress: string }>("eth_getTransactionReceipt", created)
      ).contractAddress;
      await send(originRpc, deployer, address, abi.encodeFunctionData("mint", [whale, 42n]));
      const height = BigInt(await originRpc.call<string>("eth_blockNumber"));
      const fork = await startDevnetServer({
        fork: forkOptions({ url: origin.url, noStorageCaching: true }),
      });
      try {
        const rpc = new Rpc(fork.url);
        const balance = async (holder: string) =>
          BigInt(
            await rpc.call<string>("eth_call", {
              to: address,
              data: abi.encodeFunctionData("balanceOf", [holder]),
            }),
          );
        expect(await rpc.call("eth_chainId")).toBe("0x10f7");
        expect(BigInt(await rpc.call<string>("eth_blockNumber"))).toBe(height);
        expect(await balance(whale)).toBe(42n);
        await rpc.call("anvil_impersonateAccount", whale);
        await rpc.call("anvil_setBalance", whale, "0xde0b6b3a7640000");
        await send(rpc, whale, address, abi.encodeFunctionData("transfer", [other, 40n]));
        expect(await balance(other)).toBe(40n);
        expect(await rpc.call("eth_getTransactionReceipt", created)).toEqual(
          await originRpc.call("eth_getTransactionReceipt", created),
        );
        expect(await originRpc.call("eth_blockNumber")).toBe(`0x${height.toString(16)}`);
      } finally {
        await fork.close();
      }
    } finally {
      await origin.close();
    }
  });
});
