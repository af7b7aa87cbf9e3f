/**
 * Polled filters over real HTTP: eth_newFilter, eth_newBlockFilter,
 * eth_newPendingTransactionFilter, eth_getFilterChanges, eth_getFilterLogs, eth_uninstallFilter;
 * expiry; and the clients that poll with them (ethers' contract.on, viem's watchContractEvent).
 */
import { Contract, JsonRpcProvider, Network, zeroPadValue } from "ethers";
import { type Abi, createPublicClient, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Devnet } from "../../../src/devnet/Devnet.js";
import { openConnection } from "../../../src/rpc/connection.js";
import { filterRegistryOf } from "../../../src/rpc/filters/FilterRegistry.js";
import { filterMethods } from "../../../src/rpc/filters/filterMethods.js";
import { createHandler } from "../../../src/rpc/handler.js";
import { readMethods } from "../../../src/rpc/methods/readMethods.js";
import { MethodRegistry } from "../../../src/rpc/registry.js";
import type { JsonRpcResponse } from "../../../src/rpc/types.js";
import { ANVIL_DEV_ADDRESSES } from "../../support/anvil.js";
import { rpcError, rpcResult } from "../../support/jsonRpc.js";
import {
  type FilterTestServer,
  startFilterServer,
  TokenDriver,
  TRANSFER_TOPIC,
  token,
  waitUntil,
} from "./filterServer.js";

const FILTER_ID = /^0x[0-9a-f]{32}$/;
const WORD = /^0x[0-9a-f]{64}$/;

type Log = Record<string, unknown> & { blockNumber: string; transactionHash: string; topics: string[] };

const hex = (n: bigint | number) => `0x${n.toString(16)}`;
/** A 32-byte topic holding an address. */
const addressTopic = (address: string) => zeroPadValue(address, 32).toLowerCase();

