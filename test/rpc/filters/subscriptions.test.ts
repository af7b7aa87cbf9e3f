/**
 * eth_subscribe / eth_unsubscribe over a real WebSocket and over the in-process connection:
 * newHeads, logs, newPendingTransactions; ethers' WebSocketProvider and viem's webSocket transport
 * as clients; unsubscribing; a closed socket freeing its subscriptions; HTTP refused.
 */
import { Contract, Network, WebSocketProvider } from "ethers";
import { type Abi, createPublicClient, webSocket } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openConnection } from "../../../src/rpc/connection.js";
import { subscriptionRegistryOf } from "../../../src/rpc/subscriptions/SubscriptionRegistry.js";
import type { JsonRpcResponse, Notification } from "../../../src/rpc/types.js";
import { ANVIL_DEV_ADDRESSES } from "../../support/anvil.js";
import { rpcError, rpcResult } from "../../support/jsonRpc.js";
import {
  type FilterTestServer,
  SocketClient,
  startFilterServer,
  TokenDriver,
  TRANSFER_TOPIC,
  token,
  waitUntil,
} from "./filterServer.js";

const SUBSCRIPTION_ID = /^0x[0-9a-f]{32}$/;
const BLOCKS = 50;

type Log = Record<string, unknown> & { blockNumber: string; transactionHash: string };

const hex = (n: bigint | number) => `0x${n.toString(16)}`;

