/**
 * Every way `eth_sendRawTransaction` refuses a transaction, over real HTTP, with raw transactions
 * signed by ethers. Codes are anvil's: -32003 (transaction rejected) for pool admission failures,
 * -32000 (invalid input) for gas-limit failures. Types are what clients make of them: viem's RPC
 * error class (chosen by code) and ethers' error code (chosen by geth's wording). The wording
 * itself is pinned in errorMessages.test.ts only.
 */
import { isError, JsonRpcProvider, Network, Transaction, Wallet } from "ethers";
import {
  createPublicClient,
  defineChain,
  type Hex,
  http,
  InvalidInputRpcError,
  type PublicClient,
  TransactionRejectedRpcError,
} from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevnet, type DevnetHandle } from "../../src/rpc/createDevnet.js";
import { ANVIL_DEV_KEYS } from "../support/anvil.js";
import { type RpcReceipt, rpcError, rpcResult } from "../support/jsonRpc.js";
import { CHAIN_ID, GWEI, RECIPIENT, transfer } from "../support/transfer.js";

const devnetChain = defineChain({
  id: CHAIN_ID,
  name: "pevm-devnet",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: ["http://127.0.0.1:8545"] } },
});

interface Endpoint {
  handle: DevnetHandle;
  url: string;
  viem: PublicClient;
  ethers: JsonRpcProvider;
}

async function startEndpoint(options: Parameters<typeof createDevnet>[0] = {}): Promise<Endpoint> {
  const handle = await createDevnet(options);
  const { url } = await handle.listen({ port: 0 });
  return {
    handle,
    url,
    viem: createPublicClient({ chain: devnetChain, transport: http(url, { retryCount: 0 }) }),
    ethers: new JsonRpcProvider(url, undefined, { staticNetwork: Network.from(CHAIN_ID), cacheTimeout: -1 }),
  };
}

async function stopEndpoint(endpoint: Endpoint | undefined): Promise<void> {
  endpoint?.ethers.destroy();
  await endpoint?.handle.close();
}

/** The error viem throws for a raw transaction (its class is chosen by the JSON-RPC code). */
async function viemRejection(endpoint: Endpoint, raw: string): Promise<unknown> {
  try {
    await endpoint.viem.sendRawTransaction({ serializedTransaction: raw as Hex });
  } catch (error) {
    return error;
  }
  throw new Error("viem sendRawTransaction was expected to fail");
}

/** The error ethers throws for a raw transaction (its code is chosen by geth's wording). */
async function ethersRejection(endpoint: Endpoint, raw: string): Promise<unknown> {
  try {
    await endpoint.ethers.broadcastTransaction(raw);
  } catch (error) {
    return error;
  }
  throw new Error("ethers broadcastTransaction was expected to fail");
}

