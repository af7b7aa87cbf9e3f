/**
 * The dev methods one by one, beyond what the client suites cover: the list itself, parameter
 * forms, interval mining, the clock, ERC-20 dealing, auto-impersonation, pool removals,
 * pre-London refusals, and the cost of a snapshot and revert without HTTP.
 */
import { Interface, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Devnet } from "../../../../src/devnet/Devnet.js";
import { createDevnet } from "../../../../src/rpc/createDevnet.js";
import { devMethods } from "../../../../src/rpc/methods/devMethods.js";
import { readMethods } from "../../../../src/rpc/methods/readMethods.js";
import { MethodRegistry } from "../../../../src/rpc/registry.js";
import { ANVIL_DEV_ADDRESSES, ANVIL_DEV_KEYS } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { waitForReceipt } from "../../../support/jsonRpc.js";
import { type DevTestServer, Rpc, startDevServer } from "./devServer.js";

const token = loadArtifact("Token");
const tokenAbi = new Interface(token.abi);
const counter = loadArtifact("Counter");
const counterAbi = new Interface(counter.abi);
const GWEI = 1_000_000_000n;

let server: DevTestServer;
let rpc: Rpc;

beforeAll(async () => {
  server = await startDevServer();
  rpc = new Rpc(server.url);
});

afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const blockNumber = async () => BigInt(await rpc.call<string>("eth_blockNumber"));

/** Milliseconds until a block after `after` appears; fails after `timeoutMs`. */
async function msUntilBlockAfter(after: bigint, timeoutMs = 5_000): Promise<number> {
  const started = performance.now();
  while ((await blockNumber()) <= after) {
    if (performance.now() - started > timeoutMs) throw new Error(`no block after ${after}`);
    await sleep(20);
  }
  return performance.now() - started;
}

describe("the list", () => {
  it("names each method once, under the evm_, anvil_, hardhat_, txpool_ and eth_ namespaces", () => {
    const names = devMethods.map((method) => method.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^(evm|anvil|hardhat|txpool|eth)_[a-zA-Z0-9]+$/);
    // Registers next to the read methods without a clash.
    expect(() => new MethodRegistry<Devnet>().register(...readMethods, ...devMethods)).not.toThrow();
  });
});

describe("parameters", () => {
  const account = `0x${"a1".repeat(20)}`;

  it("takes numbers as JSON numbers, hex quantities and decimal strings", async () => {
    for (const [value, expected] of [
      [255, "0xff"],
      ["0x100", "0x100"],
      ["0x0101", "0x101"],
      ["1000", "0x3e8"],
      [`0x${"f".repeat(64)}`, `0x${"f".repeat(64)}`],
    ] as const) {
      await rpc.call("anvil_setBalance", account, value);
      expect(await rpc.call("eth_getBalance", account, "latest")).toBe(expected);
    }
  });

  it("refuses what is not a non-negative 256-bit number with -32602", async () => {
    for (const value of [-1, 1.5, "0x", "12a", `0x1${"0".repeat(64)}`, "1".repeat(80), null, true, {}]) {
      expect((await rpc.error("anvil_setBalance", account, value)).code, JSON.stringify(value)).toBe(-32602);
    }
    expect((await rpc.error("anvil_setNonce", account, `0x1${"0".repeat(16)}`)).code).toBe(-32602);
  });

  it("setStorageAt takes a short value as a number, and a slot as a quantity or a word", async () => {
    expect(await rpc.call("anvil_setStorageAt", account, `0x${"00".repeat(31)}07`, "0x5")).toBe(true);
    expect(await rpc.call("eth_getStorageAt", account, "0x7", "latest")).toBe(`0x${"00".repeat(31)}05`);
    expect((await rpc.error("anvil_setStorageAt", account, "0x7", `0x1${"00".repeat(32)}`)).code).toBe(
      -32602,
    );
  });

  it("anvil_addBalance loses no addition when requests arrive together, a block being mined", async () => {
    const handle = await createDevnet();
    try {
      const target = `0x${"ad".repeat(20)}`;
      const add = () => handle.request({ method: "anvil_addBalance", params: [target, "0x1"] });
      await Promise.all([handle.request({ method: "evm_mine" }), ...Array.from({ length: 20 }, add)]);
      expect(await handle.request({ method: "eth_getBalance", params: [target, "latest"] })).toBe("0x14");
    } finally {
      await handle.close();
    }
  });

  it("anvil_addBalance saturates at 2^256 - 1", async () => {
    await rpc.call("anvil_setBalance", account, `0x${"f".repeat(63)}0`);
    await rpc.call("anvil_addBalance", account, "0x100");
    expect(await rpc.call("eth_getBalance", account, "latest")).toBe(`0x${"f".repeat(64)}`);
  });
});

