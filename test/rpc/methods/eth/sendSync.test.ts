/**
 * eth_sendRawTransactionSync and eth_sendTransactionSync (EIP-7966) through viem and cast, beside
 * the real anvil: the answer is the receipt eth_getTransactionReceipt serves. Then what only the
 * devnet does of the EIP (anvil 1.7.1 takes no timeout and answers -32603 after 30 s): the
 * timeout parameter, error 4 with the hash when it passes, error 5 for a nonce gap.
 */
import { createWalletClient, defineChain, http, parseEther } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ANVIL_DEV_ADDRESSES,
  ANVIL_DEV_KEYS,
  type AnvilInstance,
  startAnvil,
} from "../../../support/anvil.js";
import { cast } from "../../../support/cast.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../../support/devnetServer.js";

const sender = privateKeyToAccount(ANVIL_DEV_KEYS[0]);
const recipient = ANVIL_DEV_ADDRESSES[1];

function walletOn(url: string) {
  const chain = defineChain({
    id: 31337,
    name: "devnet",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [url] } },
  });
  return createWalletClient({ chain, transport: http(url), account: sender });
}

type Receipt = Record<string, unknown>;

/** A receipt without what depends on the wall clock (block hash and time). */
function comparable(receipt: Receipt): Receipt {
  const { blockHash: _hash, blockTimestamp: _time, logs, ...rest } = receipt;
  return { ...rest, logs: (logs as Receipt[]).map(({ blockHash: _h, blockTimestamp: _t, ...log }) => log) };
}

describe("the receipt in the answer, devnet beside anvil", () => {
  let anvil: AnvilInstance;
  let server: DevnetServer;

  beforeAll(async () => {
    [anvil, server] = await Promise.all([startAnvil(["--hardfork", "prague"]), startDevnetServer()]);
  });

  afterAll(async () => {
    await Promise.all([anvil?.stop(), server?.close()]);
  });

  it("eth_sendRawTransactionSync answers eth_getTransactionReceipt's receipt, as anvil's", async () => {
    const answers: Receipt[] = [];
    for (const url of [server.url, anvil.url]) {
      const wallet = walletOn(url);
      const request = await wallet.prepareTransactionRequest({
        to: recipient,
        value: parseEther("1"),
        maxFeePerGas: 10_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
      });
      const serializedTransaction = await wallet.signTransaction(request);
      const rpc = new Rpc(url);
      const answer = await rpc.call<Receipt>("eth_sendRawTransactionSync", serializedTransaction);
      expect(await rpc.call("eth_getTransactionReceipt", answer.transactionHash)).toEqual(answer);
      answers.push(answer);
    }
    const [devnet, reference] = answers as [Receipt, Receipt];
    // anvil also gives a blob gas price to receipts of transactions without blobs.
    const { blobGasPrice: _price, ...expected } = comparable(reference);
    expect(comparable(devnet)).toEqual(expected);
  });

  it("viem's sendRawTransactionSync", async () => {
    const wallet = walletOn(server.url);
    const serializedTransaction = await wallet.signTransaction(
      await wallet.prepareTransactionRequest({ to: recipient, value: 2n }),
    );
    const receipt = await wallet.sendRawTransactionSync({ serializedTransaction, timeout: 5_000 });
    expect(receipt.status).toBe("success");
    expect(receipt.to).toBe(recipient.toLowerCase());
  });

  it("viem's sendTransactionSync with a local account", async () => {
    const receipt = await walletOn(server.url).sendTransactionSync({ to: recipient, value: 1n });
    expect(receipt.status).toBe("success");
    expect(receipt.to).toBe(recipient.toLowerCase());
  });

  it("cast send --sync, unlocked and with a key, on both", async () => {
    for (const url of [server.url, anvil.url]) {
      const unlocked = await cast(
        [
          "send",
          "--sync",
          "--json",
          "--unlocked",
          "--from",
          ANVIL_DEV_ADDRESSES[2],
          recipient,
          "--value",
          "5",
          "--rpc-url",
          url,
        ],
        { timeoutMs: 30_000 },
      );
      expect(unlocked.code, unlocked.stderr).toBe(0);
      expect(JSON.parse(unlocked.stdout).status).toBe("0x1");
      const signed = await cast(
        [
          "send",
          "--sync",
          "--json",
          "--private-key",
          ANVIL_DEV_KEYS[3],
          recipient,
          "--value",
          "7",
          "--rpc-url",
          url,
        ],
        { timeoutMs: 30_000 },
      );
      expect(signed.code, signed.stderr).toBe(0);
      expect(JSON.parse(signed.stdout).status).toBe("0x1");
    }
  });

  it("eth_sendTransactionSync answers the receipt over plain JSON-RPC", async () => {
    const rpc = new Rpc(server.url);
    const receipt = await rpc.call<Receipt>("eth_sendTransactionSync", {
      from: ANVIL_DEV_ADDRESSES[4],
      to: recipient,
      value: "0x1",
    });
    expect(receipt.status).toBe("0x1");
    expect(receipt.from).toBe(ANVIL_DEV_ADDRESSES[4].toLowerCase());
  });
});

describe("the EIP's timeout and errors, with mining off", () => {
  let server: DevnetServer;
  let rpc: Rpc;

  beforeAll(async () => {
    server = await startDevnetServer({ mining: { mode: "manual" } });
    rpc = new Rpc(server.url);
  });

  afterAll(async () => {
    await server?.close();
  });

  const signed = (nonce: number) =>
    walletOn(server.url).signTransaction({
      chainId: 31337,
      type: "eip1559",
      to: recipient,
      value: 1n,
      nonce,
      gas: 21_000n,
      maxFeePerGas: 10_000_000_000n,
      maxPriorityFeePerGas: 1_000_000_000n,
    });

  it("answers error 4 with the hash when the timeout passes; the transaction stays in the pool", async () => {
    const started = Date.now();
    const { error } = await rpc.envelope("eth_sendRawTransactionSync", [await signed(0), "0xc8"]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(error?.code).toBe(4);
    expect(error?.data).toMatch(/^0x[0-9a-f]{64}$/);
    expect(await rpc.call("txpool_status")).toEqual({ pending: "0x1", queued: "0x0" });
    await rpc.call("evm_mine");
    const receipt = await rpc.call<Receipt>("eth_getTransactionReceipt", error?.data);
    expect(receipt.status).toBe("0x1");
  });

  it("answers the receipt as soon as a block mines the transaction", async () => {
    const waiting = rpc.envelope("eth_sendRawTransactionSync", [await signed(1), 5_000]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await rpc.call("evm_mine");
    const { result } = await waiting;
    expect((result as Receipt).status).toBe("0x1");
    expect((result as Receipt).blockNumber).toBe("0x2");
  });

  it("answers error 5 at once for a transaction behind a nonce gap", async () => {
    const { error } = await rpc.envelope("eth_sendRawTransactionSync", [await signed(5)]);
    expect(error?.code).toBe(5);
    expect(error?.data).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it("refuses a timeout that is not a number with -32602", async () => {
    const { error } = await rpc.envelope("eth_sendRawTransactionSync", [await signed(2), "soon"]);
    expect(error?.code).toBe(-32602);
    expect(error?.message).toContain("argument 1");
  });
});