describe("rejected transactions with automine", () => {
  let endpoint: Endpoint;
  const sender = new Wallet(ANVIL_DEV_KEYS[0]);
  /** A dev account that sends nothing in this file: its balance is exactly the genesis one. */
  const poor = new Wallet(ANVIL_DEV_KEYS[4]);

  beforeAll(async () => {
    endpoint = await startEndpoint();
    // Nonce 0 is mined, so the sender's next nonce is 1 for every case below.
    const hash = await rpcResult<string>(endpoint.url, "eth_sendRawTransaction", [
      await sender.signTransaction(transfer({ nonce: 0 })),
    ]);
    const receipt = await rpcResult<RpcReceipt | null>(endpoint.url, "eth_getTransactionReceipt", [hash]);
    expect(receipt?.status).toBe("0x1");
  });

  afterAll(async () => {
    await stopEndpoint(endpoint);
  });

  it("nonce too low: -32003, ethers NONCE_EXPIRED, viem TransactionRejectedRpcError", async () => {
    // A different transaction with the already-used nonce (not a re-send of the mined one).
    const raw = await sender.signTransaction(transfer({ nonce: 0, value: 2n }));
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [raw])).code).toBe(-32003);
    const viemError = await viemRejection(endpoint, raw);
    expect(viemError).toBeInstanceOf(TransactionRejectedRpcError);
    expect((viemError as TransactionRejectedRpcError).code).toBe(-32003);
    expect(isError(await ethersRejection(endpoint, raw), "NONCE_EXPIRED")).toBe(true);
  });

  it("nonce too high is refused in automine (the gap could never fill): -32003", async () => {
    const raw = await sender.signTransaction(transfer({ nonce: 5 }));
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [raw])).code).toBe(-32003);
    expect(await viemRejection(endpoint, raw)).toBeInstanceOf(TransactionRejectedRpcError);
    // Nothing was queued: the next nonce is still 1, and no block was mined for it.
    expect(await rpcResult(endpoint.url, "eth_getTransactionCount", [sender.address, "pending"])).toBe("0x1");
    expect(await rpcResult(endpoint.url, "eth_blockNumber")).toBe("0x1");
  });

  it("insufficient funds for gas * price + value: -32003, ethers INSUFFICIENT_FUNDS", async () => {
    const balance = BigInt(await rpcResult<string>(endpoint.url, "eth_getBalance", [poor.address, "latest"]));
    // value + gas * maxFee is one wei more than the balance.
    const raw = await poor.signTransaction(
      transfer({ nonce: 0, value: balance - 21_000n * 10n * GWEI + 1n }),
    );
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [raw])).code).toBe(-32003);
    expect(await viemRejection(endpoint, raw)).toBeInstanceOf(TransactionRejectedRpcError);
    expect(isError(await ethersRejection(endpoint, raw), "INSUFFICIENT_FUNDS")).toBe(true);
    // The exact amount is accepted.
    const exact = await poor.signTransaction(transfer({ nonce: 0, value: balance - 21_000n * 10n * GWEI }));
    await expect(rpcResult(endpoint.url, "eth_sendRawTransaction", [exact])).resolves.toMatch(/^0x/);
  });

  it("intrinsic gas too low: -32000 (as anvil), viem InvalidInputRpcError", async () => {
    const raw = await sender.signTransaction(transfer({ nonce: 1, gasLimit: 20_999n }));
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [raw])).code).toBe(-32000);
    const viemError = await viemRejection(endpoint, raw);
    expect(viemError).toBeInstanceOf(InvalidInputRpcError);
    expect((viemError as InvalidInputRpcError).code).toBe(-32000);
    // Calldata costs intrinsic gas too: 21,000 is too little for a transfer with data.
    const withData = await sender.signTransaction(transfer({ nonce: 1, data: "0x01" }));
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [withData])).code).toBe(-32000);
  });

  it("max fee per gas below the next block's base fee: -32003", async () => {
    const baseFee = BigInt(
      (await rpcResult<{ baseFeePerGas: string }>(endpoint.url, "eth_getBlockByNumber", ["pending", false]))
        .baseFeePerGas,
    );
    expect(baseFee).toBeGreaterThan(1n);
    const raw = await sender.signTransaction(
      transfer({ nonce: 1, maxFeePerGas: baseFee / 2n, maxPriorityFeePerGas: 1n }),
    );
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [raw])).code).toBe(-32003);
    expect(await viemRejection(endpoint, raw)).toBeInstanceOf(TransactionRejectedRpcError);
  });

  it("a signature for another chain id: -32003", async () => {
    const raw = await sender.signTransaction(transfer({ nonce: 1, chainId: 1 }));
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [raw])).code).toBe(-32003);
    expect(await viemRejection(endpoint, raw)).toBeInstanceOf(TransactionRejectedRpcError);
    // Legacy transactions carry their chain id in v (EIP-155): the same check applies.
    const legacy = await sender.signTransaction({
      type: 0,
      chainId: 5,
      nonce: 1,
      to: RECIPIENT,
      gasLimit: 21_000n,
      gasPrice: 10n * GWEI,
    });
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [legacy])).code).toBe(-32003);
  });

  it("a gas limit above the block gas limit: -32000 (as anvil)", async () => {
    const raw = await sender.signTransaction(transfer({ nonce: 1, gasLimit: 30_000_001n }));
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [raw])).code).toBe(-32000);
    expect(await viemRejection(endpoint, raw)).toBeInstanceOf(InvalidInputRpcError);
    // Exactly the block gas limit is allowed.
    const atLimit = await sender.signTransaction(transfer({ nonce: 1, gasLimit: 30_000_000n }));
    const hash = await rpcResult<string>(endpoint.url, "eth_sendRawTransaction", [atLimit]);
    const receipt = await rpcResult<RpcReceipt>(endpoint.url, "eth_getTransactionReceipt", [hash]);
    expect(receipt.gasUsed).toBe("0x5208");
  });

  it("re-sending a transaction that is already mined: -32003", async () => {
    const raw = await sender.signTransaction(transfer({ nonce: 0 }));
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [raw])).code).toBe(-32003);
  });

  it("a rejected transaction changes nothing", async () => {
    const before = await rpcResult<string>(endpoint.url, "eth_blockNumber");
    const raw = await sender.signTransaction(transfer({ nonce: 0, value: 3n }));
    await rpcError(endpoint.url, "eth_sendRawTransaction", [raw]);
    expect(await rpcResult(endpoint.url, "eth_blockNumber")).toBe(before);
    expect(await rpcResult(endpoint.url, "eth_getTransactionByHash", [hashOf(raw)])).toBeNull();
  });

  it("bytes that are not a transaction: -32602 (as anvil), never a crash", async () => {
    const error = await rpcError(endpoint.url, "eth_sendRawTransaction", ["0x02c0"]);
    expect(error.code).toBe(-32602);
    expect(await rpcResult(endpoint.url, "eth_chainId")).toBe("0x7a69");
  });
});