describe("mining", () => {
  it("evm_mine with { blocks } mines many blocks as cheaply as anvil_mine", async () => {
    const before = await blockNumber();
    expect(await rpc.call("evm_mine", { blocks: 100_000 })).toBe("0x0");
    expect(await blockNumber()).toBe(before + 100_000n);
    const middle = await rpc.call<{ number: string; parentHash: string }>(
      "eth_getBlockByNumber",
      `0x${(before + 50_000n).toString(16)}`,
      false,
    );
    const previous = await rpc.call<{ hash: string }>(
      "eth_getBlockByNumber",
      `0x${(before + 49_999n).toString(16)}`,
      false,
    );
    expect(middle.parentHash).toBe(previous.hash);
  });

  it("evm_mine with { timestamp, blocks } mines the first block at the timestamp", async () => {
    const latest = BigInt((await rpc.latest()).timestamp);
    const before = await blockNumber();
    expect(await rpc.call("evm_mine", { timestamp: Number(latest + 500n), blocks: 3 })).toBe("0x0");
    expect(await blockNumber()).toBe(before + 3n);
    const first = await rpc.call<{ timestamp: string }>(
      "eth_getBlockByNumber",
      `0x${(before + 1n).toString(16)}`,
      false,
    );
    expect(BigInt(first.timestamp)).toBe(latest + 500n);
    expect(BigInt((await rpc.latest()).timestamp)).toBeGreaterThan(latest + 500n);
  });

  it("anvil_mine of 0 blocks mines nothing; default is one block", async () => {
    const before = await blockNumber();
    expect(await rpc.call("anvil_mine", "0x0")).toBeNull();
    expect(await blockNumber()).toBe(before);
    expect(await rpc.call("anvil_mine")).toBeNull();
    expect(await blockNumber()).toBe(before + 1n);
  });

  it("anvil_setIntervalMining takes seconds; 0 leaves mining manual", async () => {
    const before = await blockNumber();
    expect(await rpc.call("anvil_setIntervalMining", 1)).toBeNull();
    try {
      expect(await rpc.call("anvil_getAutomine")).toBe(false);
      // A second, not a millisecond.
      expect(await msUntilBlockAfter(before)).toBeGreaterThan(800);
    } finally {
      expect(await rpc.call("anvil_setIntervalMining", 0)).toBeNull();
    }
    const stopped = await blockNumber();
    await sleep(1_200);
    expect(await blockNumber()).toBe(stopped);
    expect(await rpc.call("anvil_getAutomine")).toBe(false);
    await rpc.call("evm_setAutomine", true);
  });

  it("evm_setIntervalMining takes Hardhat's milliseconds, or a [min, max] range", async () => {
    const before = await blockNumber();
    expect(await rpc.call("evm_setIntervalMining", [200, 400])).toBeNull();
    try {
      // About 300 ms: well under a second, well over a millisecond.
      const first = await msUntilBlockAfter(before);
      expect(first).toBeGreaterThan(150);
      expect(first).toBeLessThan(900);
    } finally {
      await rpc.call("evm_setIntervalMining", 0);
      await rpc.call("evm_setAutomine", true);
    }
    expect((await rpc.error("evm_setIntervalMining", [400, 200])).code).toBe(-32602);
  });

  it("evm_setAutomine(false) leaves interval mining on (as anvil)", async () => {
    await rpc.call("anvil_setIntervalMining", 1);
    try {
      await rpc.call("evm_setAutomine", false);
      await msUntilBlockAfter(await blockNumber());
    } finally {
      await rpc.call("evm_setAutomine", true);
    }
    expect(await rpc.call("anvil_getAutomine")).toBe(true);
  });

  it("evm_setBlockGasLimit refuses 0 with -32000", async () => {
    expect((await rpc.error("evm_setBlockGasLimit", "0x0")).code).toBe(-32000);
  });
});

