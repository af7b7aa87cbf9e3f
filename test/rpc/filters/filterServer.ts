/**
 * What the filter and subscription tests share: a devnet served over real HTTP and WebSocket with
 * the read methods, the filter methods and the transaction methods, and a Token that anyone can
 * mint, driven with signed raw transactions (fixed fees, explicit nonces: same bytes everywhere).
 */
import { getCreateAddress, Interface, Wallet } from "ethers";
import WebSocket from "ws";
import { ANVIL_DEV_KEYS } from "../../support/anvil.js";
import { loadArtifact } from "../../support/artifacts.js";
import { type DevnetServer, startDevnetServer } from "../../support/devnetServer.js";
import { rpcResult, waitForReceipt } from "../../support/jsonRpc.js";

export const CHAIN_ID = 31337n;
const GWEI = 1_000_000_000n;

export const token = loadArtifact("Token");
export const tokenInterface = new Interface(token.abi);
export const TRANSFER_TOPIC = tokenInterface.getEvent("Transfer")?.topicHash ?? "";

export type FilterTestServer = DevnetServer;

/** A devnet (sequential execution) served on a free port with every method. */
export const startFilterServer = startDevnetServer;

/**
 * Signs and sends transactions from one dev key with explicit nonces, so that the same sequence
 * gives the same raw bytes (and hashes) on the devnet and on anvil.
 */
export class TokenDriver {
  readonly wallet: Wallet;
  /** Token's address: the first contract `wallet` deploys. */
  readonly tokenAddress: string;
  private nonce = 0;

  constructor(
    readonly url: string,
    keyIndex = 0,
  ) {
    const key = ANVIL_DEV_KEYS[keyIndex];
    if (key === undefined) throw new Error(`no dev key ${keyIndex}`);
    this.wallet = new Wallet(key);
    this.tokenAddress = getCreateAddress({ from: this.wallet.address, nonce: 0 }).toLowerCase();
  }

  /** Deploys Token (must be the wallet's first transaction), by default waiting for its receipt. */
  async deploy(wait = true): Promise<string> {
    const data = `${token.bytecode}${tokenInterface.encodeDeploy(["Token", "TKN", 1_000n]).slice(2)}`;
    return wait
      ? this.sendAndWait({ data, gasLimit: 3_000_000n })
      : this.send({ data, gasLimit: 3_000_000n });
  }

  /** Mints `amount` to `to`: one Transfer(0, to, amount) log. Returns the transaction hash. */
  async mint(to: string, amount: bigint, wait = true): Promise<string> {
    const data = tokenInterface.encodeFunctionData("mint", [to, amount]);
    return wait
      ? this.sendAndWait({ to: this.tokenAddress, data, gasLimit: 100_000n })
      : this.send({ to: this.tokenAddress, data, gasLimit: 100_000n });
  }

  /** Sends a signed EIP-1559 transaction; returns its hash without waiting for a block. */
  async send(fields: { to?: string; data: string; gasLimit: bigint }): Promise<string> {
    const raw = await this.wallet.signTransaction({
      type: 2,
      chainId: CHAIN_ID,
      nonce: this.nonce++,
      maxFeePerGas: 10n * GWEI,
      maxPriorityFeePerGas: GWEI,
      value: 0n,
      ...fields,
    });
    return rpcResult<string>(this.url, "eth_sendRawTransaction", [raw]);
  }

  private async sendAndWait(fields: { to?: string; data: string; gasLimit: bigint }): Promise<string> {
    const hash = await this.send(fields);
    await waitForReceipt(this.url, hash);
    return hash;
  }
}

/** Resolves once `condition` holds, checking every few milliseconds; fails after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A raw WebSocket JSON-RPC client that keeps every notification it receives. */
export class SocketClient {
  readonly notifications: { subscription: string; result: unknown }[] = [];
  private readonly socket: WebSocket;
  private readonly waiting = new Map<number, (response: Record<string, unknown>) => void>();
  private nextId = 1;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (message.method === "eth_subscription") {
        this.notifications.push(message.params as { subscription: string; result: unknown });
        return;
      }
      this.waiting.get(message.id as number)?.(message);
      this.waiting.delete(message.id as number);
    });
  }

  static async open(url: string): Promise<SocketClient> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return new SocketClient(socket);
  }

  /** The whole response envelope (result or error). */
  request(method: string, params: unknown[] = []): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  }

  async result<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const response = await this.request(method, params);
    if (response.error !== undefined) throw new Error(`${method} failed: ${JSON.stringify(response.error)}`);
    return response.result as T;
  }

  /** The results pushed for one subscription, in order. */
  resultsOf(subscription: string): unknown[] {
    return this.notifications.filter((n) => n.subscription === subscription).map((n) => n.result);
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close();
    });
  }
}