describe("the pool with manual mining", () => {
  let endpoint: Endpoint;
  const sender = new Wallet(ANVIL_DEV_KEYS[1]);

  beforeAll(async () => {
    endpoint = await startEndpoint({ mining: { mode: "manual" } });
  });

  afterAll(async () => {
    await stopEndpoint(endpoint);
  });

  it("the same transaction twice: -32003 (already known)", async () => {
    const raw = await sender.signTransaction(transfer({ nonce: 0 }));
    await rpcResult(endpoint.url, "eth_sendRawTransaction", [raw]);
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [raw])).code).toBe(-32003);
    expect(await viemRejection(endpoint, raw)).toBeInstanceOf(TransactionRejectedRpcError);
  });

  it("a replacement with less than a 10% fee bump: -32003, ethers REPLACEMENT_UNDERPRICED", async () => {
    // Nonce 0 waits in the pool at 10 gwei / 1 gwei; 5% more is not enough.
    const raw = await sender.signTransaction(
      transfer({ nonce: 0, value: 2n, maxFeePerGas: (105n * 10n * GWEI) / 100n, maxPriorityFeePerGas: GWEI }),
    );
    // anvil answers -32003 here, as for every other pool admission failure.
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [raw])).code).toBe(-32003);
    expect(await viemRejection(endpoint, raw)).toBeInstanceOf(TransactionRejectedRpcError);
    expect(isError(await ethersRejection(endpoint, raw), "REPLACEMENT_UNDERPRICED")).toBe(true);
  });

  it("a nonce gap is accepted, waits in the pool, and is mined once the gap is filled", async () => {
    // The pool holds nonce 0 (from the cases above); nonce 2 arrives before nonce 1.
    const nonce0 = hashOf(await sender.signTransaction(transfer({ nonce: 0 })));
    const nonce2 = await rpcResult<string>(endpoint.url, "eth_sendRawTransaction", [
      await sender.signTransaction(transfer({ nonce: 2 })),
    ]);
    // The pending nonce counts the unbroken run only: 0 is pending, 2 is queued behind the gap.
    expect(await rpcResult(endpoint.url, "eth_getTransactionCount", [sender.address, "pending"])).toBe("0x1");
    expect(await rpcResult(endpoint.url, "eth_getTransactionReceipt", [nonce2])).toBeNull();

    // A block mined now takes nonce 0 only.
    const first = await endpoint.handle.devnet.mine();
    expect(first.receipts).toHaveLength(1);
    expect((await rpcResult<RpcReceipt>(endpoint.url, "eth_getTransactionReceipt", [nonce0])).status).toBe(
      "0x1",
    );
    expect(await rpcResult(endpoint.url, "eth_getTransactionReceipt", [nonce2])).toBeNull();

    const nonce1 = await rpcResult<string>(endpoint.url, "eth_sendRawTransaction", [
      await sender.signTransaction(transfer({ nonce: 1 })),
    ]);
    expect(await rpcResult(endpoint.url, "eth_getTransactionCount", [sender.address, "pending"])).toBe("0x3");
    const second = await endpoint.handle.devnet.mine();
    expect(second.receipts).toHaveLength(2);
    const receipt1 = await rpcResult<RpcReceipt>(endpoint.url, "eth_getTransactionReceipt", [nonce1]);
    const receipt2 = await rpcResult<RpcReceipt>(endpoint.url, "eth_getTransactionReceipt", [nonce2]);
    expect([receipt1.status, receipt2.status]).toEqual(["0x1", "0x1"]);
    expect(receipt1.blockNumber).toBe("0x2");
    expect(receipt2.blockNumber).toBe("0x2");
    expect([receipt1.transactionIndex, receipt2.transactionIndex]).toEqual(["0x0", "0x1"]);
    expect(await rpcResult(endpoint.url, "eth_getTransactionCount", [sender.address, "latest"])).toBe("0x3");
  });

  it("a replacement with a 10% bump replaces the waiting transaction", async () => {
    const original = await rpcResult<string>(endpoint.url, "eth_sendRawTransaction", [
      await sender.signTransaction(transfer({ nonce: 3, value: 5n })),
    ]);
    const replacement = await rpcResult<string>(endpoint.url, "eth_sendRawTransaction", [
      await sender.signTransaction(
        transfer({ nonce: 3, value: 6n, maxFeePerGas: 11n * GWEI, maxPriorityFeePerGas: (11n * GWEI) / 10n }),
      ),
    ]);
    await endpoint.handle.devnet.mine();
    expect(await rpcResult(endpoint.url, "eth_getTransactionReceipt", [original])).toBeNull();
    expect(
      (await rpcResult<RpcReceipt>(endpoint.url, "eth_getTransactionReceipt", [replacement])).status,
    ).toBe("0x1");
  });

  it("nonce too low is still refused while transactions wait", async () => {
    const raw = await sender.signTransaction(transfer({ nonce: 1, value: 9n }));
    expect((await rpcError(endpoint.url, "eth_sendRawTransaction", [raw])).code).toBe(-32003);
  });
});

function hashOf(raw: string): string {
  return Transaction.from(raw).hash as string;
}