describe("the clock", () => {
  it("anvil_setTime moves the clock, also given milliseconds, and answers the seconds ahead", async () => {
    const target = BigInt((await rpc.latest()).timestamp) + 1_000_000n;
    const ahead = await rpc.call<number>("anvil_setTime", Number(target) * 1000);
    expect(ahead).toBeGreaterThan(900_000);
    await rpc.call("evm_mine");
    const mined = BigInt((await rpc.latest()).timestamp);
    expect(mined).toBeGreaterThanOrEqual(target);
    expect(mined).toBeLessThan(target + 5n);
    expect(await rpc.call("evm_setTime", 1)).toBe(0);
    expect((await rpc.error("anvil_setTime", `0x${"f".repeat(16)}`)).code).toBe(-32602);
  });

  it("a next timestamp set then forgotten by anvil_setTime is not used", async () => {
    const latest = BigInt((await rpc.latest()).timestamp);
    await rpc.call("evm_setNextBlockTimestamp", Number(latest + 10_000n));
    await rpc.call("anvil_setTime", Number(latest + 50_000n));
    await rpc.call("evm_mine");
    expect(BigInt((await rpc.latest()).timestamp)).toBeGreaterThanOrEqual(latest + 50_000n);
  });
});

describe("ERC-20 dealing", () => {
  let tokenAddress: string;
  const holder = `0x${"b7".repeat(20)}`;
  const spender = `0x${"b8".repeat(20)}`;
  const view = async (data: string) =>
    BigInt(await rpc.call<string>("eth_call", { to: tokenAddress, data }, "latest"));

  beforeAll(async () => {
    const hash = await rpc.call<string>("eth_sendTransaction", {
      from: ANVIL_DEV_ADDRESSES[0],
      data: `${token.bytecode}${tokenAbi.encodeDeploy(["Deal", "DL", 1_000n]).slice(2)}`,
    });
    tokenAddress = (await waitForReceipt(server.url, hash)).contractAddress ?? "";
  });

  it("deals a balance (and again over it, and to zero) without touching totalSupply", async () => {
    for (const amount of [5_000n, 7n, 0n]) {
      expect(await rpc.call("anvil_dealERC20", holder, tokenAddress, `0x${amount.toString(16)}`)).toBeNull();
      expect(await view(tokenAbi.encodeFunctionData("balanceOf", [holder]))).toBe(amount);
    }
    expect(await view(tokenAbi.encodeFunctionData("totalSupply"))).toBe(1_000n);
  });

  it("a dealt balance can be spent", async () => {
    await rpc.call("anvil_dealERC20", ANVIL_DEV_ADDRESSES[3], tokenAddress, 300);
    const hash = await rpc.call<string>("eth_sendTransaction", {
      from: ANVIL_DEV_ADDRESSES[3],
      to: tokenAddress,
      data: tokenAbi.encodeFunctionData("transfer", [holder, 100n]),
    });
    expect((await waitForReceipt(server.url, hash)).status).toBe("0x1");
    expect(await view(tokenAbi.encodeFunctionData("balanceOf", [holder]))).toBe(100n);
  });

  it("sets an allowance", async () => {
    expect(await rpc.call("anvil_setERC20Allowance", holder, spender, tokenAddress, "0x2a")).toBeNull();
    expect(await view(tokenAbi.encodeFunctionData("allowance", [holder, spender]))).toBe(42n);
  });

  it("refuses an address without the view with -32603 (anvil's code)", async () => {
    const plain = `0x${"b9".repeat(20)}`;
    expect((await rpc.error("anvil_dealERC20", holder, plain, "0x1")).code).toBe(-32603);
    await rpc.call("anvil_setCode", plain, counter.deployedBytecode);
    expect((await rpc.error("anvil_setERC20Balance", holder, plain, "0x1")).code).toBe(-32603);
  });
});

