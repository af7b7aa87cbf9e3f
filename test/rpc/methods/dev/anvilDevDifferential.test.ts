/**
 * The dev methods next to the real anvil (`--hardfork prague`): the same calls, in the same order,
 * on both, and the answers compared (values where they are deterministic, shapes where they hold
 * hashes or clocks, error codes for bad parameters). Transactions are signed once, so both pools
 * hold the same bytes.
 */
import { getCreateAddress, Interface, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANVIL_DEV_ADDRESSES,
  ANVIL_DEV_KEYS,
  type AnvilInstance,
  startAnvil,
} from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { waitForReceipt } from "../../../support/jsonRpc.js";
import { type DevTestServer, Rpc, startDevServer } from "./devServer.js";

const GWEI = 1_000_000_000n;
const token = loadArtifact("Token");
const tokenAbi = new Interface(token.abi);
const wallet = new Wallet(ANVIL_DEV_KEYS[0]);
const sender = ANVIL_DEV_ADDRESSES[0].toLowerCase();
const recipient = ANVIL_DEV_ADDRESSES[1].toLowerCase();
const someone = `0x${"42".repeat(20)}`;
let nonce = 0;

let anvil: AnvilInstance;
let server: DevTestServer;
let onAnvil: Rpc;
let onDevnet: Rpc;

/** The same call on both; the two envelopes (result or error). */
async function both(method: string, ...params: unknown[]) {
  const [a, d] = await Promise.all([onAnvil.envelope(method, params), onDevnet.envelope(method, params)]);
  return { anvil: a, devnet: d };
}

/** The same call on both, which must succeed on both with equal results; returns the result. */
async function same(method: string, ...params: unknown[]): Promise<unknown> {
  const { anvil: a, devnet: d } = await both(method, ...params);
  expect(a.error, `anvil ${method}`).toBeUndefined();
  expect(d.error, `devnet ${method}`).toBeUndefined();
  expect(d.result, method).toEqual(a.result);
  return d.result;
}

/** The same call on both, which must fail on both with the same code. */
async function sameError(method: string, ...params: unknown[]): Promise<number> {
  const { anvil: a, devnet: d } = await both(method, ...params);
  expect(a.error, `anvil ${method} ${JSON.stringify(params)}`).toBeDefined();
  expect(d.error, `devnet ${method} ${JSON.stringify(params)}`).toBeDefined();
  expect(d.error?.code, `${method} ${JSON.stringify(params)}`).toBe(a.error?.code);
  return d.error?.code ?? 0;
}

/** Signs one EIP-1559 transaction from dev account 0; `nonceOverride` leaves a gap. */
async function signed(
  fields: { to?: string; data?: string; value?: bigint; gasLimit?: bigint },
  at = nonce++,
) {
  return wallet.signTransaction({
    type: 2,
    chainId: 31337n,
    nonce: at,
    maxFeePerGas: 10n * GWEI,
    maxPriorityFeePerGas: GWEI,
    gasLimit: 100_000n,
    value: 0n,
    ...fields,
  });
}

beforeAll(async () => {
  [anvil, server] = await Promise.all([startAnvil(["--hardfork", "prague"]), startDevServer()]);
  onAnvil = new Rpc(anvil.url);
  onDevnet = new Rpc(server.url);
});

afterAll(async () => {
  await Promise.all([anvil?.stop(), server?.close()]);
});

