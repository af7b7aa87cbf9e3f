/**
 * eth_fillTransaction beside the real anvil and through ethers (the filled transaction signs and
 * sends as is), and eth_callMany in reth's bundle form (anvil 1.7.1 does not serve it).
 */
import { JsonRpcProvider, Network, Transaction, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANVIL_DEV_ADDRESSES,
  ANVIL_DEV_KEYS,
  type AnvilInstance,
  startAnvil,
} from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../../support/devnetServer.js";

const counter = loadArtifact("Counter");
const [from, to] = [ANVIL_DEV_ADDRESSES[0], ANVIL_DEV_ADDRESSES[1]];
const counterAt = `0x${"c0".repeat(20)}`;
const INCREMENT = "0xd09de08a";
const COUNT = "0x06661abd";

type Filled = { raw: string; tx: Record<string, unknown> };

let server: DevnetServer;
let rpc: Rpc;

beforeAll(async () => {
  server = await startDevnetServer();
  rpc = new Rpc(server.url);
});

afterAll(async () => {
  await server?.close();
});

describe("eth_fillTransaction", () => {
  let anvil: AnvilInstance;

  beforeAll(async () => {
    anvil = await startAnvil(["--hardfork", "prague"]);
  });

  afterAll(async () => {
    await anvil?.stop();
  });

  it("fills what anvil fills: type, chain id, nonce, gas, fields; a zero signature", async () => {
    for (const request of [
      { from, to, value: "0x1" },
      { from, to, gasPrice: "0x3b9aca00" },
      { from, data: counter.bytecode },
    ]) {
      const [devnet, reference] = (await Promise.all(
        [server.url, anvil.url].map((url) => new Rpc(url).call<Filled>("eth_fillTransaction", request)),
      )) as [Filled, Filled];
      const fields = ({ tx }: Filled) => {
        const { maxFeePerGas: _max, gasPrice: _price, hash: _hash, ...rest } = tx;
        return rest;
      };
      // Fees are the devnet's eth_sendTransaction defaults (a max fee of 2 base fees + the tip).
      expect(fields(devnet)).toEqual(fields(reference));
      const decoded = Transaction.from(devnet.raw);
      expect(decoded.signature?.r ?? "0x0").toMatch(/^0x0+$/);
      expect(decoded.hash ?? devnet.tx.hash).toBe(devnet.tx.hash);
    }
  });

  it("ethers signs and sends the filled transaction", async () => {
    const provider = new JsonRpcProvider(server.url, undefined, { staticNetwork: Network.from(31337) });
    try {
      const { tx } = await rpc.call<Filled>("eth_fillTransaction", { from, to, value: "0x2" });
      const unsigned = Transaction.from(
        Object.fromEntries(
          Object.entries({
            type: Number(tx.type),
            chainId: BigInt(tx.chainId as string),
            nonce: Number(tx.nonce),
            gasLimit: BigInt(tx.gas as string),
            maxFeePerGas: BigInt(tx.maxFeePerGas as string),
            maxPriorityFeePerGas: BigInt(tx.maxPriorityFeePerGas as string),
            to: tx.to as string,
            value: BigInt(tx.value as string),
            data: tx.input as string,
          }),
        ),
      );
      const sent = await new Wallet(ANVIL_DEV_KEYS[0], provider).sendTransaction(unsigned);
      expect((await sent.wait())?.status).toBe(1);
    } finally {
      provider.destroy();
    }
  });

  it("answers a reverting call's revert, as geth (viem prepares transactions with it)", async () => {
    const { error } = await rpc.envelope("eth_fillTransaction", [{ from, data: "0x60006000fd" }]);
    expect(error?.code).toBe(3);
  });

  it("needs from, and refuses bad fields with -32602", async () => {
    expect((await rpc.envelope("eth_fillTransaction", [{ to }])).error?.code).toBe(-32602);
    const { error } = await rpc.envelope("eth_fillTransaction", [{ from, to: "0x12" }]);
    expect(error?.code).toBe(-32602);
    expect(error?.message).toContain("argument 0");
  });
});

describe("eth_callMany", () => {
  const overrides = { [counterAt]: { code: counter.deployedBytecode } };

  it("runs bundles in order, each call over what the ones before it left", async () => {
    const answer = await rpc.call<{ value?: string; error?: string }[][]>(
      "eth_callMany",
      [
        {
          transactions: [
            { from, to: counterAt, data: INCREMENT },
            { to: counterAt, data: COUNT },
          ],
        },
        {
          transactions: [
            { from, to: counterAt, data: INCREMENT },
            { to: counterAt, data: COUNT },
          ],
        },
      ],
      { blockNumber: "latest", transactionIndex: -1 },
      overrides,
    );
    const number = (value: string | undefined) =>
      value === undefined || value === "0x" ? 0n : BigInt(value);
    expect(answer.map((bundle) => bundle.map((call) => number(call.value)))).toEqual([
      [0n, 1n],
      [0n, 2n],
    ]);
    // Nothing was kept.
    expect(await rpc.call("eth_getCode", counterAt, "latest")).toBe("0x");
  });

  it("applies a bundle's block override and reports a failed call as an error", async () => {
    const numberCode = "0x4360005260206000f3";
    const answer = await rpc.call<{ value?: string; error?: string }[][]>(
      "eth_callMany",
      [
        { transactions: [{ to: counterAt }] },
        {
          transactions: [{ to: counterAt }, { to: counterAt, data: "0x00", gas: "0x5214" }],
          blockOverride: { blockNumber: "0x40" },
        },
      ],
      {},
      { [counterAt]: { code: numberCode } },
    );
    expect(answer).toHaveLength(2);
    expect(BigInt(answer[1]?.[0]?.value ?? "0x0")).toBe(0x40n);
    expect(answer[1]?.[1]?.error).toBe("out of gas");
  });

  it("refuses a transaction index inside the block and bad bundles with -32602", async () => {
    await rpc.call("evm_mine");
    expect(
      (
        await rpc.envelope("eth_callMany", [
          [{ transactions: [] }],
          { blockNumber: "0x0", transactionIndex: 5 },
        ])
      ).error?.code,
    ).toBe(-32602);
    const { error } = await rpc.envelope("eth_callMany", [[{ transactions: [{ to: "0x1" }] }]]);
    expect(error?.code).toBe(-32602);
    expect(error?.message).toContain("argument 0");
  });
});