describe("impersonation", () => {
  it("anvil_autoImpersonateAccount lets any funded address send", async () => {
    const anyone = `0x${"c3".repeat(20)}`;
    await rpc.call("anvil_setBalance", anyone, "0xde0b6b3a7640000");
    expect((await rpc.error("eth_sendTransaction", { from: anyone, to: anyone, value: "0x1" })).code).toBe(
      -32602,
    );
    await rpc.call("anvil_autoImpersonateAccount", true);
    try {
      const hash = await rpc.call<string>("eth_sendTransaction", { from: anyone, to: anyone, value: "0x1" });
      expect((await waitForReceipt(server.url, hash)).from).toBe(anyone);
    } finally {
      await rpc.call("anvil_autoImpersonateAccount", false);
    }
    expect((await rpc.error("eth_sendTransaction", { from: anyone, to: anyone, value: "0x1" })).code).toBe(
      -32602,
    );
  });

  it("two impersonated transactions in one block have different hashes", async () => {
    const whale = `0x${"c4".repeat(20)}`;
    await rpc.call("anvil_setBalance", whale, "0xde0b6b3a7640000");
    await rpc.call("anvil_impersonateAccount", whale);
    await rpc.call("evm_setAutomine", false);
    try {
      const first = await rpc.call<string>("eth_sendTransaction", { from: whale, to: whale, value: "0x1" });
      const second = await rpc.call<string>("eth_sendTransaction", { from: whale, to: whale, value: "0x1" });
      expect(first).not.toBe(second);
      await rpc.call("evm_mine");
      for (const hash of [first, second]) expect((await waitForReceipt(server.url, hash)).status).toBe("0x1");
    } finally {
      await rpc.call("evm_setAutomine", true);
      await rpc.call("anvil_stopImpersonatingAccount", whale);
    }
  });

  it("an impersonated legacy transaction (gasPrice given) is mined", async () => {
    const whale = `0x${"c5".repeat(20)}`;
    await rpc.call("anvil_setBalance", whale, "0xde0b6b3a7640000");
    await rpc.call("anvil_impersonateAccount", whale);
    const hash = await rpc.call<string>("eth_sendTransaction", {
      from: whale,
      to: whale,
      value: "0x1",
      gasPrice: `0x${(5n * GWEI).toString(16)}`,
    });
    expect((await waitForReceipt(server.url, hash)).status).toBe("0x1");
  });

  // anvil and Hardhat turn EIP-3607 (no sender with code) off on a devnet; so do we.
  it("an impersonated contract can send, and keeps its code", async () => {
    const contract = `0x${"c6".repeat(20)}`;
    const other = `0x${"c7".repeat(20)}`;
    const receiver = `0x${"c8".repeat(20)}`;
    await rpc.call("anvil_setCode", contract, counter.deployedBytecode);
    await rpc.call("anvil_setCode", other, counter.deployedBytecode);
    await rpc.call("anvil_setBalance", contract, "0xde0b6b3a7640000");
    await rpc.call("anvil_impersonateAccount", contract);
    try {
      const transfer = await rpc.call<string>("eth_sendTransaction", {
        from: contract,
        to: receiver,
        value: "0x1",
      });
      expect((await waitForReceipt(server.url, transfer)).status).toBe("0x1");
      expect(await rpc.call("eth_getBalance", receiver, "latest")).toBe("0x1");
      const increment = counterAbi.encodeFunctionData("increment");
      const call = await rpc.call<string>("eth_sendTransaction", {
        from: contract,
        to: other,
        data: increment,
      });
      const receipt = await waitForReceipt(server.url, call);
      expect(receipt.status).toBe("0x1");
      // msg.sender was the contract: Incremented(by = contract).
      expect(receipt.logs[0]?.topics[1]).toBe(`0x${contract.slice(2).padStart(64, "0")}`);
      expect(await rpc.call("eth_getCode", contract, "latest")).toBe(counter.deployedBytecode);
      expect(await rpc.call("eth_getTransactionCount", contract, "latest")).toBe("0x2");
      // Traced again, the mined transaction runs as it did.
      const trace = await rpc.call<{ from: string; to: string }>("debug_traceTransaction", call, {
        tracer: "callTracer",
      });
      expect([trace.from, trace.to]).toEqual([contract, other]);
    } finally {
      await rpc.call("anvil_stopImpersonatingAccount", contract);
    }
  });

  it("calls, estimates and traces from a contract run as from any account", async () => {
    const contract = `0x${"c9".repeat(20)}`;
    await rpc.call("anvil_setCode", contract, counter.deployedBytecode);
    await rpc.call("anvil_setBalance", contract, "0xde0b6b3a7640000");
    const message = { from: contract, to: `0x${"ca".repeat(20)}`, value: "0x1" };
    expect(await rpc.call("eth_call", message, "latest")).toBe("0x");
    expect(await rpc.call("eth_estimateGas", message)).toBe("0x5208");
    const trace = await rpc.call<{ from: string; gasUsed: string }>("debug_traceCall", message, "latest", {
      tracer: "callTracer",
    });
    expect(trace.from).toBe(contract);
    expect(trace.gasUsed).toBe("0x5208");
  });
});