describe("the dev methods against anvil", () => {
  it("snapshot ids count from 0x0 and are single-use", async () => {
    expect(await same("evm_snapshot")).toBe("0x0");
    expect(await same("anvil_snapshot")).toBe("0x1");
    expect(await same("evm_snapshot")).toBe("0x2");
    expect(await same("evm_revert", "0x1")).toBe(true);
    expect(await same("evm_revert", "0x2")).toBe(false); // used up by reverting to an earlier one
    expect(await same("evm_revert", "0x1")).toBe(false);
    expect(await same("anvil_revert", 1)).toBe(false);
    expect(await same("evm_revert", "0x99")).toBe(false);
    expect(await same("evm_snapshot")).toBe("0x3");
  });

  it("evm_increaseTime answers the total offset as a JSON number", async () => {
    // anvil measures its offset from the wall clock at the call, so it can be one second off
    // ours when a second ticks over between the two requests: compare within a second.
    const close = async (method: string, param: unknown, total: number) => {
      const { anvil: a, devnet: d } = await both(method, param);
      expect(d.result, method).toBe(total);
      expect(typeof a.result).toBe("number");
      expect(Math.abs((a.result as number) - total)).toBeLessThanOrEqual(1);
    };
    await close("evm_increaseTime", 60, 60);
    await close("evm_increaseTime", "0x10", 76);
    await close("anvil_increaseTime", "10", 86);
  });

  it("automine switches", async () => {
    expect(await same("anvil_getAutomine")).toBe(true);
    expect(await same("hardhat_getAutomine")).toBe(true);
    expect(await same("evm_setAutomine", false)).toBeNull();
    expect(await same("anvil_getAutomine")).toBe(false);
  });

  it("the pool: status, inspect, content, drops", async () => {
    const transfer = await signed({ to: recipient, value: 1n, gasLimit: 21_000n });
    const creation = await signed({ data: "0x6001600055", gasLimit: 80_000n });
    const gapped = await signed({ to: recipient, value: 2n, gasLimit: 21_000n }, 9);
    const hashes: string[] = [];
    for (const raw of [transfer, creation, gapped])
      hashes.push((await same("eth_sendRawTransaction", raw)) as string);
    expect(await same("txpool_status")).toEqual({ pending: "0x2", queued: "0x1" });
    const inspect = (await same("txpool_inspect")) as { pending: Record<string, Record<string, string>> };
    expect(inspect.pending[sender]?.["1"]).toBe("contract creation: 0 wei + 80000 gas × 10000000000 wei");
    const { anvil: a, devnet: d } = await both("txpool_content");
    expect(d.result).toEqual(a.result);
    expect(Object.keys((d.result as { queued: Record<string, object> }).queued[sender] ?? {})).toEqual(["9"]);

    // Dropping the last pending transaction: both answer its hash, then null.
    expect(await same("anvil_dropTransaction", hashes[1])).toBe(hashes[1]);
    expect(await same("anvil_dropTransaction", hashes[1])).toBeNull();
    expect(await same("txpool_status")).toEqual({ pending: "0x1", queued: "0x1" });
    // anvil drops only pending transactions; the devnet drops a queued one too.
    expect(await onDevnet.call("anvil_dropTransaction", hashes[2])).toBe(hashes[2]);
    expect(await onAnvil.call("anvil_dropTransaction", hashes[2])).toBeNull();
    expect(await same("anvil_dropAllTransactions")).toBeNull();
    expect(await same("txpool_status")).toEqual({ pending: "0x0", queued: "0x0" });
    expect(await same("txpool_content")).toEqual({ pending: {}, queued: {} });
    nonce = 0;
  });

  it("mining: evm_mine answers 0x0, anvil_mine null; automine back on", async () => {
    const start = BigInt((await same("eth_blockNumber")) as string);
    expect(await same("evm_mine")).toBe("0x0");
    // anvil 1.7.1 wants the timestamp field present (null) in the options object.
    expect(await same("evm_mine", { timestamp: null, blocks: 2 })).toBe("0x0");
    expect(await same("anvil_mine", "0x3", "0x3c")).toBeNull();
    expect(await same("anvil_mine")).toBeNull();
    expect(BigInt((await same("eth_blockNumber")) as string)).toBe(start + 7n);
    expect(await same("evm_setAutomine", true)).toBeNull();
    expect(await same("evm_setIntervalMining", 0)).toBeNull();
    expect(await same("anvil_getAutomine")).toBe(false);
    expect(await same("anvil_setAutomine", true)).toBeNull();
  });

  it("next block timestamp: accepted after the latest, -32602 before it", async () => {
    const latest = BigInt(((await onDevnet.latest()).timestamp as string) ?? "0x0");
    const anvilLatest = BigInt((await onAnvil.latest()).timestamp);
    const target = (latest > anvilLatest ? latest : anvilLatest) + 100n;
    expect(await same("evm_setNextBlockTimestamp", `0x${target.toString(16)}`)).toBeNull();
    expect(await same("evm_mine")).toBe("0x0");
    expect(BigInt((await onDevnet.latest()).timestamp)).toBe(target);
    expect(BigInt((await onAnvil.latest()).timestamp)).toBe(target);
    expect(await sameError("evm_setNextBlockTimestamp", Number(target - 50n))).toBe(-32602);
    expect(await sameError("anvil_setNextBlockTimestamp", 1)).toBe(-32602);
    expect(await sameError("evm_mine", Number(target - 50n))).toBe(-32602);
  });

  it("anvil_setTime answers the seconds it moved the clock ahead", async () => {
    const ahead = Math.floor(Date.now() / 1000) + 10_000_000;
    const { anvil: a, devnet: d } = await both("anvil_setTime", ahead);
    expect(typeof d.result).toBe("number");
    expect(Math.abs((d.result as number) - (a.result as number))).toBeLessThanOrEqual(2);
    expect(await same("anvil_setTime", 1)).toBe(0); // behind: 0
  });

  it("state edits answer null (setStorageAt: true) and read back alike", async () => {
    expect(await same("anvil_setBalance", someone, "0x10")).toBeNull();
    expect(await same("anvil_addBalance", someone, 16)).toBeNull();
    expect(await same("eth_getBalance", someone, "latest")).toBe("0x20");
    expect(await same("anvil_setNonce", someone, "0x5")).toBeNull();
    expect(await same("eth_getTransactionCount", someone, "latest")).toBe("0x5");
    expect(await same("anvil_setCode", someone, "0x6001600101")).toBeNull();
    expect(await same("eth_getCode", someone, "latest")).toBe("0x6001600101");
    const word = `0x${"00".repeat(31)}05`;
    expect(await same("anvil_setStorageAt", someone, "0x1", word)).toBe(true);
    expect(await same("anvil_setStorageAt", someone, `0x${"00".repeat(31)}02`, word)).toBe(true);
    expect(await same("eth_getStorageAt", someone, "0x1", "latest")).toBe(word);
    expect(await same("eth_getStorageAt", someone, "0x2", "latest")).toBe(word);
    expect(await same("evm_setBlockGasLimit", "0x1c9c380")).toBe(true);
    expect(await same("anvil_setBlockGasLimit", "0x1c9c380")).toBe(true);
    expect(await same("anvil_setCoinbase", someone)).toBeNull();
    expect(await same("anvil_setNextBlockBaseFeePerGas", "0x3b9aca00")).toBeNull();
    expect(await same("evm_mine")).toBe("0x0");
    const [a, d] = await Promise.all([onAnvil.latest(), onDevnet.latest()]);
    expect(d.miner).toBe(a.miner);
    expect(d.baseFeePerGas).toBe(a.baseFeePerGas);
    expect(d.gasLimit).toBe(a.gasLimit);
    expect(await same("anvil_setCoinbase", `0x${"00".repeat(20)}`)).toBeNull();
  });

  it("impersonation switches answer null", async () => {
    expect(await same("anvil_impersonateAccount", someone)).toBeNull();
    expect(await same("anvil_stopImpersonatingAccount", someone)).toBeNull();
    expect(await same("anvil_stopImpersonatingAccount", someone)).toBeNull();
    expect(await same("anvil_autoImpersonateAccount", true)).toBeNull();
    expect(await same("anvil_autoImpersonateAccount", false)).toBeNull();
  });

  it("an impersonated sender's transaction is mined alike", async () => {
    const whale = `0x${"e1".repeat(20)}`;
    await same("anvil_setBalance", whale, "0xde0b6b3a7640000");
    await same("anvil_impersonateAccount", whale);
    const { anvil: a, devnet: d } = await both("eth_sendTransaction", {
      from: whale,
      to: recipient,
      value: "0x7",
    });
    expect(a.error).toBeUndefined();
    expect(d.error).toBeUndefined();
    // anvil may answer before the block exists.
    const [ra, rd] = await Promise.all([
      waitForReceipt(anvil.url, a.result as string),
      waitForReceipt(server.url, d.result as string),
    ]);
    for (const field of ["status", "from", "to", "gasUsed", "type"] as const) {
      expect(rd[field], field).toBe(ra[field]);
    }
    await same("anvil_stopImpersonatingAccount", whale);
  });

  it("accounts with code send, signed or impersonated, and keep their code (EIP-3607 off)", async () => {
    const code = "0x3360005500";
    const keyed = new Wallet(ANVIL_DEV_KEYS[3]);
    const devAccount = keyed.address.toLowerCase();
    const contract = `0x${"e2".repeat(20)}`;
    await same("anvil_setCode", devAccount, code);
    await same("anvil_setCode", contract, code);
    await same("anvil_setBalance", contract, "0xde0b6b3a7640000");
    await same("anvil_impersonateAccount", contract);
    const raw = await keyed.signTransaction({
      type: 2,
      chainId: 31337n,
      nonce: Number(await same("eth_getTransactionCount", devAccount, "latest")),
      to: recipient,
      value: 1n,
      gasLimit: 21_000n,
      maxFeePerGas: 10n * GWEI,
      maxPriorityFeePerGas: GWEI,
    });
    const signedSend = await both("eth_sendRawTransaction", raw);
    const impersonatedSend = await both("eth_sendTransaction", {
      from: contract,
      to: recipient,
      value: "0x7",
    });
    for (const sent of [signedSend, impersonatedSend]) {
      expect(sent.anvil.error).toBeUndefined();
      expect(sent.devnet.error).toBeUndefined();
      const [ra, rd] = await Promise.all([
        waitForReceipt(anvil.url, sent.anvil.result as string),
        waitForReceipt(server.url, sent.devnet.result as string),
      ]);
      for (const field of ["status", "from", "to", "gasUsed"] as const)
        expect(rd[field], field).toBe(ra[field]);
    }
    for (const account of [devAccount, contract]) {
      expect(await same("eth_getCode", account, "latest")).toBe(code);
      await same("eth_getTransactionCount", account, "latest");
      const message = { from: account, to: recipient, value: "0x1" };
      await same("eth_call", message, "latest");
      await same("eth_estimateGas", message);
    }
    await same("anvil_stopImpersonatingAccount", contract);
  });

  it("anvil_dealERC20 writes the balance slot and leaves totalSupply", async () => {
    const base = BigInt((await same("eth_getTransactionCount", sender, "latest")) as string);
    nonce = Number(base);
    const deployment = await signed({
      data: `${token.bytecode}${tokenAbi.encodeDeploy(["Deal", "DL", 1_000n]).slice(2)}`,
      gasLimit: 3_000_000n,
    });
    const deployed = (await same("eth_sendRawTransaction", deployment)) as string;
    await Promise.all([waitForReceipt(anvil.url, deployed), waitForReceipt(server.url, deployed)]);
    const tokenAddress = getCreateAddress({ from: sender, nonce: Number(base) }).toLowerCase();
    const holder = `0x${"d0".repeat(20)}`;
    expect(await same("anvil_dealERC20", holder, tokenAddress, "0x3e8")).toBeNull();
    expect(await same("anvil_setERC20Balance", holder, tokenAddress, 2000)).toBeNull();
    const balanceOf = tokenAbi.encodeFunctionData("balanceOf", [holder]);
    expect(BigInt((await same("eth_call", { to: tokenAddress, data: balanceOf }, "latest")) as string)).toBe(
      2000n,
    );
    const totalSupply = tokenAbi.encodeFunctionData("totalSupply");
    expect(
      BigInt((await same("eth_call", { to: tokenAddress, data: totalSupply }, "latest")) as string),
    ).toBe(1000n);
    // No token there: neither finds a slot.
    expect(await sameError("anvil_dealERC20", holder, someone, "0x1")).toBe(-32603);
  });

  it("node info and metadata have anvil's shapes", async () => {
    const { anvil: a, devnet: d } = await both("anvil_nodeInfo");
    const nodeInfo = d.result as Record<string, unknown>;
    expect(Object.keys(nodeInfo).sort()).toEqual(Object.keys(a.result as object).sort());
    expect(nodeInfo.hardFork).toBe((a.result as Record<string, unknown>).hardFork);
    expect(nodeInfo.forkConfig).toEqual((a.result as Record<string, unknown>).forkConfig);
    expect(Object.keys(nodeInfo.environment as object).sort()).toEqual(
      Object.keys((a.result as { environment: object }).environment).sort(),
    );
    expect(typeof nodeInfo.currentBlockTimestamp).toBe("number");

    await same("evm_snapshot");
    const metadata = await both("anvil_metadata");
    const mine = metadata.devnet.result as Record<string, unknown>;
    const theirs = metadata.anvil.result as Record<string, unknown>;
    for (const key of ["chainId", "forkedNetwork"]) expect(mine[key], key).toEqual(theirs[key]);
    for (const key of Object.keys(mine)) expect(theirs, key).toHaveProperty(key);
    expect(typeof mine.latestBlockNumber).toBe("number");
    expect(mine.latestBlockNumber).toBe(theirs.latestBlockNumber);
    expect(Object.keys(mine.snapshots as object)).toEqual(Object.keys(theirs.snapshots as object));
    // The last one was just taken, at the latest block.
    const [id, point] = Object.entries(mine.snapshots as Record<string, [number, string]>).at(-1) ?? [];
    expect(id).toMatch(/^0x[0-9a-f]+$/);
    expect(point?.[0]).toBe(mine.latestBlockNumber);
    expect(point?.[1]).toBe(mine.latestBlockHash);
  });

  it("anvil_reset goes back to the genesis state on both", async () => {
    expect(await same("anvil_reset")).toBeNull();
    expect(await same("eth_blockNumber")).toBe("0x0");
    for (const account of [sender, recipient, someone]) await same("eth_getBalance", account, "latest");
    expect(await same("eth_getTransactionCount", sender, "latest")).toBe("0x0");
    expect(await same("txpool_status")).toEqual({ pending: "0x0", queued: "0x0" });
    expect(await same("anvil_getAutomine")).toBe(true);
    // anvil still lists its snapshots after a reset; the devnet's are gone with the chain.
    const metadata = await onDevnet.call<{ snapshots: object }>("anvil_metadata");
    expect(metadata.snapshots).toEqual({});
  });

  it("refuses bad parameters with the same codes", async () => {
    expect(await sameError("anvil_setBalance", "0x12", "0x10")).toBe(-32602);
    expect(await sameError("anvil_setBalance", someone)).toBe(-32602);
    expect(await sameError("anvil_setBalance")).toBe(-32602);
    expect(await sameError("anvil_setNonce", someone, "zz")).toBe(-32602);
    expect(await sameError("evm_revert")).toBe(-32602);
    expect(await sameError("evm_revert", "xyz")).toBe(-32602);
    expect(await sameError("evm_increaseTime")).toBe(-32602);
    expect(await sameError("evm_increaseTime", -5)).toBe(-32602);
    expect(await sameError("evm_setAutomine", "yes")).toBe(-32602);
    expect(await sameError("anvil_impersonateAccount", "0x1234")).toBe(-32602);
    expect(await sameError("anvil_dropTransaction", "0x1234")).toBe(-32602);
    expect(await sameError("anvil_setStorageAt", someone, "0x1", "0xzz")).toBe(-32602);
    expect(await sameError("anvil_setCode", someone, "0x123")).toBe(-32602);
    expect(await sameError("anvil_setMinGasPrice", "0x1")).toBe(-32602);
    expect(await sameError("evm_snapshot", 1)).toBe(-32602);
    expect(await sameError("anvil_nodeInfo", 1)).toBe(-32602);
  });
});
