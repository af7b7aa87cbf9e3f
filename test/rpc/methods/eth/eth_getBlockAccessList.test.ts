/**
 * eth_getBlockAccessList and debug_getRawBlockAccessList over HTTP: the execution-apis JSON
 * shape, the RLP that ethereumjs decodes to the same list, lookups by number, tag and hash, and
 * the answers for missing blocks and bad parameters.
 */
import { bytesToHex, createBlockLevelAccessListFromRLP, hexToBytes } from "@ethereumjs/util";
import { Interface, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_KEYS } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../../support/devnetServer.js";
import { waitForReceipt } from "../../../support/jsonRpc.js";

const counter = loadArtifact("Counter");
const counterAbi = new Interface(counter.abi as never);
const COUNTER = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
const wallet = new Wallet(ANVIL_DEV_KEYS[0]);

type RpcAccount = {
  address: string;
  storageChanges: { key: string; changes: { index: string; value: string }[] }[];
  storageReads: string[];
  balanceChanges: { index: string; value: string }[];
  nonceChanges: { index: string; value: string }[];
  codeChanges: { index: string; code: string }[];
};

let server: DevnetServer;
let rpc: Rpc;

beforeAll(async () => {
  server = await startDevnetServer();
  rpc = new Rpc(server.url);
  let nonce = 0;
  const send = async (fields: { to?: string; data: string }) => {
    const raw = await wallet.signTransaction({
      type: 2,
      chainId: 31337n,
      nonce: nonce++,
      gasLimit: 1_000_000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 10n ** 9n,
      ...fields,
    });
    await waitForReceipt(server.url, await rpc.call<string>("eth_sendRawTransaction", raw));
  };
  await send({ data: counter.bytecode });
  await send({ to: COUNTER, data: counterAbi.encodeFunctionData("increment") });
});

afterAll(async () => {
  await server?.close();
});

describe("eth_getBlockAccessList", () => {
  it("serves the execution-apis shape: all six fields, words for slots and values", async () => {
    const list = await rpc.call<RpcAccount[]>("eth_getBlockAccessList", "latest");
    for (const account of list) {
      expect(Object.keys(account)).toEqual([
        "address",
        "storageChanges",
        "storageReads",
        "balanceChanges",
        "nonceChanges",
        "codeChanges",
      ]);
    }
    const entry = list.find((account) => account.address === COUNTER);
    expect(entry?.storageChanges).toEqual([
      { key: `0x${"0".repeat(64)}`, changes: [{ index: "0x1", value: `0x${"0".repeat(63)}1` }] },
    ]);
    const sender = list.find((account) => account.address === wallet.address.toLowerCase());
    expect(sender?.nonceChanges).toEqual([{ index: "0x1", value: "0x2" }]);
    const deployment = await rpc.call<RpcAccount[]>("eth_getBlockAccessList", "0x1");
    const deployed = deployment.find((account) => account.address === COUNTER);
    expect(deployed?.codeChanges[0]?.code).toBe(await rpc.call("eth_getCode", COUNTER, "latest"));
  });

  it("finds a block by hash, answers null past the head and for pending, and an empty list for a block without transactions", async () => {
    const latest = await rpc.call<{ hash: string }>("eth_getBlockByNumber", "latest", false);
    expect(await rpc.call("eth_getBlockAccessList", latest.hash)).toEqual(
      await rpc.call("eth_getBlockAccessList", "latest"),
    );
    expect(await rpc.call("eth_getBlockAccessList", "0x99")).toBeNull();
    expect(await rpc.call("eth_getBlockAccessList", "pending")).toBeNull();
    expect(await rpc.call("eth_getBlockAccessList", "earliest")).toEqual([]);
    expect(await rpc.call("debug_getRawBlockAccessList", "0x0")).toBe("0xc0");
  });

  it("refuses a bad block with -32602", async () => {
    expect((await rpc.error("eth_getBlockAccessList", "0xzz")).code).toBe(-32602);
    expect((await rpc.error("eth_getBlockAccessList")).code).toBe(-32602);
    expect((await rpc.error("debug_getRawBlockAccessList", "0x99")).code).toBe(-32602);
  });
});

describe("debug_getRawBlockAccessList", () => {
  it("is the RLP of the same list, as ethereumjs decodes it", async () => {
    const raw = await rpc.call<string>("debug_getRawBlockAccessList", "latest");
    const json = await rpc.call<RpcAccount[]>("eth_getBlockAccessList", "latest");
    const decoded = createBlockLevelAccessListFromRLP(hexToBytes(raw as `0x${string}`));
    expect(bytesToHex(decoded.serialize())).toBe(raw);
    const theirs = decoded.toJSON();
    expect(theirs.map((account) => account.address)).toEqual(json.map((account) => account.address));
    expect(theirs.map((account) => account.nonceChanges.map((change) => BigInt(change.postNonce)))).toEqual(
      json.map((account) => account.nonceChanges.map((change) => BigInt(change.value))),
    );
    expect(
      theirs.map((account) => account.balanceChanges.map((change) => BigInt(change.postBalance))),
    ).toEqual(json.map((account) => account.balanceChanges.map((change) => BigInt(change.value))));
  });
});
