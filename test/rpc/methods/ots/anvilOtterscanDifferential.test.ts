/**
 * ots_* next to the real anvil (`--hardfork prague`): the same signed transactions from two
 * senders (contract creations, transfers, nested calls and reverts, a CREATE2, a self-destruct
 * that moves a balance, out of gas, a block of three), every block at a timestamp set on both,
 * then every Otterscan method asked of both and the answers compared whole.
 *
 * Block hashes, state roots, prevRandao and the genesis timestamp differ between the chains
 * (anvil keeps the EIP-2935 history contract, draws its own prevRandao, and each genesis carries
 * its start time): anvil's are replaced by the devnet's, block by block, before comparing. anvil
 * also gives every receipt a `blobGasPrice` (the devnet, as geth: blob transactions' only), and
 * its blocks' `size` is one byte less than the devnet's (as in eth_getBlockByNumber): both left
 * out before comparing. Where the devnet follows Erigon (whose API Otterscan was written
 * against) rather than anvil: ots_getBlockTransactions' `transactionCount` is the block's, not
 * the page's.
 */
import { Interface, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_KEYS, type AnvilInstance, startAnvil } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../../support/devnetServer.js";
import { waitForReceipt } from "../../../support/jsonRpc.js";

const GWEI = 1_000_000_000n;
const reverter = loadArtifact("Reverter");
const abi = new Interface(reverter.abi);
const alice = new Wallet(ANVIL_DEV_KEYS[0]);
const bob = new Wallet(ANVIL_DEV_KEYS[1]);
const DEAD = "0x000000000000000000000000000000000000dead";
const EMPTY_ROOT = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";

let anvil: AnvilInstance;
let server: DevnetServer;
let onAnvil: Rpc;
let onDevnet: Rpc;
const nonces = new Map<Wallet, number>();
let timestamp = 2_000_000_000;
/** Name → transaction hash (the same on both chains). */
const txs = new Map<string, string>();
let first = "";
let second = "";
let child = "";
let head = 0;
/** anvil's block hashes, state roots and prevRandao → the devnet's. */
const translation = new Map<string, string>();
let genesisRoot = "";

type Fields = { to?: string; data?: string; value?: bigint; gasLimit?: bigint };

function sign(wallet: Wallet, fields: Fields): Promise<string> {
  const nonce = nonces.get(wallet) ?? 0;
  nonces.set(wallet, nonce + 1);
  return wallet.signTransaction({
    type: 2,
    chainId: 31337n,
    nonce,
    maxFeePerGas: 10n * GWEI,
    maxPriorityFeePerGas: GWEI,
    gasLimit: 3_000_000n,
    value: 0n,
    ...fields,
  });
}

async function onBoth(method: string, ...params: unknown[]): Promise<void> {
  await Promise.all([onAnvil.call(method, ...params), onDevnet.call(method, ...params)]);
}

async function sendRaw(raw: string): Promise<string> {
  const [a, d] = await Promise.all([
    onAnvil.call<string>("eth_sendRawTransaction", raw),
    onDevnet.call<string>("eth_sendRawTransaction", raw),
  ]);
  expect(d).toBe(a);
  return d;
}

async function send(name: string, wallet: Wallet, fields: Fields): Promise<string> {
  await onBoth("evm_setNextBlockTimestamp", timestamp++);
  const hash = await sendRaw(await sign(wallet, fields));
  await Promise.all([waitForReceipt(anvil.url, hash), waitForReceipt(server.url, hash)]);
  txs.set(name, hash);
  return hash;
}

async function createdBy(hash: string): Promise<string> {
  return (await onDevnet.call<{ contractAddress: string }>("eth_getTransactionReceipt", hash))
    .contractAddress;
}

beforeAll(async () => {
  [anvil, server] = await Promise.all([startAnvil(["--hardfork", "prague"]), startDevnetServer()]);
  onAnvil = new Rpc(anvil.url);
  onDevnet = new Rpc(server.url);
  const call = (fn: string, args: unknown[] = []) => abi.encodeFunctionData(fn, args);
  first = await createdBy(await send("create", alice, { data: reverter.bytecode }));
  second = await createdBy(await send("create by bob", bob, { data: reverter.bytecode }));
  await send("transfer", alice, { to: DEAD, value: 1000n });
  await send("fund", bob, { to: second, value: 7777n });
  await send("reason", alice, { to: first, data: call("revertWithReason") });
  await send("nested catch", bob, { to: first, data: call("nestedCatch", [second]) });
  await send("create2", alice, { to: first, data: call("deploy", [`0x${"11".repeat(32)}`]) });
  child = await onDevnet.call<string>("eth_call", {
    to: first,
    data: call("computeAddress", [`0x${"11".repeat(32)}`]),
  });
  child = `0x${child.slice(26)}`;
  await send("self-destruct", alice, { to: second, data: call("destroy") });
  await send("out of gas", bob, { to: first, data: call("outOfGas"), gasLimit: 100_000n });
  await onBoth("evm_setAutomine", false);
  const batch = [
    await sign(alice, { to: first, data: call("emitLogs", [1]), value: 9n }),
    await sign(bob, { to: DEAD, value: 3n }),
    await sign(alice, { to: first, data: call("nestedCatch", [second]) }),
  ];
  for (const [i, raw] of batch.entries()) txs.set(`batch ${i}`, await sendRaw(raw));
  await onBoth("evm_setNextBlockTimestamp", timestamp++);
  await onBoth("evm_mine");
  await onBoth("evm_setAutomine", true);
  await send("late transfer", bob, { to: DEAD, value: 1n });
  head = Number(await onDevnet.call<string>("eth_blockNumber"));
  for (let number = 0; number <= head; number++) {
    const tag = `0x${number.toString(16)}`;
    const [a, d] = await Promise.all([
      onAnvil.call<Record<string, string>>("eth_getBlockByNumber", tag, false),
      onDevnet.call<Record<string, string>>("eth_getBlockByNumber", tag, false),
    ]);
    if (number === 0) {
      genesisRoot = d.stateRoot as string;
      // Each chain's genesis carries its start time, which may fall in different seconds.
      translation.set(a.timestamp as string, d.timestamp as string);
    }
    for (const field of ["hash", "stateRoot", "mixHash"]) {
      // anvil's genesis state root is the empty trie's root, which other roots also are.
      if (a[field] !== EMPTY_ROOT) translation.set(a[field] as string, d[field] as string);
    }
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([anvil?.stop(), server?.close()]);
});

/** anvil's answer in the devnet's block hashes, state roots and prevRandao; no sizes, blob fees of blob receipts only. */
function translated(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, field) => {
    if (key === "size") return undefined;
    if (key === "stateRoot" && field === EMPTY_ROOT) return genesisRoot;
    if (typeof field === "string") return translation.get(field) ?? field;
    if (typeof field === "object" && field !== null && "blobGasPrice" in field && !("blobGasUsed" in field)) {
      const { blobGasPrice: _price, ...receipt } = field;
      return receipt;
    }
    return field;
  });
}

