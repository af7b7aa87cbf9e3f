/**
 * MetaMask's "add network, send a transaction" flow, replayed request by request over plain
 * HTTP JSON-RPC as the extension issues it, then the trap every devnet user falls into once:
 * restarting the chain while MetaMask remembers the old nonces.
 */
import { Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, type DevnetHandle } from "../../src/rpc/createDevnet.js";
import { ANVIL_DEV_ADDRESSES, ANVIL_DEV_KEYS } from "../support/anvil.js";
import { type RpcReceipt, rpcError, rpcResult } from "../support/jsonRpc.js";

const CHAIN_ID = 31337;
const account = new Wallet(ANVIL_DEV_KEYS[0]);
const recipient = ANVIL_DEV_ADDRESSES[1];
const ONE_ETH = 10n ** 18n;

interface RpcBlock {
  number: string;
  hash: string;
  baseFeePerGas?: string;
  gasLimit: string;
  gasUsed: string;
  timestamp: string;
  transactions: string[];
}

interface FeeHistory {
  oldestBlock: string;
  baseFeePerGas: string[];
  gasUsedRatio: number[];
  reward?: string[][];
}

describe("MetaMask: add the network, send ETH, restart the devnet", () => {
  let handle: DevnetHandle;
  let url: string;
  let port: number;
  /** What MetaMask's nonce tracker remembers after the first send. */
  let nonceMetaMaskWillUse: number;

  beforeAll(async () => {
    handle = await createDevnet();
    ({ url, port } = await handle.listen({ port: 0 }));
  });

  afterAll(async () => {
    await handle?.close();
  });

  it("adding the network: chain id, network version, head block", async () => {
    // MetaMask compares eth_chainId with the id the user typed, and keeps checking that it is stable.
    expect(await rpcResult(url, "eth_chainId")).toBe("0x7a69");
    expect(await rpcResult(url, "eth_chainId")).toBe("0x7a69");
    expect(await rpcResult(url, "net_version")).toBe(String(CHAIN_ID));
    expect(await rpcResult(url, "eth_blockNumber")).toBe("0x0");
    const latest = await rpcResult<RpcBlock>(url, "eth_getBlockByNumber", ["latest", false]);
    expect(latest.number).toBe("0x0");
    // Its presence is how MetaMask decides the network supports EIP-1559 transactions.
    expect(latest.baseFeePerGas).toBe("0x3b9aca00");
  });

  it("the account screen: balance, fees", async () => {
    expect(BigInt(await rpcResult<string>(url, "eth_getBalance", [account.address, "latest"]))).toBe(
      10_000n * ONE_ETH,
    );
    const latest = await rpcResult<RpcBlock>(url, "eth_getBlockByNumber", ["latest", false]);
    const gasPrice = BigInt(await rpcResult<string>(url, "eth_gasPrice"));
    // The first block keeps the genesis base fee (as anvil), so that is the next base fee.
    expect(gasPrice).toBeGreaterThanOrEqual(BigInt(latest.baseFeePerGas as string));

    const history = await rpcResult<FeeHistory>(url, "eth_feeHistory", ["0x5", "latest", [10, 20, 30]]);
    expect(history.oldestBlock).toBe("0x0");
    // One base fee per block asked for (only the genesis exists), plus the next block's.
    expect(history.baseFeePerGas).toHaveLength(2);
    expect(history.gasUsedRatio).toEqual([0]);
    expect(history.reward).toHaveLength(1);
    expect(history.reward?.[0]).toHaveLength(3);
    for (const fee of history.baseFeePerGas) expect(fee).toMatch(/^0x[0-9a-f]+$/);
  });

  it("sending ETH: estimate, nonce, recipient code, signed EIP-1559 transaction, receipt, block", async () => {
    const estimate = BigInt(
      await rpcResult<string>(url, "eth_estimateGas", [
        { from: account.address, to: recipient, value: `0x${ONE_ETH.toString(16)}` },
      ]),
    );
    // A plain transfer to an account: exactly 21000, as geth and anvil answer (the wallet shows it).
    expect(estimate).toBe(21_000n);
    const nonce = Number(
      await rpcResult<string>(url, "eth_getTransactionCount", [account.address, "pending"]),
    );
    expect(nonce).toBe(0);
    // MetaMask checks whether the recipient is a contract (to label the send).
    expect(await rpcResult(url, "eth_getCode", [recipient, "latest"])).toBe("0x");

    const latest = await rpcResult<RpcBlock>(url, "eth_getBlockByNumber", ["latest", false]);
    const priority = BigInt(await rpcResult<string>(url, "eth_maxPriorityFeePerGas"));
    const baseFee = BigInt(latest.baseFeePerGas as string);
    const raw = await account.signTransaction({
      type: 2,
      chainId: CHAIN_ID,
      nonce,
      to: recipient,
      value: ONE_ETH,
      gasLimit: estimate,
      maxPriorityFeePerGas: priority,
      maxFeePerGas: 2n * baseFee + priority,
    });
    const hash = await rpcResult<string>(url, "eth_sendRawTransaction", [raw]);
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);

    // MetaMask polls for the receipt on each new block.
    let receipt: RpcReceipt | null = null;
    for (let i = 0; i < 100 && receipt === null; i++) {
      receipt = await rpcResult<RpcReceipt | null>(url, "eth_getTransactionReceipt", [hash]);
      if (receipt === null) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(receipt?.status).toBe("0x1");
    expect(receipt?.gasUsed).toBe("0x5208");
    expect(BigInt(receipt?.effectiveGasPrice ?? 0)).toBe(baseFee + priority);

    const block = await rpcResult<RpcBlock>(url, "eth_getBlockByNumber", [receipt?.blockNumber, false]);
    expect(block.hash).toBe(receipt?.blockHash);
    expect(block.transactions).toEqual([hash]);
    expect(block.baseFeePerGas).toBeDefined();
    expect(BigInt(await rpcResult<string>(url, "eth_getBalance", [recipient, "latest"]))).toBe(
      10_001n * ONE_ETH,
    );
    nonceMetaMaskWillUse = nonce + 1;
    expect(await rpcResult(url, "eth_getTransactionCount", [account.address, "pending"])).toBe("0x1");
  });

  it("after a restart, the remembered nonce is refused with how to reset the wallet", async () => {
    await handle.close();
    // fetch keeps the old keep-alive connection in its pool; let it see the server's FIN before
    // the next request (the server and this client share one event loop).
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The same chain again on the same port: MetaMask sees the same URL and chain id.
    handle = await createDevnet();
    ({ url } = await handle.listen({ port }));
    expect(await rpcResult(url, "eth_chainId")).toBe("0x7a69");
    expect(await rpcResult(url, "eth_getTransactionCount", [account.address, "pending"])).toBe("0x0");

    const raw = await account.signTransaction({
      type: 2,
      chainId: CHAIN_ID,
      nonce: nonceMetaMaskWillUse,
      to: recipient,
      value: ONE_ETH,
      gasLimit: 21_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
      maxFeePerGas: 3_000_000_000n,
    });
    const error = await rpcError(url, "eth_sendRawTransaction", [raw]);
    expect(error.code).toBe(-32003);
    // What the user reads in MetaMask's error: what went wrong, what was expected, what to do.
    expect(error.message).toContain("nonce too high");
    expect(error.message).toContain("expected 0, got 1");
    expect(error.message).toMatch(/reset/i);
    expect(error.message).toMatch(/activity/i);
    // Nothing was mined or queued.
    expect(await rpcResult(url, "eth_blockNumber")).toBe("0x0");
  });
});
