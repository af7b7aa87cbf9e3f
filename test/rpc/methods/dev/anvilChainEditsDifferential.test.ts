/**
 * anvil_rollback, anvil_reorg and the block timestamp interval next to the real anvil: the same
 * calls on both, and what a user can observe compared (heights, which transactions each block
 * holds, receipts of transactions taken off the chain, nonces, balances, error codes). Block
 * hashes and timestamps are the chains' own (anvil gives the blocks of a reorg its ancestor's
 * timestamp, the devnet one second more per block), and so are the fees of the replacing blocks
 * (anvil's base fee goes on from the replaced chain's, the devnet's follows the new parent).
 */
import { keccak256, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANVIL_DEV_ADDRESSES,
  ANVIL_DEV_KEYS,
  type AnvilInstance,
  startAnvil,
} from "../../../support/anvil.js";
import { waitForReceipt } from "../../../support/jsonRpc.js";
import { type DevTestServer, Rpc, type RpcBlock, startDevServer } from "./devServer.js";

const GWEI = 1_000_000_000n;
const [dev0, dev1, dev2, dev3] = ANVIL_DEV_ADDRESSES.map((address) => address.toLowerCase()) as [
  string,
  string,
  string,
  string,
];
const wallet0 = new Wallet(ANVIL_DEV_KEYS[0]);
const wallet1 = new Wallet(ANVIL_DEV_KEYS[1]);

let anvil: AnvilInstance;
let server: DevTestServer;
let onAnvil: Rpc;
let onDevnet: Rpc;

async function both(method: string, ...params: unknown[]) {
  const [a, d] = await Promise.all([onAnvil.envelope(method, params), onDevnet.envelope(method, params)]);
  return { anvil: a, devnet: d };
}

/** Succeeds on both with equal results; the result. */
async function same(method: string, ...params: unknown[]): Promise<unknown> {
  const { anvil: a, devnet: d } = await both(method, ...params);
  expect(a.error, `anvil ${method}`).toBeUndefined();
  expect(d.error, `devnet ${method}`).toBeUndefined();
  expect(d.result, method).toEqual(a.result);
  return d.result;
}

/** Fails on both with the same code. */
async function sameError(method: string, ...params: unknown[]): Promise<void> {
  const { anvil: a, devnet: d } = await both(method, ...params);
  expect(a.error, `anvil ${method} ${JSON.stringify(params)}`).toBeDefined();
  expect(d.error?.code, `${method} ${JSON.stringify(params)}`).toBe(a.error?.code);
}

/**
 * Sends a signed transaction to both with automine on; its hash once both have mined it. The
 * devnet answers after mining, anvil as soon as the transaction is in its pool: a height read
 * right after could still be anvil's old one.
 */
async function sendMined(raw: string): Promise<string> {
  const hash = (await same("eth_sendRawTransaction", raw)) as string;
  await waitForReceipt(anvil.url, hash);
  return hash;
}

/** A transfer of `value` wei, signed once so both chains get the same bytes. */
function transfer(wallet: Wallet, nonce: number, to: string, value: bigint): Promise<string> {
  return wallet.signTransaction({
    type: 2,
    chainId: 31337n,
    nonce,
    to,
    value,
    gasLimit: 21_000n,
    maxFeePerGas: 10n * GWEI,
    maxPriorityFeePerGas: GWEI,
  });
}

/** Block `number`'s transaction hashes, equal on both chains. */
async function sameTransactions(number: number): Promise<string[]> {
  const tag = `0x${number.toString(16)}`;
  const [a, d] = await Promise.all([
    onAnvil.call<RpcBlock>("eth_getBlockByNumber", tag, false),
    onDevnet.call<RpcBlock>("eth_getBlockByNumber", tag, false),
  ]);
  expect(d.transactions, `block ${number}`).toEqual(a.transactions);
  return d.transactions;
}

type Transfer = { from: string; to: string; value: string; nonce: string };

/**
 * What block `number`'s transactions are (sender, recipient, value, nonce), equal on both chains:
 * transactions a chain signs itself (requests) have its own fees, so not the same hashes.
 */