function withoutSizes(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, field) => (key === "size" ? undefined : field));
}

async function both(method: string, ...params: unknown[]): Promise<{ anvil: unknown; devnet: unknown }> {
  const [a, d] = await Promise.all([onAnvil.envelope(method, params), onDevnet.envelope(method, params)]);
  expect(a.error, `anvil ${method} ${JSON.stringify(params)}`).toBeUndefined();
  expect(d.error, `devnet ${method} ${JSON.stringify(params)}`).toBeUndefined();
  return { anvil: translated(a.result), devnet: withoutSizes(d.result) };
}

async function expectSame(method: string, ...params: unknown[]): Promise<void> {
  const { anvil: a, devnet: d } = await both(method, ...params);
  expect(d, `${method} ${JSON.stringify(params)}`).toEqual(a);
}

describe("Otterscan's transaction methods against anvil", () => {
  it("ots_getApiLevel", async () => {
    await expectSame("ots_getApiLevel");
  });

  it("ots_getInternalOperations, ots_traceTransaction, ots_getTransactionError", async () => {
    for (const hash of txs.values()) {
      await expectSame("ots_getInternalOperations", hash);
      await expectSame("ots_traceTransaction", hash);
      await expectSame("ots_getTransactionError", hash);
    }
  });

  it("ots_hasCode at blocks before and after creations", async () => {
    for (const account of [first, second, child, DEAD, alice.address]) {
      for (const tag of ["latest", "0x0", "0x1", "0x2", "0x7"]) await expectSame("ots_hasCode", account, tag);
    }
  });

  it("ots_getTransactionBySenderAndNonce", async () => {
    for (const wallet of [alice, bob]) {
      for (let nonce = 0; nonce <= (nonces.get(wallet) ?? 0); nonce++) {
        await expectSame("ots_getTransactionBySenderAndNonce", wallet.address, nonce);
      }
    }
  });

  it("ots_getContractCreator", async () => {
    for (const account of [first, second, child, DEAD, alice.address]) {
      await expectSame("ots_getContractCreator", account);
    }
  });
});

describe("Otterscan's block methods against anvil", () => {
  it("ots_getBlockDetails, ots_getBlockDetailsByHash, erigon_getHeaderByNumber", async () => {
    for (let number = 0; number <= head; number++) {
      await expectSame("ots_getBlockDetails", number);
      await expectSame("erigon_getHeaderByNumber", `0x${number.toString(16)}`);
      const { hash } = await onDevnet.call<{ hash: string }>(
        "eth_getBlockByNumber",
        `0x${number.toString(16)}`,
        false,
      );
      const anvilHash = [...translation].find(([, devnet]) => devnet === hash)?.[0];
      const [a, d] = await Promise.all([
        onAnvil.call("ots_getBlockDetailsByHash", anvilHash),
        onDevnet.call("ots_getBlockDetailsByHash", hash),
      ]);
      expect(withoutSizes(d)).toEqual(translated(a));
    }
  });

  it("ots_getBlockTransactions, page by page", async () => {
    for (const [block, page, size] of [
      [head - 1, 0, 10],
      [head - 1, 0, 2],
      [head - 1, 1, 2],
      [head - 1, 2, 2],
      [head - 1, 5, 1],
      [1, 0, 25],
    ] as const) {
      const { anvil: a, devnet: d } = await both("ots_getBlockTransactions", block, page, size);
      const count = await onDevnet.call<string>(
        "eth_getBlockTransactionCountByNumber",
        `0x${block.toString(16)}`,
      );
      const expected = a as { fullblock: Record<string, unknown> };
      expected.fullblock.transactionCount = Number(count);
      expect(d, `${block} ${page} ${size}`).toEqual(expected);
    }
  });
});

describe("Otterscan's address history against anvil", () => {
  it("ots_searchTransactionsBefore and ots_searchTransactionsAfter", async () => {
    for (const account of [alice.address, bob.address, first, second, child, DEAD]) {
      for (const size of [1, 2, 3, 25]) {
        for (const block of [0, 3, 6, head - 1, head]) {
          await expectSame("ots_searchTransactionsBefore", account, block, size);
          await expectSame("ots_searchTransactionsAfter", account, block, size);
        }
      }
    }
  });
});
