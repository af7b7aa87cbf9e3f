/**
 * What log filters and subscriptions are told when blocks leave the chain (anvil_rollback,
 * anvil_reorg): the matching logs again with `removed: true`, newest first, then the replacing
 * blocks as new blocks (their hashes, headers and logs). Over real HTTP and WebSocket.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_ADDRESSES } from "../../support/anvil.js";
import { rpcResult } from "../../support/jsonRpc.js";
import {
  type FilterTestServer,
  SocketClient,
  startFilterServer,
  TokenDriver,
  TRANSFER_TOPIC,
  tokenInterface,
  waitUntil,
} from "./filterServer.js";

type Log = {
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  removed: boolean;
  data: string;
};

describe("filters and subscriptions across rollbacks and reorgs", () => {
  let server: FilterTestServer;
  let driver: TokenDriver;
  let socket: SocketClient;
  const holder = ANVIL_DEV_ADDRESSES[1].toLowerCase();
  const call = <T>(method: string, ...params: unknown[]) => rpcResult<T>(server.url, method, params);

  beforeAll(async () => {
    server = await startFilterServer();
    driver = new TokenDriver(server.url);
    await driver.deploy();
    socket = await SocketClient.open(server.wsUrl);
  });

  afterAll(async () => {
    await socket?.close();
    await server?.close();
  });

  it("a rollback tells log filters and subscriptions the removed logs; eth_getLogs no longer has them", async () => {
    const filter = await call<string>("eth_newFilter", {
      address: driver.tokenAddress,
      topics: [TRANSFER_TOPIC],
    });
    const logsSub = await socket.result<string>("eth_subscribe", [
      "logs",
      { address: driver.tokenAddress, topics: [TRANSFER_TOPIC] },
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    const minted = [
      await driver.mint(holder, 1n),
      await driver.mint(holder, 2n),
      await driver.mint(holder, 3n),
    ];
    const told = await call<Log[]>("eth_getFilterChanges", filter);
    expect(told.map((log) => [log.transactionHash, log.removed])).toEqual(
      minted.map((hash) => [hash, false]),
    );

    await call("anvil_rollback", 2);
    const removed = await call<Log[]>("eth_getFilterChanges", filter);
    // Newest first, the same logs as told before, but removed.
    expect(removed).toEqual(
      told
        .slice(1)
        .reverse()
        .map((log) => ({ ...log, removed: true })),
    );
    await waitUntil(() => socket.resultsOf(logsSub).length === 5, "the removed logs pushed");
    const pushed = socket.resultsOf(logsSub) as Log[];
    expect(pushed.slice(3)).toEqual(removed);
    const left = await call<Log[]>("eth_getLogs", { address: driver.tokenAddress, fromBlock: "0x0" });
    // The Token's creation minted too.
    expect(left.map((log) => log.transactionHash).slice(1)).toEqual([minted[0]]);
    await call("eth_uninstallFilter", filter);
    await socket.result("eth_unsubscribe", [logsSub]);
  });

  it("a reorg tells the removed logs, then the replacing blocks: hashes, headers, their logs", async () => {
    const dev0 = ANVIL_DEV_ADDRESSES[0].toLowerCase();
    await call("eth_sendTransaction", {
      from: dev0,
      to: driver.tokenAddress,
      data: tokenInterface.encodeFunctionData("mint", [holder, 4n]),
    });
    const height = BigInt(await call<string>("eth_blockNumber"));
    const logFilter = await call<string>("eth_newFilter", { topics: [TRANSFER_TOPIC] });
    const blockFilter = await call<string>("eth_newBlockFilter");
    const heads = await socket.result<string>("eth_subscribe", ["newHeads"]);
    const logsSub = await socket.result<string>("eth_subscribe", ["logs", { topics: [TRANSFER_TOPIC] }]);
    await new Promise((resolve) => setImmediate(resolve));
    const before = await call<Log[]>("eth_getLogs", { fromBlock: `0x${(height - 1n).toString(16)}` });
    expect(before).toHaveLength(2);

    const mint = (amount: bigint) => ({
      from: dev0,
      to: driver.tokenAddress,
      data: tokenInterface.encodeFunctionData("mint", [holder, amount]),
    });
    await call("anvil_reorg", 2, [
      [mint(40n), 1],
      [mint(50n), 1],
    ]);
    expect(BigInt(await call<string>("eth_blockNumber"))).toBe(height);

    const changes = await call<Log[]>("eth_getFilterChanges", logFilter);
    expect(changes.slice(0, 2)).toEqual(
      before
        .slice()
        .reverse()
        .map((log) => ({ ...log, removed: true })),
    );
    const added = changes.slice(2);
    expect(added.map((log) => [log.blockNumber, log.removed, BigInt(log.data)])).toEqual([
      [`0x${height.toString(16)}`, false, 40n],
      [`0x${height.toString(16)}`, false, 50n],
    ]);
    const newBlocks = await Promise.all(
      [height - 1n, height].map((n) =>
        call<{ hash: string; transactions: string[] }>("eth_getBlockByNumber", `0x${n.toString(16)}`, false),
      ),
    );
    expect(newBlocks.map((block) => block.transactions.length)).toEqual([0, 2]);
    expect(await call<string[]>("eth_getFilterChanges", blockFilter)).toEqual(
      newBlocks.map((block) => block.hash),
    );
    await waitUntil(() => socket.resultsOf(heads).length === 2, "the new heads");
    expect((socket.resultsOf(heads) as { hash: string }[]).map((head) => head.hash)).toEqual(
      newBlocks.map((block) => block.hash),
    );
    await waitUntil(() => socket.resultsOf(logsSub).length === 4, "the logs pushed");
    expect(socket.resultsOf(logsSub)).toEqual(changes);
  });
});
