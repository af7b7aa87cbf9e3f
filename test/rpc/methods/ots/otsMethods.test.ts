/**
 * The ots_ methods through ethers' JsonRpcProvider (how Otterscan-like tools call them: block
 * numbers and nonces as JSON numbers), what they answer for what the chain does not hold, and
 * their parameter checks (-32602, the argument named).
 */
import { JsonRpcProvider, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_KEYS } from "../../../support/anvil.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../../support/devnetServer.js";

const DEAD = "0x000000000000000000000000000000000000dead";
const UNKNOWN = `0x${"12".repeat(32)}`;

let server: DevnetServer;
let provider: JsonRpcProvider;
let rpc: Rpc;
let hash = "";

beforeAll(async () => {
  server = await startDevnetServer();
  provider = new JsonRpcProvider(server.url, 31337, { staticNetwork: true });
  rpc = new Rpc(server.url);
  const wallet = new Wallet(ANVIL_DEV_KEYS[2], provider);
  const sent = await wallet.sendTransaction({ to: DEAD, value: 5n });
  await sent.wait();
  hash = sent.hash;
});

afterAll(async () => {
  provider?.destroy();
  await server?.close();
});

describe("ots_ through ethers", () => {
  it("browses a block, a transaction and an address", async () => {
    expect(await provider.send("ots_getApiLevel", [])).toBe(8);
    const details = await provider.send("ots_getBlockDetails", [1]);
    expect(details.block.transactionCount).toBe(1);
    const page = await provider.send("ots_getBlockTransactions", [1, 0, 25]);
    expect(page.fullblock.transactions[0].hash).toBe(hash);
    expect(page.receipts[0].transactionHash).toBe(hash);
    const history = await provider.send("ots_searchTransactionsBefore", [DEAD, 0, 25]);
    expect(history).toMatchObject({ firstPage: true, lastPage: true });
    expect(history.txs.map((tx: { hash: string }) => tx.hash)).toEqual([hash]);
    const sender = new Wallet(ANVIL_DEV_KEYS[2]).address;
    expect(await provider.send("ots_getTransactionBySenderAndNonce", [sender, 0])).toBe(hash);
    expect(await provider.send("ots_getInternalOperations", [hash])).toEqual([
      { type: 0, from: sender.toLowerCase(), to: DEAD, value: "0x5" },
    ]);
    expect(await provider.send("erigon_getHeaderByNumber", [1])).toMatchObject({ number: "0x1" });
  });
});

describe("what the chain does not hold", () => {
  it("is empty, null or not found", async () => {
    expect(await rpc.call("ots_traceTransaction", UNKNOWN)).toEqual([]);
    expect(await rpc.call("ots_getTransactionError", UNKNOWN)).toBe("0x");
    expect(await rpc.call("ots_getContractCreator", DEAD)).toBeNull();
    expect(await rpc.call("ots_getTransactionBySenderAndNonce", DEAD, 3)).toBeNull();
    expect(await rpc.call("erigon_getHeaderByNumber", 99)).toBeNull();
    expect((await rpc.error("ots_getInternalOperations", UNKNOWN)).code).toBe(-32001);
    expect((await rpc.error("ots_getBlockDetails", 99)).code).toBe(-32001);
    expect((await rpc.error("ots_getBlockDetailsByHash", UNKNOWN)).code).toBe(-32001);
    expect((await rpc.error("ots_getBlockTransactions", 99, 0, 10)).code).toBe(-32001);
  });
});

describe("ots_ parameters", () => {
  it("are checked, the argument named", async () => {
    const bad: [string, unknown[]][] = [
      ["ots_hasCode", ["0x12", "latest"]],
      ["ots_getInternalOperations", ["0x12"]],
      ["ots_getTransactionError", [42]],
      ["ots_traceTransaction", []],
      ["ots_getBlockDetails", [-1]],
      ["ots_getBlockDetails", [1.5]],
      ["ots_getBlockDetailsByHash", ["latest"]],
      ["ots_getBlockTransactions", [1, "zero", 10]],
      ["ots_getBlockTransactions", [1, 0]],
      ["ots_searchTransactionsBefore", [DEAD, 0, -5]],
      ["ots_searchTransactionsAfter", ["dead", 0, 5]],
      ["ots_getTransactionBySenderAndNonce", [DEAD, "x"]],
      ["ots_getContractCreator", [null]],
      ["erigon_getHeaderByNumber", [{}]],
    ];
    for (const [method, params] of bad) {
      const error = await rpc.error(method, ...params);
      expect(error.code, `${method} ${JSON.stringify(params)}`).toBe(-32602);
      expect(error.message, `${method} ${JSON.stringify(params)}`).toMatch(/argument \d/);
    }
  });
});