async function sameTransfers(number: number): Promise<Transfer[]> {
  const tag = `0x${number.toString(16)}`;
  const pick = (tx: Transfer) => ({ from: tx.from, to: tx.to, value: tx.value, nonce: tx.nonce });
  const [a, d] = await Promise.all([
    onAnvil.call<{ transactions: Transfer[] }>("eth_getBlockByNumber", tag, true),
    onDevnet.call<{ transactions: Transfer[] }>("eth_getBlockByNumber", tag, true),
  ]);
  expect(d.transactions.map(pick), `block ${number}`).toEqual(a.transactions.map(pick));
  return d.transactions.map(pick);
}

beforeAll(async () => {
  [anvil, server] = await Promise.all([startAnvil(["--hardfork", "prague"]), startDevServer()]);
  onAnvil = new Rpc(anvil.url);
  onDevnet = new Rpc(server.url);
});

afterAll(async () => {
  await Promise.all([anvil?.stop(), server?.close()]);
});

describe("chain edits against anvil", () => {
  const mined: string[] = [];

  it("anvil_rollback: the height drops, the removed transactions are gone, nonces and balances go back", async () => {
    for (let nonce = 0; nonce < 3; nonce++) {
      mined.push(await sendMined(await transfer(wallet0, nonce, dev3, 1000n)));
    }
    expect(await same("eth_blockNumber")).toBe("0x3");
    expect(await same("anvil_rollback", null)).toBeNull();
    expect(await same("eth_blockNumber")).toBe("0x2");
    expect(await same("eth_getTransactionReceipt", mined[2])).toBeNull();
    expect(await same("eth_getTransactionByHash", mined[2])).toBeNull();
    expect(await same("eth_getTransactionCount", dev0, "latest")).toBe("0x2");
    await same("eth_getBalance", dev3, "latest");
    await same("eth_getBalance", dev0, "latest");
    // The removed transaction can be sent again: its nonce is free.
    expect(await sendMined(await transfer(wallet0, 2, dev3, 1000n))).toBe(mined[2]);
    expect(await same("eth_blockNumber")).toBe("0x3");
    expect(await same("anvil_rollback", 2)).toBeNull();
    expect(await same("eth_blockNumber")).toBe("0x1");
    expect(await same("eth_getTransactionCount", dev0, "latest")).toBe("0x1");
    expect(await same("anvil_rollback", 0)).toBeNull();
    expect(await same("eth_blockNumber")).toBe("0x1");
  });

  it("anvil_rollback past genesis is refused", async () => {
    await sameError("anvil_rollback", 2);
  });

  it("anvil_reorg without transactions: the height stays, the replaced blocks are empty", async () => {
    for (let nonce = 1; nonce < 3; nonce++) {
      mined.push(await sendMined(await transfer(wallet0, nonce, dev3, 7n)));
    }
    expect(await same("eth_blockNumber")).toBe("0x3");
    expect(await same("anvil_reorg", 2, [])).toBeNull();
    expect(await same("eth_blockNumber")).toBe("0x3");
    expect(await sameTransactions(2)).toEqual([]);
    expect(await sameTransactions(3)).toEqual([]);
    expect(await same("eth_getTransactionCount", dev0, "latest")).toBe("0x1");
    for (const hash of mined.slice(-2)) expect(await same("eth_getTransactionReceipt", hash)).toBeNull();
    await same("eth_getBalance", dev3, "latest");
  });

  it("anvil_reorg with transactions: raw and requested ones land in the blocks named, nonces from the ancestor", async () => {
    const raw = await transfer(wallet1, 0, dev3, 5n);
    // Pairs out of block order: anvil sorts them by block, keeping the order within a block.
    const pairs = [
      [{ from: dev2, to: dev3, value: "0x6" }, 1],
      [raw, 0],
      [{ from: dev0, to: dev3, value: "0x7" }, 1],
      [{ from: dev2, to: dev3, value: "0x8" }, 2],
      [{ from: dev0, to: dev3, value: "0x9" }, 0],
    ];
    expect(await same("anvil_reorg", 3, pairs)).toBeNull();
    expect(await same("eth_blockNumber")).toBe("0x3");
    const blocks = [await sameTransfers(1), await sameTransfers(2), await sameTransfers(3)];
    expect(blocks.map((transfers) => transfers.map((tx) => tx.value))).toEqual([
      ["0x5", "0x9"],
      ["0x6", "0x7"],
      ["0x8"],
    ]);
    expect(blocks.flat().map((tx) => tx.nonce)).toEqual(["0x0", "0x0", "0x0", "0x1", "0x1"]);
    expect(await same("eth_getTransactionCount", dev0, "latest")).toBe("0x2");
    expect(await same("eth_getTransactionCount", dev1, "latest")).toBe("0x1");
    expect(await same("eth_getTransactionCount", dev2, "latest")).toBe("0x2");
    // The transfer of block 1 before the reorg is gone.
    expect(await same("eth_getTransactionByHash", mined[0])).toBeNull();
    // Fees differ: anvil's base fee after a reorg goes on from the replaced chain's, the
    // devnet's follows the new parent's.
    const receipts = await Promise.all(
      [onAnvil, onDevnet].map((rpc) =>
        rpc.call<Record<string, unknown>>("eth_getTransactionReceipt", keccak256(raw)),
      ),
    );
    const [a, d] = receipts.map((r) => ({
      status: r.status,
      gasUsed: r.gasUsed,
      block: r.blockNumber,
      index: r.transactionIndex,
    }));
    expect(d).toEqual(a);
    expect(d?.status).toBe("0x1");
    await same("eth_getBalance", dev3, "latest");
  });

  it("anvil_reorg leaves the pool's transactions in the pool", async () => {
    expect(await same("evm_setAutomine", false)).toBeNull();
    const pending = await same("eth_sendRawTransaction", await transfer(wallet1, 1, dev3, 3n));
    expect(await same("anvil_reorg", 1, [])).toBeNull();
    expect(await sameTransactions(3)).toEqual([]);
    expect(await same("txpool_status")).toEqual({ pending: "0x1", queued: "0x0" });
    expect(await same("evm_mine")).toBe("0x0");
    expect(await sameTransactions(4)).toEqual([pending]);
    expect(await same("evm_setAutomine", true)).toBeNull();
  });

  it("refuses what anvil refuses", async () => {
    await sameError("anvil_reorg", 5, []);
    await sameError("anvil_reorg", 2, [[{ from: dev0, to: dev3 }, 2]]);
    await sameError("anvil_reorg");
    await sameError("anvil_reorg", 1, [[{ from: `0x${"42".repeat(20)}`, to: dev3 }, 0]]);
    await sameError("anvil_reorg", 1, [["0x1234", 0]]);
    await sameError("anvil_rollback", -1);
  });
});