describe("subscriptions over WebSocket", () => {
  let server: FilterTestServer;
  let driver: TokenDriver;
  const subscriptions = () => subscriptionRegistryOf(server.devnet);

  beforeAll(async () => {
    server = await startFilterServer();
    driver = new TokenDriver(server.url);
    await driver.deploy();
  });

  afterAll(async () => {
    await server?.close();
  });

  async function mintAcrossBlocks(): Promise<bigint[]> {
    const amounts: bigint[] = [];
    for (let i = 1; i <= BLOCKS; i++) {
      await driver.mint(ANVIL_DEV_ADDRESSES[i % 5] ?? ANVIL_DEV_ADDRESSES[0], BigInt(i));
      amounts.push(BigInt(i));
    }
    return amounts;
  }

  it("newHeads: one header per block, the block's fields without its body", async () => {
    const client = await SocketClient.open(server.wsUrl);
    try {
      const id = await client.result<string>("eth_subscribe", ["newHeads"]);
      expect(id).toMatch(SUBSCRIPTION_ID);
      await waitUntil(() => subscriptions().count() === 1, "the subscription");
      const start = server.devnet.chain.height;
      await driver.mint(ANVIL_DEV_ADDRESSES[1], 1n);
      await server.devnet.mineBlocks(BigInt(BLOCKS - 1));
      await waitUntil(() => client.resultsOf(id).length >= BLOCKS, `${BLOCKS} headers`);
      const headers = client.resultsOf(id) as Record<string, unknown>[];
      expect(headers.map((header) => BigInt(header.number as string))).toEqual(
        Array.from({ length: BLOCKS }, (_, i) => start + 1n + BigInt(i)),
      );
      for (const header of headers.slice(0, 3)) {
        const block = await rpcResult<Record<string, unknown>>(server.url, "eth_getBlockByNumber", [
          header.number,
          false,
        ]);
        const { transactions, uncles, withdrawals, size, totalDifficulty, ...blockHeader } = block;
        expect(header).toEqual(blockHeader);
        expect(header).not.toHaveProperty("transactions");
      }
    } finally {
      await client.close();
    }
    await waitUntil(() => subscriptions().count() === 0, "the socket's subscriptions to go");
  });

  it("logs: each matching log, formatted as eth_getLogs serves it", async () => {
    const client = await SocketClient.open(server.wsUrl);
    try {
      const all = await client.result<string>("eth_subscribe", ["logs"]);
      const token = await client.result<string>("eth_subscribe", [
        "logs",
        { address: driver.tokenAddress, topics: [TRANSFER_TOPIC] },
      ]);
      const toHolder = await client.result<string>("eth_subscribe", [
        "logs",
        { topics: [null, null, `0x${"00".repeat(12)}${ANVIL_DEV_ADDRESSES[3].slice(2).toLowerCase()}`] },
      ]);
      const elsewhere = await client.result<string>("eth_subscribe", [
        "logs",
        { address: ANVIL_DEV_ADDRESSES[4] },
      ]);
      const first = server.devnet.chain.height + 1n;
      await driver.mint(ANVIL_DEV_ADDRESSES[2], 5n);
      await driver.mint(ANVIL_DEV_ADDRESSES[3], 6n);
      const expected = await rpcResult<Log[]>(server.url, "eth_getLogs", [
        { fromBlock: hex(first), toBlock: hex(first + 1n) },
      ]);
      expect(expected).toHaveLength(2);
      await waitUntil(() => client.resultsOf(all).length >= 2, "two logs");
      await waitUntil(() => client.resultsOf(toHolder).length >= 1, "one log");
      expect(client.resultsOf(all)).toEqual(expected);
      expect(client.resultsOf(token)).toEqual(expected);
      expect(client.resultsOf(toHolder)).toEqual(expected.slice(1));
      expect(client.resultsOf(elsewhere)).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("logs: numeric fromBlock / toBlock bound which new blocks count", async () => {
    const client = await SocketClient.open(server.wsUrl);
    try {
      const head = server.devnet.chain.height;
      const past = await client.result<string>("eth_subscribe", ["logs", { toBlock: hex(head) }]);
      const later = await client.result<string>("eth_subscribe", ["logs", { fromBlock: hex(head + 2n) }]);
      const window = await client.result<string>("eth_subscribe", [
        "logs",
        { fromBlock: hex(head + 1n), toBlock: hex(head + 1n) },
      ]);
      const all = await client.result<string>("eth_subscribe", [
        "logs",
        { fromBlock: "latest", toBlock: "latest" },
      ]);
      for (let i = 1; i <= 3; i++) await driver.mint(ANVIL_DEV_ADDRESSES[1], BigInt(i));
      await waitUntil(() => client.resultsOf(all).length === 3, "three logs");
      const blocksOf = (id: string) => client.resultsOf(id).map((log) => BigInt((log as Log).blockNumber));
      expect(blocksOf(all)).toEqual([head + 1n, head + 2n, head + 3n]);
      expect(blocksOf(later)).toEqual([head + 2n, head + 3n]);
      expect(blocksOf(window)).toEqual([head + 1n]);
      expect(blocksOf(past)).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it("unsubscribe: true, then false; nothing arrives after it; another socket's id is not yours", async () => {
    const client = await SocketClient.open(server.wsUrl);
    const other = await SocketClient.open(server.wsUrl);
    try {
      const id = await client.result<string>("eth_subscribe", ["newHeads"]);
      const kept = await client.result<string>("eth_subscribe", ["newHeads"]);
      expect(await other.result("eth_unsubscribe", [id])).toBe(false);
      expect(await client.result("eth_unsubscribe", [id])).toBe(true);
      expect(await client.result("eth_unsubscribe", [id])).toBe(false);
      expect(await client.result("eth_unsubscribe", ["0x4174644f57727a4559366a633367374e"])).toBe(false);
      await server.devnet.mine();
      await waitUntil(() => client.resultsOf(kept).length === 1, "the kept subscription's header");
      expect(client.resultsOf(id)).toEqual([]);
    } finally {
      await client.close();
      await other.close();
    }
  });

  it("a closed socket frees its subscriptions", async () => {
    await waitUntil(() => subscriptions().count() === 0, "earlier sockets to be cleaned up");
    const client = await SocketClient.open(server.wsUrl);
    const survivor = await SocketClient.open(server.wsUrl);
    await client.result("eth_subscribe", ["newHeads"]);
    await client.result("eth_subscribe", ["logs", {}]);
    await client.result("eth_subscribe", ["newPendingTransactions"]);
    const kept = await survivor.result<string>("eth_subscribe", ["newHeads"]);
    expect(subscriptions().count()).toBe(4);
    await client.close();
    await waitUntil(() => subscriptions().count() === 1, "the closed socket's subscriptions to go");
    await server.devnet.mine();
    await waitUntil(() => survivor.resultsOf(kept).length === 1, "the survivor's header");
    await survivor.close();
    await waitUntil(() => subscriptions().count() === 0, "the survivor's subscription to go");
  });

  it("answers bad subscriptions with -32602", async () => {
    const client = await SocketClient.open(server.wsUrl);
    try {
      const code = async (params: unknown[]) =>
        ((await client.request("eth_subscribe", params)).error as { code: number } | undefined)?.code;
      expect(await code(["foo"])).toBe(-32602);
      expect(await code([])).toBe(-32602);
      expect(await code([1])).toBe(-32602);
      expect(await code(["newHeads", { address: driver.tokenAddress }])).toBe(-32602);
      expect(await code(["logs", { address: "0x12" }])).toBe(-32602);
      expect(await code(["logs", { blockHash: `0x${"11".repeat(32)}` }])).toBe(-32602);
      expect(await code(["logs", { fromBlock: "0x5", toBlock: "0x4" }])).toBe(-32602);
      expect(await code(["newPendingTransactions", "yes"])).toBe(-32602);
      expect(((await client.request("eth_unsubscribe", [1])).error as { code: number }).code).toBe(-32602);
      expect(subscriptions().count()).toBe(0);
    } finally {
      await client.close();
    }
  });

  it("refuses subscriptions over HTTP: -32601 notifications not supported", async () => {
    expect((await rpcError(server.url, "eth_subscribe", ["newHeads"])).code).toBe(-32601);
    expect((await rpcError(server.url, "eth_unsubscribe", ["0x1"])).code).toBe(-32601);
  });

  it(`ethers WebSocketProvider: contract.on("Transfer") across ${BLOCKS} blocks, and "block" for each`, async () => {
    const provider = new WebSocketProvider(server.wsUrl, Network.from(31337), { cacheTimeout: -1 });
    const contract = new Contract(driver.tokenAddress, token.abi, provider);
    const received: bigint[] = [];
    const blocks: number[] = [];
    try {
      await contract.on("Transfer", (_from: string, _to: string, value: bigint) => {
        received.push(value);
      });
      await provider.on("block", (number: number) => {
        blocks.push(number);
      });
      await waitUntil(() => subscriptions().count() === 2, "ethers to subscribe");
      const start = Number(server.devnet.chain.height);
      const amounts = await mintAcrossBlocks();
      await waitUntil(() => received.length >= BLOCKS, `${BLOCKS} Transfer events`);
      expect(received).toEqual(amounts);
      await waitUntil(() => blocks.includes(start + BLOCKS), "the last block");
      expect(blocks).toEqual(Array.from({ length: BLOCKS }, (_, i) => start + 1 + i));
      await contract.removeAllListeners();
      await provider.removeAllListeners();
      await waitUntil(() => subscriptions().count() === 0, "ethers to unsubscribe");
    } finally {
      // Let ethers receive the unsubscribe answers before the socket goes (else: cancelled
      // requests, unhandled rejections).
      await new Promise((resolve) => setTimeout(resolve, 250));
      await provider.destroy();
    }
  });

  it(`viem watchContractEvent over webSocket across ${BLOCKS} blocks`, async () => {
    const client = createPublicClient({ transport: webSocket(server.wsUrl) });
    const received: bigint[] = [];
    const errors: unknown[] = [];
    const unwatch = client.watchContractEvent({
      address: driver.tokenAddress as `0x${string}`,
      abi: token.abi as unknown as Abi,
      eventName: "Transfer",
      onLogs: (logs) => {
        for (const log of logs) received.push((log as unknown as { args: { value: bigint } }).args.value);
      },
      onError: (error) => errors.push(error),
    });
    try {
      await waitUntil(() => subscriptions().count() === 1, "viem to subscribe");
      const amounts = await mintAcrossBlocks();
      await waitUntil(() => received.length >= BLOCKS, `${BLOCKS} Transfer events`);
      expect(received).toEqual(amounts);
      expect(errors).toEqual([]);
      unwatch();
      await waitUntil(() => subscriptions().count() === 0, "viem to unsubscribe");
    } finally {
      unwatch();
      const transport = client.transport as unknown as { getRpcClient?: () => Promise<{ close(): void }> };
      (await transport.getRpcClient?.())?.close();
    }
  });
});

describe("newPendingTransactions in manual mining", () => {
  let server: FilterTestServer;
  let driver: TokenDriver;

  beforeAll(async () => {
    server = await startFilterServer({ mining: { mode: "manual" } });
    driver = new TokenDriver(server.url);
  });

  afterAll(async () => {
    await server?.close();
  });

  it("pushes each transaction as it enters the pool (hash, or whole with true), the block when mined", async () => {
    const client = await SocketClient.open(server.wsUrl);
    const provider = new WebSocketProvider(server.wsUrl, Network.from(31337), { cacheTimeout: -1 });
    const seenByEthers: string[] = [];
    try {
      const hashes = await client.result<string>("eth_subscribe", ["newPendingTransactions"]);
      const full = await client.result<string>("eth_subscribe", ["newPendingTransactions", true]);
      const heads = await client.result<string>("eth_subscribe", ["newHeads"]);
      await provider.on("pending", (hash: string) => {
        seenByEthers.push(hash);
      });
      const registry = subscriptionRegistryOf(server.devnet);
      await waitUntil(() => registry.count() === 4, "every subscription");

      const sent = [await driver.deploy(false)];
      for (let i = 0; i < 4; i++) sent.push(await driver.mint(ANVIL_DEV_ADDRESSES[1], BigInt(i + 1), false));
      await waitUntil(() => client.resultsOf(full).length === sent.length, "the pending transactions");
      await waitUntil(() => seenByEthers.length === sent.length, "ethers' pending events");
      expect(client.resultsOf(hashes)).toEqual(sent);
      expect(seenByEthers).toEqual(sent);
      const pending = client.resultsOf(full) as Record<string, unknown>[];
      for (const [index, tx] of pending.entries()) {
        expect(tx).toEqual(await rpcResult(server.url, "eth_getTransactionByHash", [sent[index]]));
        expect(tx.blockHash).toBeNull();
      }
      expect(client.resultsOf(heads)).toEqual([]);

      const mined = await server.devnet.mine();
      expect(mined.receipts).toHaveLength(sent.length);
      await waitUntil(() => client.resultsOf(heads).length === 1, "the block's header");
      expect((client.resultsOf(heads)[0] as { hash: string }).hash).toBe(mined.hash);
      expect(client.resultsOf(hashes)).toHaveLength(sent.length);
    } finally {
      await provider.destroy();
      await client.close();
    }
  });
});

describe("subscriptions on the in-process connection", () => {
  let server: FilterTestServer;

  beforeAll(async () => {
    server = await startFilterServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it("pushes eth_subscription notifications through connection.push; close frees them", async () => {
    const pushed: Notification[] = [];
    const { connection, close } = openConnection("in-process", (notification) => pushed.push(notification));
    const request = async (method: string, params: unknown[]) =>
      (await server.handler.handle(
        { jsonrpc: "2.0", id: 1, method, params },
        connection,
      )) as JsonRpcResponse & {
        result: string;
      };
    const id = (await request("eth_subscribe", ["newHeads"])).result;
    const registry = subscriptionRegistryOf(server.devnet);
    expect(registry.count(connection.id)).toBe(1);
    const mined = await server.devnet.mine();
    await waitUntil(() => pushed.length === 1, "the notification");
    expect(pushed[0]).toEqual({
      jsonrpc: "2.0",
      method: "eth_subscription",
      params: {
        subscription: id,
        result: expect.objectContaining({ hash: mined.hash, number: hex(mined.number) }),
      },
    });
    close();
    expect(registry.count(connection.id)).toBe(0);
    expect(registry.count()).toBe(0);
  });

  it("holds back notifications until the subscription's id has gone out", async () => {
    const pushed: Notification[] = [];
    const { connection, close } = openConnection("in-process", (notification) => pushed.push(notification));
    const registry = subscriptionRegistryOf(server.devnet);
    const id = registry.subscribe(connection, { kind: "newHeads" });
    // A block in the same turn as the subscription: its header waits for the next turn.
    server.devnet.emit("block", server.devnet.head);
    expect(pushed).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pushed.map((notification) => notification.params)).toEqual([
      { subscription: id, result: expect.objectContaining({ hash: server.devnet.head.hash }) },
    ]);
    close();
  });
});
