/**
 * Filters and subscriptions against the real anvil: the same signed transactions (same bytes,
 * same hashes) go to both, and the filter ids, the shapes of eth_getFilterChanges and
 * eth_getFilterLogs, the notifications and the error codes are compared.
 *
 * Not compared: block hashes and timestamps (wall clock), and so the values of block filters;
 * error messages; newHeads' body fields, which anvil sends and geth (and the devnet) do not.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnvilInstance, startAnvil } from "../../support/anvil.js";
import { type JsonRpcEnvelope, rpcEnvelope } from "../../support/jsonRpc.js";
import {
  type FilterTestServer,
  SocketClient,
  startFilterServer,
  TokenDriver,
  waitUntil,
} from "./filterServer.js";

const FILTER_ID = /^0x[0-9a-f]{32}$/;
const WORD = /^0x[0-9a-f]{64}$/;
const UNKNOWN_ID = "0x4174644f57727a4559366a633367374e";
/** What newHeads may carry beyond the header: anvil sends the block's body fields too. */
const BODY_FIELDS = ["transactions", "uncles", "withdrawals", "size", "totalDifficulty"];

type Log = Record<string, unknown>;

/** A log without what depends on the wall clock. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (typeof value !== "object" || value === null) return value;
  const { blockHash, blockTimestamp, ...rest } = value as Log;
  return rest;
}

/** The characters an id encodes: anvil's are 16 alphanumerics. */
const decodedId = (id: string) => Buffer.from(id.slice(2), "hex").toString("latin1");