describe("the pool", () => {
  it("eth_pendingTransactions lists what can run now; anvil_removePoolTransactions drops a sender's", async () => {
    const key = ANVIL_DEV_KEYS[4];
    const wallet = new Wallet(key);
    const from = wallet.address.toLowerCase();
    const nonce = Number(BigInt(await rpc.call<string>("eth_getTransactionCount", from, "pending")));
    await rpc.call("evm_setAutomine", false);
    try {
      const sign = (at: number) =>
        wallet.signTransaction({
          type: 2,
          chainId: 31337n,
          nonce: at,
          to: from,
          value: 1n,
          gasLimit: 21_000n,
          maxFeePerGas: 100n * GWEI,
          maxPriorityFeePerGas: GWEI,
        });
      const ready = await rpc.call<string>("eth_sendRawTransaction", await sign(nonce));
      await rpc.call("eth_sendRawTransaction", await sign(nonce + 2));
      const pending =
        await rpc.call<{ hash: string; from: string; blockHash: null }[]>("eth_pendingTransactions");
      expect(pending.map((tx) => tx.hash)).toEqual([ready]);
      expect(pending[0]?.from).toBe(from);
      expect(pending[0]?.blockHash).toBeNull();
      // Dropping the runnable one leaves the other queued.
      expect(await rpc.call("anvil_dropTransaction", ready)).toBe(ready);
      expect(await rpc.call("txpool_status")).toEqual({ pending: "0x0", queued: "0x1" });
      expect(await rpc.call("anvil_removePoolTransactions", from)).toBeNull();
      expect(await rpc.call("txpool_content")).toEqual({ pending: {}, queued: {} });
    } finally {
      await rpc.call("evm_setAutomine", true);
    }
  });
});

