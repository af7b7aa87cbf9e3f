import { readFileSync } from "node:fs";
import { createTx, type TypedTransaction, type TypedTxData } from "@ethereumjs/tx";
import { hexToBytes } from "@ethereumjs/util";
import {
  AbiCoder,
  Interface,
  JsonRpcApiProvider,
  type JsonRpcError,
  type JsonRpcPayload,
  type JsonRpcResult,
  keccak256,
  Network,
} from "ethers";
import { createPublicClient, custom, parseAbiItem } from "viem";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { MinedBlock } from "../../../src/devnet/chain/types.js";
import { Devnet } from "../../../src/devnet/Devnet.js";
import { openConnection } from "../../../src/rpc/connection.js";
import { createHandler, type RpcHandler } from "../../../src/rpc/handler.js";
import { readMethods } from "../../../src/rpc/methods/readMethods.js";
import { MethodRegistry } from "../../../src/rpc/registry.js";
import type { JsonRpcResponse } from "../../../src/rpc/types.js";
import { startAnvil } from "../../support/anvil.js";
import { loadArtifact, storageSlot } from "../../support/artifacts.js";

const QUANTITY = /^0x(0|[1-9a-f][0-9a-f]*)$/;
const WORD = /^0x[0-9a-f]{64}$/;
const GWEI = 1_000_000_000n;
const ETHER = 10n ** 18n;
const ZERO_ADDRESS = `0x${"00".repeat(20)}`;
const OTHER_ADDRESS = `0x${"ab".repeat(20)}`;
const UNKNOWN_HASH = `0x${"11".repeat(32)}`;

const token = loadArtifact("Token");
const tokenInterface = new Interface(token.abi);
const TRANSFER = tokenInterface.getEvent("Transfer")?.topicHash ?? "";
const APPROVAL = tokenInterface.getEvent("Approval")?.topicHash ?? "";

type RpcError = { code: number; message: string; data?: unknown };

let devnet: Devnet;
let handler: RpcHandler;
const internalErrors: unknown[] = [];
const { connection, close } = openConnection("in-process");
/** Dev account addresses, lowercase. */
let acc: string[];
let tokenAddress: string;
/** The blocks of the scenario, by what they hold. */
const at = { transfer: 0n, deploy: 0n, tokenToAcc1: 0n, tokenToAcc2: 0n, approve: 0n, legacy: 0n, pair: 0n };
/** The two transactions of `at.pair`: acc3 tips 1 gwei (plain transfer), acc0 tips 3 gwei (token transfer). */
const pair = { cheap: "", dear: "" };

let nextId = 0;
async function send(method: string, params: unknown[] = []): Promise<JsonRpcResponse> {
  const response = await handler.handle({ jsonrpc: "2.0", id: ++nextId, method, params }, connection);
  if (response === undefined || Array.isArray(response)) throw new Error("expected one response");
  return response;
}

/** Calls a method and returns its result; fails the test on an error response. */
async function rpc<T = unknown>(method: string, ...params: unknown[]): Promise<T> {
  const response = await send(method, params);
  if ("error" in response) throw new Error(`${method} failed: ${JSON.stringify(response.error)}`);
  return response.result as T;
}

/** Calls a method that must fail and returns the error object. */
async function rpcError(method: string, ...params: unknown[]): Promise<RpcError> {
  const response = await send(method, params);
  if (!("error" in response)) throw new Error(`${method} succeeded: ${JSON.stringify(response.result)}`);
  return response.error;
}

function keyOf(address: string): Uint8Array {
  const account = devnet.accounts.find((a) => a.address === address);
  if (account === undefined) throw new Error(`${address} is not a dev account`);
  return hexToBytes(account.privateKey as `0x${string}`);
}

function signed(from: string, data: TypedTxData): TypedTransaction {
  const nonce = devnet.pendingNonce(from);
  return createTx({ gasLimit: 1_000_000n, ...data, nonce }, { common: devnet.common }).sign(
    keyOf(from),
  ) as TypedTransaction;
}

/** Signs and sends; with automine the block is mined before this returns. */
async function sendTx(from: string, data: TypedTxData): Promise<string> {
  return devnet.sendTransaction(signed(from, data), from);
}

const fees = (tip: bigint) => ({ type: 2, maxFeePerGas: 20n * GWEI, maxPriorityFeePerGas: tip });
const tokenCall = (name: string, args: unknown[]) =>
  tokenInterface.encodeFunctionData(name, args) as `0x${string}`;
const word = (address: string) => `0x${address.slice(2).padStart(64, "0")}`;
const hex = (value: bigint | number) => `0x${value.toString(16)}`;