describe("the block timestamp interval against anvil", () => {
  const timestamp = async (rpc: Rpc) => BigInt((await rpc.latest()).timestamp);
  const latest = async () => {
    const [a, d] = await Promise.all([timestamp(onAnvil), timestamp(onDevnet)]);
    return { a, d };
  };

  it("spaces blocks by the interval, over the clock and its offset, and anvil_mine's blocks too", async () => {
    expect(await same("anvil_removeBlockTimestampInterval")).toBe(false);
    expect(await same("anvil_setBlockTimestampInterval", 100)).toBeNull();
    let before = await latest();
    await same("evm_mine");
    let after = await latest();
    expect([after.a - before.a, after.d - before.d]).toEqual([100n, 100n]);
    await both("evm_increaseTime", 5000);
    before = after;
    await same("evm_mine");
    after = await latest();
    expect([after.a - before.a, after.d - before.d]).toEqual([100n, 100n]);
    // anvil_mine's blocks follow the interval rather than its argument.
    before = after;
    await same("anvil_mine", 3, 7);
    after = await latest();
    expect([after.a - before.a, after.d - before.d]).toEqual([300n, 300n]);
    expect(await same("anvil_removeBlockTimestampInterval")).toBe(true);
    expect(await same("anvil_removeBlockTimestampInterval")).toBe(false);
  });

  it("refuses a missing or negative interval", async () => {
    await sameError("anvil_setBlockTimestampInterval");
    await sameError("anvil_setBlockTimestampInterval", -1);
  });
});