describe("node info", () => {
  it("anvil_nodeInfo describes the chain and the next block's fees", async () => {
    const info = await rpc.call<Record<string, unknown>>("anvil_nodeInfo");
    const latest = await rpc.latest();
    expect(info).toMatchObject({
      currentBlockNumber: latest.number,
      currentBlockTimestamp: Number(latest.timestamp),
      currentBlockHash: latest.hash,
      hardFork: "Prague",
      transactionOrder: "fees",
      environment: { chainId: 31337, gasLimit: "0x1c9c380" },
      forkConfig: { forkUrl: null, forkBlockNumber: null, forkRetryBackoff: null },
    });
    const environment = info.environment as { baseFee: string; gasPrice: string };
    expect(BigInt(environment.gasPrice)).toBe(BigInt(environment.baseFee) + GWEI);
    expect(environment.gasPrice).toBe(await rpc.call("eth_gasPrice"));
  });

  it("anvil_metadata lists the live snapshots; a revert removes the used ones", async () => {
    const first = await rpc.call<string>("evm_snapshot");
    await rpc.call("evm_mine");
    const second = await rpc.call<string>("evm_snapshot");
    const { snapshots } = await rpc.call<{ snapshots: Record<string, [number, string]> }>("anvil_metadata");
    expect(Object.keys(snapshots)).toEqual(expect.arrayContaining([first, second]));
    expect(snapshots[second]?.[0]).toBe((snapshots[first]?.[0] ?? 0) + 1);
    await rpc.call("evm_revert", first);
    const after = await rpc.call<{ snapshots: Record<string, unknown> }>("anvil_metadata");
    expect(Object.keys(after.snapshots)).not.toContain(first);
    expect(Object.keys(after.snapshots)).not.toContain(second);
  });

  it("refuses pre-London what needs EIP-1559, and prevRandao before the merge", async () => {
    const old = await startDevServer({ hardfork: "berlin" });
    try {
      const onOld = new Rpc(old.url);
      expect((await onOld.error("anvil_setNextBlockBaseFeePerGas", "0x1")).code).toBe(-32602);
      expect((await onOld.error("hardhat_setNextBlockBaseFeePerGas", "0x1")).code).toBe(-32602);
      expect((await onOld.error("hardhat_setPrevRandao", `0x${"11".repeat(32)}`)).code).toBe(-32000);
      expect((await onOld.error("anvil_setMinGasPrice", "0x1")).code).toBe(-32000);
      expect(await onOld.call("anvil_nodeInfo")).toMatchObject({ hardFork: "Berlin" });
    } finally {
      await old.close();
    }
  });
});

describe("eth_sendTransaction after evm_setBlockGasLimit", () => {
  it("gives a call whose estimate reverts the current block gas limit, so that it is mined (and reverts)", async () => {
    const fresh = await startDevServer();
    try {
      const onFresh = new Rpc(fresh.url);
      const reverts = `0x${"e7".repeat(20)}`;
      await onFresh.call("anvil_setCode", reverts, "0x60006000fd"); // PUSH1 0 PUSH1 0 REVERT
      await onFresh.call("evm_setBlockGasLimit", "0x989680"); // 10M, below the 30M start
      await onFresh.call("evm_mine");
      const hash = await onFresh.call<string>("eth_sendTransaction", {
        from: ANVIL_DEV_ADDRESSES[0],
        to: reverts,
      });
      const receipt = await waitForReceipt(fresh.url, hash);
      expect(receipt.status).toBe("0x0");
      const tx = await onFresh.call<{ gas: string }>("eth_getTransactionByHash", hash);
      expect(BigInt(tx.gas)).toBe(10_000_000n);
    } finally {
      await fresh.close();
    }
  });
});