function block(number: bigint): MinedBlock {
  const mined = devnet.chain.byNumber(number);
  if (mined === undefined) throw new Error(`no block ${number}`);
  return mined;
}

beforeAll(async () => {
  devnet = await Devnet.create();
  handler = createHandler(new MethodRegistry<Devnet>().register(...readMethods), devnet, {
    onInternalError: (error) => internalErrors.push(error),
  });
  acc = devnet.accounts.map((a) => a.address.toLowerCase());
  const [a0, a1, a2, a3, a4] = acc as [string, string, string, string, string];

  await sendTx(a0, { ...fees(2n * GWEI), to: a1 as `0x${string}`, value: 1000n });
  at.transfer = devnet.chain.height;
  await sendTx(a0, {
    ...fees(2n * GWEI),
    data: `${token.bytecode}${tokenInterface.encodeDeploy(["Token", "TKN", 1000n]).slice(2)}` as `0x${string}`,
  });
  at.deploy = devnet.chain.height;
  tokenAddress = devnet.head.receipts[0]?.contractAddress ?? "";
  const toToken = { ...fees(2n * GWEI), to: tokenAddress as `0x${string}` };
  await sendTx(a0, { ...toToken, data: tokenCall("transfer", [a1, 10n]) });
  at.tokenToAcc1 = devnet.chain.height;
  await sendTx(a0, { ...toToken, data: tokenCall("transfer", [a2, 20n]) });
  at.tokenToAcc2 = devnet.chain.height;
  await sendTx(a0, { ...toToken, data: tokenCall("approve", [a1, 5n]) });
  at.approve = devnet.chain.height;
  await sendTx(a1, { type: 0, gasPrice: 3n * GWEI, to: a0 as `0x${string}`, value: 1n });
  at.legacy = devnet.chain.height;

  // Two transactions in one block, with different tips and gas.
  devnet.setMining({ mode: "manual" });
  pair.cheap = await sendTx(a3, { ...fees(1n * GWEI), to: a4 as `0x${string}`, value: 1n });
  pair.dear = await sendTx(a0, {
    ...fees(3n * GWEI),
    to: tokenAddress as `0x${string}`,
    data: tokenCall("transfer", [a3, 1n]),
  });
  await devnet.mine();
  devnet.setMining({ mode: "auto" });
  at.pair = devnet.chain.height;
});

afterEach(() => {
  expect(internalErrors).toEqual([]);
});

afterAll(async () => {
  close();
  await devnet.close();
});

