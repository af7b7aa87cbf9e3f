/**
 * eth_sendRawTransaction in automine over HTTP and WebSocket: the hash is answered once the
 * transaction is admitted and its block is mined right after (Devnet.sendTransaction's
 * answerBeforeMining); no request sees the chain without that block, and a transaction the pool
 * refuses is still refused in the answer.
 */
import { createTx } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { keccak256 } from "../../../../src/crypto/nativeCrypto.js";
import { type DevnetServer, startDevnetServer } from "../../../support/devnetServer.js";

const RECIPIENT = "0x000000000000000000000000000000000000dEaD";

/** A typed transaction's hash: keccak of its bytes. */
const hashOf = (raw: string) => bytesToHex(keccak256(hexToBytes(raw as `0x${string}`)));

describe("eth_sendRawTransaction answered before its block is mined", () => {
  let server: DevnetServer;
  let nonce = 0n;

  beforeAll(async () => {
    server = await startDevnetServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  /** A raw transfer from dev account 0 (`nonce`: the next one unless given). */
  function rawTransfer(at = nonce++): string {
    const account = server.devnet.accounts[0] as { privateKey: string };
    const tx = createTx(
      {
        type: 2,
        nonce: at,
        to: RECIPIENT,
        value: 1n,
        gasLimit: 21_000n,
        maxFeePerGas: 10n ** 10n,
        maxPriorityFeePerGas: 1n,
        chainId: server.devnet.options.chainId,
      },
      { common: server.devnet.common },
    ).sign(hexToBytes(account.privateKey as `0x${string}`));
    return bytesToHex(tx.serialize());
  }

  async function batch(
    requests: { method: string; params: unknown[] }[],
  ): Promise<{ result?: unknown; error?: { code: number } }[]> {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(requests.map((r, id) => ({ jsonrpc: "2.0", id, ...r }))),
    });
    return (await response.json()) as { result?: unknown; error?: { code: number } }[];
  }

  it("lets no later request see the chain without the block (a receipt right behind the send)", async () => {
    const height = server.devnet.chain.height;
    const raw = rawTransfer();
    const [sent, receipt, block] = await batch([
      { method: "eth_sendRawTransaction", params: [raw] },
      { method: "eth_getTransactionReceipt", params: [hashOf(raw)] },
      { method: "eth_blockNumber", params: [] },
    ]);
    expect(sent?.result).toBe(hashOf(raw));
    expect(receipt?.result).toMatchObject({ status: "0x1", blockNumber: `0x${(height + 1n).toString(16)}` });
    expect(block?.result).toBe(`0x${(height + 1n).toString(16)}`);
  });

  it("answers a WebSocket client before the block's notification reaches it", async () => {
    const socket = new WebSocket(server.wsUrl);
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    const messages: { id?: number; method?: string }[] = [];
    socket.on("message", (data) => messages.push(JSON.parse(data.toString())));
    socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_subscribe", params: ["newHeads"] }));
    while (messages.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    socket.send(
      JSON.stringify({ jsonrpc: "2.0", id: 2, method: "eth_sendRawTransaction", params: [rawTransfer()] }),
    );
    while (messages.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(messages.slice(1).map((m) => m.id ?? m.method)).toEqual([2, "eth_subscription"]);
    socket.close();
  });

  it("still answers a transaction the pool refuses with its error", async () => {
    const [stale] = await batch([{ method: "eth_sendRawTransaction", params: [rawTransfer(0n)] }]);
    expect(stale?.error?.code).toBe(-32003);
    expect(stale?.result).toBeUndefined();
  });
});