describe("reset", () => {
  it("hardhat_reset puts the chain back to its genesis, with a new instance id", async () => {
    const fresh = await startDevServer();
    try {
      const onFresh = new Rpc(fresh.url);
      const genesis = await onFresh.call<{ hash: string }>("eth_getBlockByNumber", "0x0", false);
      const { instanceId } = await onFresh.call<{ instanceId: string }>("hardhat_metadata");
      const dev = ANVIL_DEV_ADDRESSES[0];
      const whale = `0x${"d1".repeat(20)}`;
      await onFresh.call("eth_sendTransaction", { from: dev, to: whale, value: "0x1" });
      await onFresh.call("anvil_setBalance", whale, "0xde0b6b3a7640000");
      await onFresh.call("anvil_impersonateAccount", whale);
      const snapshot = await onFresh.call<string>("evm_snapshot");
      await onFresh.call("evm_increaseTime", 1000);
      await onFresh.call("anvil_setCoinbase", whale);
      await onFresh.call("evm_setBlockGasLimit", "0x1000000");
      await onFresh.call("evm_setAutomine", false);
      await onFresh.call("eth_sendTransaction", { from: dev, to: whale, value: "0x1" });

      expect(await onFresh.call("hardhat_reset")).toBe(true);

      expect(await onFresh.call("eth_blockNumber")).toBe("0x0");
      expect((await onFresh.latest()).hash).toBe(genesis.hash);
      expect(BigInt(await onFresh.call<string>("eth_getBalance", dev, "latest"))).toBe(10_000n * 10n ** 18n);
      expect(await onFresh.call("eth_getBalance", whale, "latest")).toBe("0x0");
      expect(await onFresh.call("eth_getTransactionCount", dev, "latest")).toBe("0x0");
      expect(await onFresh.call("txpool_status")).toEqual({ pending: "0x0", queued: "0x0" });
      expect(await onFresh.call("evm_revert", snapshot)).toBe(false);
      expect(await onFresh.call("anvil_getAutomine")).toBe(true);
      expect(await onFresh.call("evm_increaseTime", 0)).toBe(0);
      expect((await onFresh.call<{ instanceId: string }>("hardhat_metadata")).instanceId).not.toBe(
        instanceId,
      );
      expect((await onFresh.error("eth_sendTransaction", { from: whale, to: dev, value: "0x1" })).code).toBe(
        -32602,
      );
      // The chain goes on from the genesis.
      const hash = await onFresh.call<string>("eth_sendTransaction", { from: dev, to: whale, value: "0x2" });
      const receipt = await waitForReceipt(fresh.url, hash);
      expect(receipt.blockNumber).toBe("0x1");
      const block = await onFresh.latest();
      expect(block.miner).toBe(`0x${"00".repeat(20)}`);
      expect(BigInt(block.gasLimit)).toBe(30_000_000n);
      expect(await onFresh.call("eth_getBalance", whale, "latest")).toBe("0x2");
    } finally {
      await fresh.close();
    }
  });

  it("anvil_reset to an unreachable remote fails (-32603) and answers null otherwise", async () => {
    const forking = { forking: { jsonRpcUrl: "http://127.0.0.1:1", blockNumber: 1 } };
    expect((await rpc.error("anvil_reset", forking)).code).toBe(-32603);
    expect((await rpc.error("hardhat_reset", forking)).code).toBe(-32603);
    expect(await rpc.call("anvil_reset", {})).toBeNull();
    expect(await rpc.call("eth_blockNumber")).toBe("0x0");
  });
});

describe("snapshots without HTTP", () => {
  it("300 snapshot + revert cycles take milliseconds", async () => {
    const devnet = await Devnet.create({ sequential: true });
    try {
      await devnet.mineBlocks(20n);
      const started = performance.now();
      let id = await devnet.snapshot();
      for (let i = 0; i < 300; i++) {
        expect(await devnet.revert(id)).toBe(true);
        id = await devnet.snapshot();
      }
      expect(performance.now() - started).toBeLessThan(500);
    } finally {
      await devnet.close();
    }
  });
});