describe("filters and subscriptions: devnet vs anvil", () => {
  let anvil: AnvilInstance;
  let server: FilterTestServer;
  let drivers: { anvil: TokenDriver; ours: TokenDriver };

  /** The same request to anvil and to the devnet; [anvil's envelope, ours]. */
  const both = (method: string, ...params: unknown[]): Promise<[JsonRpcEnvelope, JsonRpcEnvelope]> =>
    Promise.all([rpcEnvelope(anvil.url, method, params), rpcEnvelope(server.url, method, params)]);

  /** Results of the same request on both; fails when either answers with an error. */
  async function results<T = unknown>(method: string, ...params: unknown[]): Promise<[T, T]> {
    const [theirs, ours] = await both(method, ...params);
    expect(theirs.error, `anvil ${method}`).toBeUndefined();
    expect(ours.error, `devnet ${method}`).toBeUndefined();
    return [theirs.result as T, ours.result as T];
  }

  /** Error codes of the same request on both. */
  async function codes(
    method: string,
    ...params: unknown[]
  ): Promise<[number | undefined, number | undefined]> {
    const [theirs, ours] = await both(method, ...params);
    return [theirs.error?.code, ours.error?.code];
  }

  /** Mints on both chains (same raw transaction); its hash. */
  async function mint(to: string, amount: bigint): Promise<string> {
    const [theirs, ours] = await Promise.all([drivers.anvil.mint(to, amount), drivers.ours.mint(to, amount)]);
    expect(ours).toBe(theirs);
    return ours;
  }

  beforeAll(async () => {
    [anvil, server] = await Promise.all([startAnvil(["--hardfork", "prague"]), startFilterServer()]);
    drivers = { anvil: new TokenDriver(anvil.url), ours: new TokenDriver(server.url) };
    await Promise.all([drivers.anvil.deploy(), drivers.ours.deploy()]);
    await mint(drivers.ours.wallet.address, 3n);
  });

  afterAll(async () => {
    await Promise.all([anvil?.stop(), server?.close()]);
  });

  it("filter ids have anvil's format", async () => {
    for (const method of ["eth_newBlockFilter", "eth_newPendingTransactionFilter"]) {
      const ids = await results<string>(method);
      for (const id of ids) {
        expect(id).toMatch(FILTER_ID);
        expect(decodedId(id)).toMatch(/^[A-Za-z0-9]{16}$/);
      }
    }
    const ids = await results<string>("eth_newFilter", {});
    for (const id of ids) expect(id).toMatch(FILTER_ID);
  });

  it("eth_getFilterChanges: the same logs, block hashes and transaction hashes", async () => {
    const address = drivers.ours.tokenAddress;
    const [theirs, ours] = [new Map<string, string>(), new Map<string, string>()];
    const install = async (name: string, method: string, ...params: unknown[]) => {
      const [a, b] = await results<string>(method, ...params);
      theirs.set(name, a);
      ours.set(name, b);
    };
    await install("logs", "eth_newFilter", { address });
    await install("history", "eth_newFilter", { fromBlock: "0x0", address });
    await install("blocks", "eth_newBlockFilter");
    await install("pending", "eth_newPendingTransactionFilter");
    const poll = async (name: string) => {
      const [a, b] = await Promise.all([
        rpcEnvelope(anvil.url, "eth_getFilterChanges", [theirs.get(name)]),
        rpcEnvelope(server.url, "eth_getFilterChanges", [ours.get(name)]),
      ]);
      return [a.result, b.result] as [unknown[], unknown[]];
    };

    // First poll: nothing yet, except the chain's logs for a filter with fromBlock.
    for (const name of ["logs", "blocks", "pending"]) expect(await poll(name)).toEqual([[], []]);
    const [theirHistory, ourHistory] = await poll("history");
    expect(ourHistory.length).toBeGreaterThan(0);
    expect(stable(ourHistory)).toEqual(stable(theirHistory));

    const hashes = [await mint(drivers.ours.wallet.address, 4n), await mint(drivers.ours.wallet.address, 5n)];
    const [theirLogs, ourLogs] = await poll("logs");
    expect(ourLogs).toHaveLength(2);
    expect(stable(ourLogs)).toEqual(stable(theirLogs));
    expect(stable((await poll("history"))[1])).toEqual(stable(ourLogs));
    const [theirBlocks, ourBlocks] = await poll("blocks");
    expect(theirBlocks).toHaveLength(2);
    expect(ourBlocks).toHaveLength(2);
    for (const hash of [...theirBlocks, ...ourBlocks]) expect(hash).toMatch(WORD);
    expect(await poll("pending")).toEqual([hashes, hashes]);

    // Second poll: empty everywhere.
    for (const name of ["logs", "history", "blocks", "pending"]) expect(await poll(name)).toEqual([[], []]);

    // eth_getFilterLogs: the same logs.
    const [a, b] = await Promise.all([
      rpcEnvelope(anvil.url, "eth_getFilterLogs", [theirs.get("history")]),
      rpcEnvelope(server.url, "eth_getFilterLogs", [ours.get("history")]),
    ]);
    expect(stable(b.result)).toEqual(stable(a.result));
    expect((b.result as unknown[]).length).toBe(ourHistory.length + 2);

    // Uninstall: true, then false; then the id is unknown.
    for (const name of ["logs", "history", "blocks", "pending"]) {
      const uninstall = async () =>
        Promise.all([
          rpcEnvelope(anvil.url, "eth_uninstallFilter", [theirs.get(name)]),
          rpcEnvelope(server.url, "eth_uninstallFilter", [ours.get(name)]),
        ]);
      expect((await uninstall()).map((envelope) => envelope.result)).toEqual([true, true]);
      expect((await uninstall()).map((envelope) => envelope.result)).toEqual([false, false]);
    }
  });

  it("answers with the same error codes", async () => {
    expect(await codes("eth_getFilterChanges", UNKNOWN_ID)).toEqual([-32000, -32000]);
    expect(await codes("eth_getFilterLogs", UNKNOWN_ID)).toEqual([-32000, -32000]);
    expect(await codes("eth_getFilterChanges", 1)).toEqual([-32602, -32602]);
    expect(await codes("eth_newFilter")).toEqual([-32602, -32602]);
    expect(await codes("eth_newBlockFilter", 1)).toEqual([-32602, -32602]);
    // A range that ends before it starts: anvil installs a filter that never matches; the devnet
    // refuses it, as geth does (and as both do in eth_getLogs).
    expect(await codes("eth_newFilter", { fromBlock: "0x2", toBlock: "0x1" })).toEqual([undefined, -32602]);
    expect(await codes("eth_newFilter", { topics: ["0x12"] })).toEqual([-32602, -32602]);
    expect(await results("eth_uninstallFilter", UNKNOWN_ID)).toEqual([false, false]);
    // A block filter has no logs.
    const [theirs, ours] = await results<string>("eth_newBlockFilter");
    const [a, b] = await Promise.all([
      rpcEnvelope(anvil.url, "eth_getFilterLogs", [theirs]),
      rpcEnvelope(server.url, "eth_getFilterLogs", [ours]),
    ]);
    expect([a.error?.code, b.error?.code]).toEqual([-32000, -32000]);
    // No subscriptions over HTTP.
    expect(await codes("eth_subscribe", "newHeads")).toEqual([-32601, -32601]);
    expect(await codes("eth_unsubscribe", UNKNOWN_ID)).toEqual([-32601, -32601]);
  });

  it("subscriptions: the same ids, notifications and answers", async () => {
    const [theirs, ours] = await Promise.all([
      SocketClient.open(anvil.wsUrl),
      SocketClient.open(server.wsUrl),
    ]);
    const clients = [theirs, ours] as const;
    try {
      const subscribe = (params: unknown[]) =>
        Promise.all(clients.map((c) => c.result<string>("eth_subscribe", params)));
      const heads = await subscribe(["newHeads"]);
      const logs = await subscribe(["logs", { address: drivers.ours.tokenAddress }]);
      const pending = await subscribe(["newPendingTransactions"]);
      for (const id of [...heads, ...logs, ...pending]) {
        expect(id).toMatch(FILTER_ID);
        expect(decodedId(id)).toMatch(/^[A-Za-z0-9]{16}$/);
      }
      const badKind = await Promise.all(clients.map((c) => c.request("eth_subscribe", ["foo"])));
      expect(badKind.map((response) => (response.error as { code: number }).code)).toEqual([-32602, -32602]);
      const unknown = await Promise.all(clients.map((c) => c.result("eth_unsubscribe", [UNKNOWN_ID])));
      expect(unknown).toEqual([false, false]);
      await new Promise((resolve) => setTimeout(resolve, 20)); // the devnet's subscriptions go live next turn

      const hash = await mint(drivers.ours.wallet.address, 6n);
      const got = (index: 0 | 1, ids: string[]) => clients[index].resultsOf(ids[index] ?? "");
      await waitUntil(
        () => [0, 1].every((i) => got(i as 0 | 1, heads).length === 1 && got(i as 0 | 1, logs).length === 1),
        "the notifications",
      );
      expect(got(0, pending)).toEqual([hash]);
      expect(got(1, pending)).toEqual([hash]);
      expect(stable(got(1, logs))).toEqual(stable(got(0, logs)));
      const [theirHead, ourHead] = [got(0, heads)[0], got(1, heads)[0]] as Log[];
      const theirHeaderKeys = Object.keys(theirHead ?? {}).filter((key) => !BODY_FIELDS.includes(key));
      expect(Object.keys(ourHead ?? {}).sort()).toEqual(theirHeaderKeys.sort());
      expect(ourHead?.number).toBe(theirHead?.number);
      expect(ourHead?.gasUsed).toBe(theirHead?.gasUsed);
      expect(ourHead?.logsBloom).toBe(theirHead?.logsBloom);

      const own = await Promise.all(clients.map((c, i) => c.result("eth_unsubscribe", [heads[i]])));
      expect(own).toEqual([true, true]);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});