describe("filters over HTTP", () => {
  let server: FilterTestServer;
  let driver: TokenDriver;
  const call = <T = unknown>(method: string, ...params: unknown[]) =>
    rpcResult<T>(server.url, method, params);
  const fail = (method: string, ...params: unknown[]) => rpcError(server.url, method, params);

  beforeAll(async () => {
    server = await startFilterServer();
    driver = new TokenDriver(server.url);
    await driver.deploy();
  });

  afterAll(async () => {
    await server?.close();
  });

  it("gives ids in anvil's format: 16 random alphanumerics, hex-encoded", async () => {
    const ids = [
      await call<string>("eth_newFilter", {}),
      await call<string>("eth_newBlockFilter"),
      await call<string>("eth_newPendingTransactionFilter"),
    ];
    for (const id of ids) {
      expect(id).toMatch(FILTER_ID);
      expect(Buffer.from(id.slice(2), "hex").toString("latin1")).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(await call("eth_uninstallFilter", id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(3);
  });

  it("hands over logs, block hashes and transaction hashes since the last poll", async () => {
    const logFilter = await call<string>("eth_newFilter", { address: driver.tokenAddress });
    const blockFilter = await call<string>("eth_newBlockFilter");
    const pendingFilter = await call<string>("eth_newPendingTransactionFilter");
    expect(await call("eth_getFilterChanges", logFilter)).toEqual([]);
    expect(await call("eth_getFilterChanges", blockFilter)).toEqual([]);
    expect(await call("eth_getFilterChanges", pendingFilter)).toEqual([]);

    const first = server.devnet.chain.height + 1n;
    const hashes = [
      await driver.mint(ANVIL_DEV_ADDRESSES[1], 7n),
      await driver.mint(ANVIL_DEV_ADDRESSES[2], 8n),
    ];
    const range = { fromBlock: hex(first), toBlock: hex(first + 1n), address: driver.tokenAddress };
    const logs = await call<Log[]>("eth_getFilterChanges", logFilter);
    expect(logs).toHaveLength(2);
    expect(logs).toEqual(await call("eth_getLogs", range));
    expect(logs.map((log) => log.transactionHash)).toEqual(hashes);

    const blockHashes = await call<string[]>("eth_getFilterChanges", blockFilter);
    const blocks = [
      await call<{ hash: string }>("eth_getBlockByNumber", hex(first), false),
      await call<{ hash: string }>("eth_getBlockByNumber", hex(first + 1n), false),
    ];
    expect(blockHashes).toEqual(blocks.map((block) => block.hash));
    for (const hash of blockHashes) expect(hash).toMatch(WORD);
    expect(await call("eth_getFilterChanges", pendingFilter)).toEqual(hashes);

    // A second poll: nothing new.
    for (const id of [logFilter, blockFilter, pendingFilter]) {
      expect(await call("eth_getFilterChanges", id)).toEqual([]);
      expect(await call("eth_uninstallFilter", id)).toBe(true);
    }
  });

  it("hands over the chain's matching logs first when fromBlock is given, as anvil does", async () => {
    const historic = await call<Log[]>("eth_getLogs", { fromBlock: "0x0", address: driver.tokenAddress });
    expect(historic.length).toBeGreaterThan(0);
    const withFrom = await call<string>("eth_newFilter", { fromBlock: "0x0", address: driver.tokenAddress });
    const withoutFrom = await call<string>("eth_newFilter", { address: driver.tokenAddress });
    const latest = await call<string>("eth_newFilter", { fromBlock: "latest", address: driver.tokenAddress });
    const hash = await driver.mint(ANVIL_DEV_ADDRESSES[3], 9n);
    const newLog = (await call<Log[]>("eth_getLogs", { address: driver.tokenAddress })).at(-1);
    expect(newLog?.transactionHash).toBe(hash);

    expect(await call("eth_getFilterChanges", withFrom)).toEqual([...historic, newLog]);
    expect(await call("eth_getFilterChanges", withoutFrom)).toEqual([newLog]);
    expect(await call("eth_getFilterChanges", latest)).toEqual([historic.at(-1), newLog]);
    for (const id of [withFrom, withoutFrom, latest]) await call("eth_uninstallFilter", id);
  });

  it("keeps to the filter's block range, address and topics", async () => {
    const head = server.devnet.chain.height;
    const past = await call<string>("eth_newFilter", { fromBlock: "0x0", toBlock: hex(head) });
    const future = await call<string>("eth_newFilter", { fromBlock: hex(head + 2n) });
    const toHolder = await call<string>("eth_newFilter", {
      topics: [TRANSFER_TOPIC, null, addressTopic(ANVIL_DEV_ADDRESSES[4])],
    });
    const otherAddress = await call<string>("eth_newFilter", { address: ANVIL_DEV_ADDRESSES[4] });
    const pastLogs = await call<Log[]>("eth_getFilterChanges", past);

    await driver.mint(ANVIL_DEV_ADDRESSES[1], 1n); // head + 1
    await driver.mint(ANVIL_DEV_ADDRESSES[4], 2n); // head + 2
    await driver.mint(ANVIL_DEV_ADDRESSES[1], 3n); // head + 3

    expect(pastLogs.length).toBeGreaterThan(0);
    expect(await call("eth_getFilterChanges", past)).toEqual([]);
    const futureLogs = await call<Log[]>("eth_getFilterChanges", future);
    expect(futureLogs.map((log) => BigInt(log.blockNumber))).toEqual([head + 2n, head + 3n]);
    const holderLogs = await call<Log[]>("eth_getFilterChanges", toHolder);
    expect(holderLogs.map((log) => BigInt(log.blockNumber))).toEqual([head + 2n]);
    expect(await call("eth_getFilterChanges", otherAddress)).toEqual([]);
    for (const id of [past, future, toHolder, otherAddress]) await call("eth_uninstallFilter", id);
  });

  it("eth_getFilterLogs: every matching log of the chain, as eth_getLogs with the same criteria", async () => {
    const criteria = { fromBlock: "0x1", address: driver.tokenAddress, topics: [TRANSFER_TOPIC] };
    const id = await call<string>("eth_newFilter", criteria);
    await driver.mint(ANVIL_DEV_ADDRESSES[2], 4n);
    const all = await call<Log[]>("eth_getLogs", criteria);
    expect(await call("eth_getFilterLogs", id)).toEqual(all);
    // It reads without consuming: the changes are still there.
    expect(await call("eth_getFilterChanges", id)).toEqual(all);
    expect(await call("eth_getFilterLogs", id)).toEqual(all);
    // Without fromBlock the range is the head, as in eth_getLogs.
    const headOnly = await call<string>("eth_newFilter", { address: driver.tokenAddress });
    expect(await call("eth_getFilterLogs", headOnly)).toEqual(all.slice(-1));
    // A future range has no logs yet.
    const future = await call<string>("eth_newFilter", { fromBlock: "0xffff" });
    expect(await call("eth_getFilterLogs", future)).toEqual([]);
    for (const filter of [id, headOnly, future]) await call("eth_uninstallFilter", filter);
  });

  it("uninstalls: true, then false; the id is gone", async () => {
    const id = await call<string>("eth_newBlockFilter");
    const size = filterRegistryOf(server.devnet).size;
    expect(await call("eth_uninstallFilter", id)).toBe(true);
    expect(filterRegistryOf(server.devnet).size).toBe(size - 1);
    expect(await call("eth_uninstallFilter", id)).toBe(false);
    expect((await fail("eth_getFilterChanges", id)).code).toBe(-32000);
  });

  it("answers with anvil's error codes", async () => {
    const unknown = "0x4174644f57727a4559366a633367374e";
    expect((await fail("eth_getFilterChanges", unknown)).code).toBe(-32000);
    expect((await fail("eth_getFilterLogs", unknown)).code).toBe(-32000);
    expect(await call("eth_uninstallFilter", unknown)).toBe(false);
    expect((await fail("eth_getFilterChanges", 1)).code).toBe(-32602);
    expect((await fail("eth_getFilterChanges")).code).toBe(-32602);
    expect((await fail("eth_newBlockFilter", 1)).code).toBe(-32602);
    expect((await fail("eth_newFilter")).code).toBe(-32602);
    expect((await fail("eth_newFilter", { fromBlock: "0x5", toBlock: "0x1" })).code).toBe(-32602);
    expect((await fail("eth_newFilter", { topics: ["0x12"] })).code).toBe(-32602);
    // Block filters and pending-transaction filters have no logs.
    const blockFilter = await call<string>("eth_newBlockFilter");
    expect((await fail("eth_getFilterLogs", blockFilter)).code).toBe(-32000);
    await call("eth_uninstallFilter", blockFilter);
  });

  it("refuses blockHash in a new filter (geth's rule)", async () => {
    const head = await call<{ hash: string }>("eth_getBlockByNumber", "latest", false);
    expect((await fail("eth_newFilter", { blockHash: head.hash })).code).toBe(-32602);
  });

  it("accepts ids in any case", async () => {
    const id = await call<string>("eth_newBlockFilter");
    expect(await call("eth_getFilterChanges", id.toUpperCase().replace("0X", "0x"))).toEqual([]);
    expect(await call("eth_uninstallFilter", id)).toBe(true);
  });
});

describe("filters in manual mining", () => {
  let server: FilterTestServer;
  let driver: TokenDriver;
  const call = <T = unknown>(method: string, ...params: unknown[]) =>
    rpcResult<T>(server.url, method, params);

  beforeAll(async () => {
    server = await startFilterServer({ mining: { mode: "manual" } });
    driver = new TokenDriver(server.url);
  });

  afterAll(async () => {
    await server?.close();
  });

  it("reports transactions as they enter the pool, blocks and logs as they are mined", async () => {
    const pending = await call<string>("eth_newPendingTransactionFilter");
    const blocks = await call<string>("eth_newBlockFilter");
    const logs = await call<string>("eth_newFilter", { topics: [TRANSFER_TOPIC] });
    const hashes = [await driver.deploy(false)];
    for (let i = 0; i < 3; i++) hashes.push(await driver.mint(ANVIL_DEV_ADDRESSES[1], BigInt(i + 1), false));

    expect(await call("eth_getFilterChanges", pending)).toEqual(hashes);
    expect(await call("eth_getFilterChanges", blocks)).toEqual([]);
    expect(await call("eth_getFilterChanges", logs)).toEqual([]);

    const mined = await server.devnet.mine();
    expect(mined.receipts.map((receipt) => receipt.transactionHash)).toEqual(hashes);
    expect(await call("eth_getFilterChanges", pending)).toEqual([]);
    expect(await call("eth_getFilterChanges", blocks)).toEqual([mined.hash]);
    const minedLogs = await call<Log[]>("eth_getFilterChanges", logs);
    expect(minedLogs.map((log) => log.transactionHash)).toEqual(hashes);
  });
});

describe("filter expiry", () => {
  it("drops a filter not polled within the timeout; each poll renews it", async () => {
    const devnet = await Devnet.create({ sequential: true });
    let now = 0;
    filterRegistryOf(devnet, { timeoutMs: 1_000, now: () => now });
    const registry = new MethodRegistry<Devnet>().register(...readMethods, ...filterMethods);
    const handler = createHandler(registry, devnet);
    const { connection, close } = openConnection("in-process");
    const send = async (method: string, ...params: unknown[]) =>
      (await handler.handle({ jsonrpc: "2.0", id: 1, method, params }, connection)) as JsonRpcResponse;
    const result = async (method: string, ...params: unknown[]) => {
      const response = await send(method, ...params);
      if ("error" in response) throw new Error(JSON.stringify(response.error));
      return response.result;
    };
    try {
      const polled = (await result("eth_newBlockFilter")) as string;
      const idle = (await result("eth_newFilter", {})) as string;
      const uninstalled = (await result("eth_newPendingTransactionFilter")) as string;
      now = 900;
      expect(await result("eth_getFilterChanges", polled)).toEqual([]);
      now = 1_800; // polled was renewed at 900; idle was last polled at 0
      expect(await result("eth_getFilterChanges", polled)).toEqual([]);
      const expired = await send("eth_getFilterChanges", idle);
      expect("error" in expired && expired.error.code).toBe(-32000);
      expect(await result("eth_uninstallFilter", idle)).toBe(false);
      expect(await result("eth_uninstallFilter", uninstalled)).toBe(false);
      await devnet.mine(); // an expired filter collects nothing, a live one does
      expect(filterRegistryOf(devnet).size).toBe(1);
      expect(await result("eth_getFilterChanges", polled)).toEqual([devnet.head.hash]);
      now = 2_801;
      expect(filterRegistryOf(devnet).size).toBe(0);
      // eth_getFilterLogs does not renew (geth's rule).
      const logFilter = (await result("eth_newFilter", {})) as string;
      now = 3_500;
      await result("eth_getFilterLogs", logFilter);
      now = 3_802;
      expect(filterRegistryOf(devnet).size).toBe(0);
    } finally {
      close();
      await devnet.close();
    }
  });

  it("expires on the wall clock with a short timeout", async () => {
    const devnet = await Devnet.create({ sequential: true });
    filterRegistryOf(devnet, { timeoutMs: 50 });
    const handler = createHandler(new MethodRegistry<Devnet>().register(...filterMethods), devnet);
    const { connection } = openConnection("in-process");
    try {
      const created = (await handler.handle(
        { jsonrpc: "2.0", id: 1, method: "eth_newBlockFilter", params: [] },
        connection,
      )) as { result: string };
      await new Promise((resolve) => setTimeout(resolve, 100));
      const polled = (await handler.handle(
        { jsonrpc: "2.0", id: 2, method: "eth_getFilterChanges", params: [created.result] },
        connection,
      )) as JsonRpcResponse;
      expect("error" in polled && polled.error.code).toBe(-32000);
    } finally {
      await devnet.close();
    }
  });

  it("takes options only before the registry exists", async () => {
    const devnet = await Devnet.create({ sequential: true });
    try {
      filterRegistryOf(devnet);
      expect(() => filterRegistryOf(devnet, { timeoutMs: 1 })).toThrow();
      expect(filterRegistryOf(devnet)).toBe(filterRegistryOf(devnet));
    } finally {
      await devnet.close();
    }
  });
});

describe("clients that poll with filters over HTTP", () => {
  const BLOCKS = 50;
  let server: FilterTestServer;
  let driver: TokenDriver;

  beforeAll(async () => {
    server = await startFilterServer();
    driver = new TokenDriver(server.url);
    await driver.deploy();
  });

  afterAll(async () => {
    await server?.close();
  });

  /** Mints 1..BLOCKS, one block each, to a rotating holder; the amounts in order. */
  async function mintAcrossBlocks(): Promise<bigint[]> {
    const start = server.devnet.chain.height;
    const amounts: bigint[] = [];
    for (let i = 1; i <= BLOCKS; i++) {
      await driver.mint(ANVIL_DEV_ADDRESSES[i % 5] ?? ANVIL_DEV_ADDRESSES[0], BigInt(i));
      amounts.push(BigInt(i));
    }
    expect(server.devnet.chain.height).toBe(start + BigInt(BLOCKS));
    return amounts;
  }

  it(`ethers contract.on("Transfer") receives every event across ${BLOCKS} blocks`, async () => {
    const provider = new JsonRpcProvider(server.url, undefined, {
      staticNetwork: Network.from(31337),
      cacheTimeout: -1,
      pollingInterval: 10,
    });
    const filters = filterRegistryOf(server.devnet);
    const before = filters.size;
    const contract = new Contract(driver.tokenAddress, token.abi, provider);
    const received: { to: string; value: bigint; block: number }[] = [];
    await contract.on(
      "Transfer",
      (_from: string, to: string, value: bigint, event: { log: { blockNumber: number } }) => {
        received.push({ to, value, block: event.log.blockNumber });
      },
    );
    try {
      await waitUntil(() => filters.size === before + 1, "ethers to install its filter");
      const amounts = await mintAcrossBlocks();
      // ethers polls its filter when it sees a new block, and listens for the next block only
      // after that poll: a block arriving during the poll goes unseen, and its logs wait for the
      // next block. Keep the chain moving (empty blocks) as a live chain would.
      const ticker = setInterval(() => {
        server.devnet.mine().catch((error: unknown) => console.error("mining failed:", error));
      }, 50);
      try {
        await waitUntil(() => received.length >= BLOCKS, `${BLOCKS} Transfer events`);
      } finally {
        clearInterval(ticker);
      }
      expect(received.map((event) => event.value)).toEqual(amounts);
      expect(new Set(received.map((event) => event.block)).size).toBe(BLOCKS);
      await contract.removeAllListeners();
      await waitUntil(() => filters.size === before, "ethers to uninstall its filter");
    } finally {
      // The uninstall is answered after the filter is gone here: let ethers receive the answer,
      // or destroying the provider cancels that request into an unhandled rejection.
      await new Promise((resolve) => setTimeout(resolve, 250));
      provider.destroy();
    }
  });

  it(`viem watchContractEvent (HTTP polling) receives every event across ${BLOCKS} blocks`, async () => {
    const client = createPublicClient({ transport: http(server.url), pollingInterval: 10 });
    const filters = filterRegistryOf(server.devnet);
    const before = filters.size;
    const received: bigint[] = [];
    const errors: unknown[] = [];
    const unwatch = client.watchContractEvent({
      address: driver.tokenAddress as `0x${string}`,
      abi: token.abi as unknown as Abi,
      eventName: "Transfer",
      poll: true,
      pollingInterval: 10,
      onLogs: (logs) => {
        for (const log of logs) received.push((log as unknown as { args: { value: bigint } }).args.value);
      },
      onError: (error) => errors.push(error),
    });
    try {
      await waitUntil(() => filters.size === before + 1, "viem to install its filter");
      const amounts = await mintAcrossBlocks();
      await waitUntil(() => received.length >= BLOCKS, `${BLOCKS} Transfer events`);
      expect(received).toEqual(amounts);
      expect(errors).toEqual([]);
    } finally {
      unwatch();
    }
    await waitUntil(() => filters.size === before, "viem to uninstall its filter");
  });
});