describe("node and chain", () => {
  it("answers the identity methods", async () => {
    const { version } = JSON.parse(
      readFileSync(new URL("../../../package.json", import.meta.url), "utf8"),
    ) as {
      version: string;
    };
    expect(await rpc("web3_clientVersion")).toBe(`pevm-devnet/v${version}`);
    expect(await rpc("eth_chainId")).toBe("0x7a69");
    expect(await rpc("net_version")).toBe("31337");
    expect(await rpc("net_listening")).toBe(true);
    expect(await rpc("net_peerCount")).toBe("0x0");
    expect(await rpc("eth_syncing")).toBe(false);
    expect(await rpc("eth_coinbase")).toBe(ZERO_ADDRESS);
  });

  it("hashes with web3_sha3", async () => {
    expect(await rpc("web3_sha3", "0x68656c6c6f")).toBe(
      "0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8",
    );
    expect((await rpcError("web3_sha3", "hello")).code).toBe(-32602);
  });

  it("lists the dev accounts and the block number", async () => {
    const accounts = await rpc<string[]>("eth_accounts");
    expect(accounts).toHaveLength(10);
    expect(accounts[0]).toBe("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
    expect(await rpc("eth_blockNumber")).toBe(hex(devnet.chain.height));
  });

  it("rejects malformed and missing parameters with -32602", async () => {
    expect((await rpcError("eth_getBalance", "0x1234")).code).toBe(-32602);
    expect((await rpcError("eth_getBalance")).code).toBe(-32602);
    expect((await rpcError("eth_getBlockByNumber", "newest", false)).code).toBe(-32602);
    expect((await rpcError("eth_getTransactionByHash", "0x12")).code).toBe(-32602);
  });
});

describe("fees", () => {
  it("quotes the next base fee plus 1 gwei as the gas price", async () => {
    const next = devnet.nextBaseFee() ?? 0n;
    const gasPrice = BigInt(await rpc<string>("eth_gasPrice"));
    expect(gasPrice).toBe(next + GWEI);
    expect(gasPrice).toBeGreaterThanOrEqual(next);
    expect(await rpc("eth_maxPriorityFeePerGas")).toBe("0x3b9aca00");
  });

  it("serves a fee history with one more base fee than blocks", async () => {
    const history = await rpc<{
      oldestBlock: string;
      baseFeePerGas: string[];
      gasUsedRatio: number[];
      baseFeePerBlobGas: string[];
      blobGasUsedRatio: number[];
      reward: string[][];
    }>("eth_feeHistory", "0x3", "latest", [25, 75]);
    const head = devnet.chain.height;
    expect(Object.keys(history)).toEqual([
      "baseFeePerGas",
      "gasUsedRatio",
      "baseFeePerBlobGas",
      "blobGasUsedRatio",
      "oldestBlock",
      "reward",
    ]);
    expect(history.oldestBlock).toBe(hex(head - 2n));
    expect(history.baseFeePerGas).toHaveLength(4);
    for (const fee of history.baseFeePerGas) expect(fee).toMatch(QUANTITY);
    expect(history.baseFeePerGas[0]).toBe(hex(block(head - 2n).block.header.baseFeePerGas ?? 0n));
    expect(history.baseFeePerGas[3]).toBe(hex(devnet.nextBaseFee() ?? 0n));
    expect(history.gasUsedRatio).toHaveLength(3);
    for (const ratio of history.gasUsedRatio) {
      expect(ratio).toBeGreaterThan(0);
      expect(ratio).toBeLessThanOrEqual(1);
    }
    expect(history.gasUsedRatio[2]).toBe(Number(devnet.head.block.header.gasUsed) / 30_000_000);
    expect(history.baseFeePerBlobGas).toEqual(["0x1", "0x1", "0x1", "0x1"]);
    expect(history.blobGasUsedRatio).toEqual([0, 0, 0]);
    expect(history.reward).toHaveLength(3);
    for (const rewards of history.reward) {
      expect(rewards).toHaveLength(2);
      for (const reward of rewards) expect(reward).toMatch(QUANTITY);
    }
  });

  it("gives each block's effective tips at the percentiles, weighted by gas used", async () => {
    // A block of one transaction: its tip at every percentile.
    const single = await rpc<{ reward: string[][] }>("eth_feeHistory", 1, hex(at.transfer), [0, 50, 100]);
    expect(single.reward).toEqual([[hex(2n * GWEI), hex(2n * GWEI), hex(2n * GWEI)]]);
    // The legacy transaction tips its gas price less the base fee.
    const legacyBaseFee = block(at.legacy).block.header.baseFeePerGas ?? 0n;
    const legacy = await rpc<{ reward: string[][] }>("eth_feeHistory", 1, hex(at.legacy), [50]);
    expect(legacy.reward).toEqual([[hex(3n * GWEI - legacyBaseFee)]]);
    // Two transactions: 21,000 gas at 1 gwei, then the token transfer's gas at 3 gwei.
    const mined = block(at.pair);
    const cheapGas = Number(mined.receipts.find((r) => r.transactionHash === pair.cheap)?.gasUsed);
    const total = Number(mined.block.header.gasUsed);
    const below = Math.floor((cheapGas / total) * 100) - 1;
    const above = Math.ceil((cheapGas / total) * 100) + 1;
    const split = await rpc<{ reward: string[][] }>("eth_feeHistory", 1, hex(at.pair), [
      0,
      below,
      above,
      100,
    ]);
    expect(split.reward).toEqual([[hex(GWEI), hex(GWEI), hex(3n * GWEI), hex(3n * GWEI)]]);
  });

  it("gives zeros for empty blocks and clips the count to the chain", async () => {
    const genesis = await rpc<{ reward: string[][]; oldestBlock: string; gasUsedRatio: number[] }>(
      "eth_feeHistory",
      "0x1",
      "earliest",
      [10, 90],
    );
    expect(genesis).toMatchObject({ oldestBlock: "0x0", gasUsedRatio: [0], reward: [["0x0", "0x0"]] });
    const all = await rpc<{ oldestBlock: string; baseFeePerGas: string[]; reward: unknown[] }>(
      "eth_feeHistory",
      "0x400",
      "latest",
    );
    expect(all.oldestBlock).toBe("0x0");
    expect(all.baseFeePerGas).toHaveLength(Number(devnet.chain.height) + 2);
    expect(all.reward).toEqual([]);
    const capped = await rpc<{ baseFeePerGas: string[] }>("eth_feeHistory", 100_000, "latest");
    expect(capped.baseFeePerGas).toHaveLength(Number(devnet.chain.height) + 2);
  });

  it("rejects bad percentiles and a newest block past the head", async () => {
    expect((await rpcError("eth_feeHistory", "0x2", "latest", [75, 25])).code).toBe(-32602);
    expect((await rpcError("eth_feeHistory", "0x2", "latest", [101])).code).toBe(-32602);
    expect((await rpcError("eth_feeHistory", "0x2", "latest", [-1])).code).toBe(-32602);
    expect((await rpcError("eth_feeHistory", "0x2", "latest", ["50"])).code).toBe(-32602);
    expect((await rpcError("eth_feeHistory", "0x2", "latest", 50)).code).toBe(-32602);
    expect((await rpcError("eth_feeHistory", "0x2", "0x999")).code).toBe(-32602);
    expect((await rpcError("eth_feeHistory", "two", "latest")).code).toBe(-32602);
  });
});

describe("state", () => {
  it("reads balances at any block, by number, tag or hash", async () => {
    const [a0, a1] = acc as [string, string];
    const initial = hex(10_000n * ETHER);
    expect(await rpc("eth_getBalance", a1, "earliest")).toBe(initial);
    expect(await rpc("eth_getBalance", a1, hex(at.transfer))).toBe(hex(10_000n * ETHER + 1000n));
    expect(await rpc("eth_getBalance", a1, { blockNumber: hex(at.transfer) })).toBe(
      hex(10_000n * ETHER + 1000n),
    );
    expect(await rpc("eth_getBalance", a1, { blockHash: block(at.transfer).hash })).toBe(
      hex(10_000n * ETHER + 1000n),
    );
    expect(BigInt(await rpc<string>("eth_getBalance", a0))).toBeLessThan(10_000n * ETHER);
    expect(await rpc("eth_getBalance", OTHER_ADDRESS)).toBe("0x0");
  });

  it("fails for a block past the head or an unknown block hash", async () => {
    expect((await rpcError("eth_getBalance", acc[0], "0x999")).code).toBe(-32602);
    expect((await rpcError("eth_getBalance", acc[0], UNKNOWN_HASH)).code).toBe(-32001);
    expect((await rpcError("eth_getCode", acc[0], "0x999")).code).toBe(-32602);
  });

  it("reads nonces", async () => {
    const [a0] = acc as [string];
    expect(await rpc("eth_getTransactionCount", a0, "earliest")).toBe("0x0");
    expect(await rpc("eth_getTransactionCount", a0, hex(at.transfer))).toBe("0x1");
    expect(await rpc("eth_getTransactionCount", a0)).toBe("0x6");
    expect(await rpc("eth_getTransactionCount", a0, "pending")).toBe("0x6");
  });

  it("reads code", async () => {
    expect(await rpc("eth_getCode", tokenAddress)).toBe(token.deployedBytecode.toLowerCase());
    expect(await rpc("eth_getCode", tokenAddress, hex(at.transfer))).toBe("0x");
    expect(await rpc("eth_getCode", acc[0])).toBe("0x");
  });

  it("reads storage by quantity or 32-byte slot, as 32 bytes", async () => {
    const totalSupply = storageSlot(token, "totalSupply");
    const expected = `0x${1000n.toString(16).padStart(64, "0")}`;
    expect(await rpc("eth_getStorageAt", tokenAddress, hex(totalSupply))).toBe(expected);
    expect(
      await rpc("eth_getStorageAt", tokenAddress, `0x${totalSupply.toString(16).padStart(64, "0")}`),
    ).toBe(expected);
    // balanceOf[acc1]: keccak256(key . slot), sent the way ethers and viem send slots.
    const mappingSlot = keccak256(
      AbiCoder.defaultAbiCoder().encode(["address", "uint256"], [acc[1], storageSlot(token, "balanceOf")]),
    );
    expect(await rpc("eth_getStorageAt", tokenAddress, mappingSlot)).toBe(`0x${"0".repeat(63)}a`);
    expect(await rpc("eth_getStorageAt", tokenAddress, mappingSlot, hex(at.deploy))).toBe(
      `0x${"0".repeat(64)}`,
    );
    expect(await rpc("eth_getStorageAt", OTHER_ADDRESS, "0x0")).toMatch(WORD);
    expect((await rpcError("eth_getStorageAt", tokenAddress, `0x1${"0".repeat(64)}`)).code).toBe(-32602);
    expect((await rpcError("eth_getStorageAt", tokenAddress, "12")).code).toBe(-32602);
  });
});

describe("blocks", () => {
  it("finds blocks by number, tag and hash", async () => {
    const latest = await rpc<{ hash: string; number: string; transactions: string[] }>(
      "eth_getBlockByNumber",
      "latest",
      false,
    );
    expect(latest.number).toBe(hex(devnet.chain.height));
    expect(latest.transactions).toEqual(
      [pair.dear, pair.cheap].sort((a, b) => {
        const txs = devnet.head.receipts.map((r) => r.transactionHash);
        return txs.indexOf(a) - txs.indexOf(b);
      }),
    );
    expect(await rpc("eth_getBlockByHash", latest.hash, false)).toEqual(latest);
    expect(await rpc("eth_getBlockByNumber", "latest")).toEqual(latest);
    expect((await rpc<{ number: string }>("eth_getBlockByNumber", "earliest", false)).number).toBe("0x0");
    for (const tag of ["pending", "safe", "finalized"]) {
      expect((await rpc<{ hash: string }>("eth_getBlockByNumber", tag, false)).hash).toBe(latest.hash);
    }
  });

  it("embeds full transactions on request", async () => {
    const full = await rpc<{ transactions: { hash: string; blockHash: string }[]; hash: string }>(
      "eth_getBlockByNumber",
      hex(at.pair),
      true,
    );
    expect(full.transactions).toHaveLength(2);
    for (const tx of full.transactions) {
      expect(tx.blockHash).toBe(full.hash);
      expect(await rpc("eth_getTransactionByHash", tx.hash)).toEqual(tx);
    }
  });

  it("answers null for blocks it does not have", async () => {
    expect(await rpc("eth_getBlockByNumber", "0x999", false)).toBeNull();
    expect(await rpc("eth_getBlockByHash", UNKNOWN_HASH, true)).toBeNull();
    expect(await rpc("eth_getBlockTransactionCountByNumber", "0x999")).toBeNull();
    expect(await rpc("eth_getBlockTransactionCountByHash", UNKNOWN_HASH)).toBeNull();
    expect(await rpc("eth_getBlockReceipts", "0x999")).toBeNull();
    expect(await rpc("eth_getBlockReceipts", UNKNOWN_HASH)).toBeNull();
  });

  it("counts a block's transactions", async () => {
    expect(await rpc("eth_getBlockTransactionCountByNumber", hex(at.pair))).toBe("0x2");
    expect(await rpc("eth_getBlockTransactionCountByNumber", "earliest")).toBe("0x0");
    expect(await rpc("eth_getBlockTransactionCountByHash", block(at.legacy).hash)).toBe("0x1");
  });
});

describe("transactions and receipts", () => {
  it("finds a transaction by hash and by position", async () => {
    const tx = await rpc<{ hash: string; blockNumber: string; transactionIndex: string; from: string }>(
      "eth_getTransactionByHash",
      pair.cheap,
    );
    expect(tx.blockNumber).toBe(hex(at.pair));
    expect(tx.from).toBe(acc[3]);
    const index = tx.transactionIndex;
    expect(await rpc("eth_getTransactionByBlockNumberAndIndex", hex(at.pair), index)).toEqual(tx);
    expect(await rpc("eth_getTransactionByBlockHashAndIndex", block(at.pair).hash, index)).toEqual(tx);
    expect(await rpc("eth_getTransactionByBlockNumberAndIndex", hex(at.pair), "0x2")).toBeNull();
    expect(await rpc("eth_getTransactionByBlockNumberAndIndex", "0x999", "0x0")).toBeNull();
    expect(await rpc("eth_getTransactionByBlockHashAndIndex", UNKNOWN_HASH, "0x0")).toBeNull();
    expect(await rpc("eth_getTransactionByHash", UNKNOWN_HASH)).toBeNull();
  });

  it("serves receipts one by one and per block", async () => {
    const receipts = await rpc<{ transactionHash: string; cumulativeGasUsed: string; gasUsed: string }[]>(
      "eth_getBlockReceipts",
      hex(at.pair),
    );
    expect(receipts).toHaveLength(2);
    const [first, second] = receipts as [(typeof receipts)[0], (typeof receipts)[0]];
    expect(BigInt(second.cumulativeGasUsed)).toBe(BigInt(first.gasUsed) + BigInt(second.gasUsed));
    expect(await rpc("eth_getTransactionReceipt", first.transactionHash)).toEqual(first);
    expect(await rpc("eth_getBlockReceipts", block(at.pair).hash)).toEqual(receipts);
    expect(await rpc("eth_getBlockReceipts", { blockNumber: hex(at.pair) })).toEqual(receipts);
    expect(await rpc("eth_getBlockReceipts", "earliest")).toEqual([]);
    expect(await rpc("eth_getTransactionReceipt", UNKNOWN_HASH)).toBeNull();
  });
});

describe("eth_getLogs", () => {
  type Log = {
    address: string;
    topics: string[];
    blockNumber: string;
    logIndex: string;
    transactionHash: string;
  };
  const getLogs = (filter: Record<string, unknown>) => rpc<Log[]>("eth_getLogs", filter);

  it("defaults to the latest block", async () => {
    const logs = await getLogs({});
    expect(logs).toHaveLength(1);
    expect(logs[0]?.blockNumber).toBe(hex(at.pair));
  });

  it("returns every log of a range, as the receipts hold them", async () => {
    const logs = await getLogs({ fromBlock: "earliest" });
    expect(logs.map((log) => BigInt(log.blockNumber))).toEqual([
      at.deploy,
      at.tokenToAcc1,
      at.tokenToAcc2,
      at.approve,
      at.pair,
    ]);
    const receipt = await rpc<{ logs: Log[] }>("eth_getTransactionReceipt", logs[1]?.transactionHash);
    expect(receipt.logs).toEqual([logs[1]]);
    expect(await getLogs({ fromBlock: hex(at.tokenToAcc1), toBlock: hex(at.tokenToAcc2) })).toEqual(
      logs.slice(1, 3),
    );
    expect(await getLogs({ fromBlock: "0x0", toBlock: "0x999" })).toEqual(logs);
  });

  it("filters by address, one or several", async () => {
    expect(await getLogs({ fromBlock: "0x0", address: tokenAddress })).toHaveLength(5);
    expect(await getLogs({ fromBlock: "0x0", address: [OTHER_ADDRESS, tokenAddress] })).toHaveLength(5);
    expect(await getLogs({ fromBlock: "0x0", address: [OTHER_ADDRESS] })).toEqual([]);
    expect(
      await getLogs({ fromBlock: "0x0", address: tokenAddress.toUpperCase().replace("0X", "0x") }),
    ).toHaveLength(5);
  });

  it("filters by topics: positions, OR lists and null wildcards", async () => {
    const [a0, a1, a2] = acc as [string, string, string];
    const count = async (topics: unknown[]) => (await getLogs({ fromBlock: "0x0", topics })).length;
    expect(await count([TRANSFER])).toBe(4);
    expect(await count([APPROVAL])).toBe(1);
    expect(await count([[TRANSFER, APPROVAL]])).toBe(5);
    expect(await count([null, word(a0)])).toBe(4); // transfers from acc0 and its approval
    expect(await count([TRANSFER, null, word(a2)])).toBe(1);
    expect(await count([TRANSFER, null, [word(a1), word(a2)]])).toBe(2);
    expect(await count([APPROVAL, null, word(a2)])).toBe(0);
    expect(await count([TRANSFER, null, null, word(a0)])).toBe(0); // no fourth topic
    expect(await count([`0x${"ee".repeat(32)}`])).toBe(0);
    expect(await count([])).toBe(5);
  });

  it("reads one block by hash", async () => {
    const logs = await getLogs({ blockHash: block(at.tokenToAcc2).hash });
    expect(logs).toHaveLength(1);
    expect(logs[0]?.topics[2]).toBe(word(acc[2] ?? ""));
    expect(await getLogs({ blockHash: block(at.transfer).hash })).toEqual([]);
  });

  it("rejects bad ranges and unknown blocks", async () => {
    expect(
      (await rpcError("eth_getLogs", { fromBlock: hex(at.approve), toBlock: hex(at.deploy) })).code,
    ).toBe(-32602);
    expect((await rpcError("eth_getLogs", { fromBlock: "0x999" })).code).toBe(-32602);
    expect((await rpcError("eth_getLogs", { blockHash: UNKNOWN_HASH })).code).toBe(-32000);
    expect((await rpcError("eth_getLogs", { blockHash: block(1n).hash, fromBlock: "0x1" })).code).toBe(
      -32602,
    );
    expect((await rpcError("eth_getLogs", { topics: ["0x12"] })).code).toBe(-32602);
    expect((await rpcError("eth_getLogs", { address: "0x12" })).code).toBe(-32602);
  });
});

/** An ethers provider that sends through the handler, so ethers' own formatting checks our JSON. */
class InProcessProvider extends JsonRpcApiProvider {
  constructor() {
    super(Network.from(31337), { staticNetwork: Network.from(31337), batchMaxCount: 1 });
  }

  override async _send(
    payload: JsonRpcPayload | JsonRpcPayload[],
  ): Promise<(JsonRpcResult | JsonRpcError)[]> {
    const out = await handler.handle(payload, connection);
    const responses = out === undefined ? [] : Array.isArray(out) ? out : [out];
    return responses as (JsonRpcResult | JsonRpcError)[];
  }
}

describe("clients read our JSON", () => {
  it("ethers parses blocks, transactions, receipts, logs and fees", async () => {
    const provider = new InProcessProvider();
    try {
      expect(await provider.getBlockNumber()).toBe(Number(devnet.chain.height));
      const fullBlock = await provider.getBlock(Number(at.pair), true);
      expect(fullBlock?.prefetchedTransactions).toHaveLength(2);
      expect(fullBlock?.baseFeePerGas).toBe(block(at.pair).block.header.baseFeePerGas);

      const legacy = block(at.legacy).receipts[0]?.transactionHash ?? "";
      const tx = await provider.getTransaction(legacy);
      expect(tx?.type).toBe(0);
      expect(tx?.chainId).toBe(31337n);
      expect(tx?.from.toLowerCase()).toBe(acc[1]);
      expect(tx?.gasPrice).toBe(3n * GWEI);

      const dear = await provider.getTransaction(pair.dear);
      expect(dear?.type).toBe(2);
      expect(dear?.maxPriorityFeePerGas).toBe(3n * GWEI);

      const receipt = await provider.getTransactionReceipt(pair.dear);
      expect(receipt?.status).toBe(1);
      expect(receipt?.logs).toHaveLength(1);
      expect(receipt?.blockNumber).toBe(Number(at.pair));

      const logs = await provider.getLogs({ fromBlock: 0, address: tokenAddress, topics: [TRANSFER] });
      expect(logs).toHaveLength(4);
      expect(tokenInterface.parseLog(logs[1] ?? { topics: [], data: "0x" })?.args[2]).toBe(10n);

      const feeData = await provider.getFeeData();
      expect(feeData.gasPrice).toBe((devnet.nextBaseFee() ?? 0n) + GWEI);
      expect(feeData.maxPriorityFeePerGas).toBe(GWEI);

      expect(await provider.getBalance(acc[1] ?? "", Number(at.transfer))).toBe(10_000n * ETHER + 1000n);
      expect(await provider.getTransactionCount(acc[0] ?? "")).toBe(6);
      expect(await provider.getCode(tokenAddress)).toBe(token.deployedBytecode.toLowerCase());
      expect(await provider.getStorage(tokenAddress, storageSlot(token, "totalSupply"))).toBe(
        `0x${1000n.toString(16).padStart(64, "0")}`,
      );
    } finally {
      provider.destroy();
    }
  });

  it("viem parses blocks, transactions, receipts, logs and fee history", async () => {
    const client = createPublicClient({
      transport: custom({
        request: async ({ method, params }: { method: string; params?: unknown }) => {
          const response = await send(method, (params as unknown[] | undefined) ?? []);
          if ("error" in response) throw Object.assign(new Error(response.error.message), response.error);
          return response.result;
        },
      }),
    });
    const fetched = await client.getBlock({ blockNumber: at.pair, includeTransactions: true });
    expect(fetched.transactions).toHaveLength(2);
    expect(fetched.transactions[0]?.type).toBe("eip1559");

    const tx = await client.getTransaction({ hash: pair.cheap as `0x${string}` });
    expect(tx.maxPriorityFeePerGas).toBe(GWEI);
    expect(tx.blockNumber).toBe(at.pair);

    const receipt = await client.getTransactionReceipt({ hash: pair.dear as `0x${string}` });
    expect(receipt.status).toBe("success");

    const logs = await client.getLogs({
      address: tokenAddress as `0x${string}`,
      event: parseAbiItem("event Transfer(address indexed from, address indexed to, uint256 value)"),
      fromBlock: 0n,
    });
    expect(logs.map((log) => log.args.value)).toEqual([1000n, 10n, 20n, 1n]);

    const history = await client.getFeeHistory({ blockCount: 2, rewardPercentiles: [50] });
    expect(history.baseFeePerGas).toHaveLength(3);
    expect(history.reward).toHaveLength(2);

    const estimate = await client.estimateFeesPerGas();
    expect(estimate.maxPriorityFeePerGas).toBe(GWEI);
    expect(await client.getChainId()).toBe(31337);
  });
});

describe("pending transactions", () => {
  it("serves a pooled transaction with null block fields, no receipt, and the pending nonce", async () => {
    const [, , , , , a5, a6] = acc as string[];
    if (a5 === undefined || a6 === undefined) throw new Error("missing dev accounts");
    devnet.setMining({ mode: "manual" });
    try {
      const hash = await sendTx(a5, { ...fees(GWEI), to: a6 as `0x${string}`, value: 5n });
      const pending = await rpc<Record<string, unknown>>("eth_getTransactionByHash", hash);
      expect(pending).toMatchObject({
        hash,
        from: a5,
        blockHash: null,
        blockNumber: null,
        transactionIndex: null,
        gasPrice: hex(20n * GWEI),
      });
      expect(pending).not.toHaveProperty("blockTimestamp");
      expect(await rpc("eth_getTransactionReceipt", hash)).toBeNull();
      expect(await rpc("eth_getTransactionCount", a5)).toBe("0x0");
      expect(await rpc("eth_getTransactionCount", a5, "pending")).toBe("0x1");

      await devnet.mine();
      expect((await rpc<{ status: string }>("eth_getTransactionReceipt", hash)).status).toBe("0x1");
      expect((await rpc<{ blockNumber: string }>("eth_getTransactionByHash", hash)).blockNumber).toBe(
        hex(devnet.chain.height),
      );
    } finally {
      devnet.setMining({ mode: "auto" });
    }
  });
});

describe("matches anvil", () => {
  it("serves the same fields for blocks, transactions, receipts, logs and fee history", async () => {
    const anvil = await startAnvil();
    try {
      const call = async (method: string, ...params: unknown[]) => {
        const res = await fetch(anvil.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
        });
        return ((await res.json()) as { result: unknown }).result;
      };
      const from = acc[0];
      const deploy = (await call("eth_sendTransaction", {
        from,
        data: `${token.bytecode}${tokenInterface.encodeDeploy(["Token", "TKN", 1000n]).slice(2)}`,
      })) as string;
      const legacy = (await call("eth_sendTransaction", {
        from,
        to: acc[1],
        value: "0x1",
        gasPrice: hex(3n * GWEI),
      })) as string;
      // anvil can answer a send before its block exists: wait for both receipts.
      const receiptOf = async (hash: string): Promise<Record<string, unknown>> => {
        for (let tries = 0; tries < 200; tries++) {
          const receipt = (await call("eth_getTransactionReceipt", hash)) as Record<string, unknown> | null;
          if (receipt !== null) return receipt;
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        throw new Error(`anvil never mined ${hash}`);
      };
      const anvilDeploy = await receiptOf(deploy);
      await receiptOf(legacy);
      const anvilBlock = (await call("eth_getBlockByNumber", "0x1", true)) as Record<string, unknown>;
      const anvilTx = (anvilBlock.transactions as Record<string, unknown>[])[0] ?? {};
      const anvilLegacy = (await call("eth_getTransactionByHash", legacy)) as Record<string, unknown>;
      const anvilLog = (anvilDeploy.logs as Record<string, unknown>[])[0] ?? {};
      const anvilHistory = (await call("eth_feeHistory", "0x2", "latest", [50])) as Record<string, unknown>;

      const ourDeploy = await rpc<Record<string, unknown>>(
        "eth_getTransactionReceipt",
        block(at.deploy).receipts[0]?.transactionHash,
      );
      const ourBlock = await rpc<Record<string, unknown>>("eth_getBlockByNumber", hex(at.deploy), true);
      const ourTx = (ourBlock.transactions as Record<string, unknown>[])[0] ?? {};
      const ourLegacy = await rpc<Record<string, unknown>>(
        "eth_getTransactionByHash",
        block(at.legacy).receipts[0]?.transactionHash,
      );
      const ourLog = (ourDeploy.logs as Record<string, unknown>[])[0] ?? {};
      const ourHistory = await rpc<Record<string, unknown>>("eth_feeHistory", "0x2", "latest", [50]);

      const keys = (value: Record<string, unknown>) => Object.keys(value).sort();
      expect(keys(ourBlock)).toEqual(keys(anvilBlock));
      expect(keys(ourTx)).toEqual(keys(anvilTx));
      expect(keys(ourLegacy)).toEqual(keys(anvilLegacy));
      expect(keys(ourLog)).toEqual(keys(anvilLog));
      expect(keys(ourHistory)).toEqual(keys(anvilHistory));
      // anvil adds blobGasPrice to the receipts of every type; we keep it to blob transactions.
      expect(keys(ourDeploy)).toEqual(keys(anvilDeploy).filter((key) => key !== "blobGasPrice"));
      expect(typeof ourDeploy.blockTimestamp).toBe(typeof anvilDeploy.blockTimestamp);
      // Same chain, same keys: the genesis-independent values agree too.
      expect(ourLog.topics).toEqual(anvilLog.topics);
      expect(ourLog.data).toEqual(anvilLog.data);
      expect(ourDeploy.gasUsed).toBe(anvilDeploy.gasUsed);
    } finally {
      await anvil.stop();
    }
  });
});
