/**
 * Fork: a remote chain a devnet forks at one block. It knows the remote (RemoteRpc), the fork
 * block, the remote's state at that block (RemoteStateLoader, cached in memory and on disk) and
 * serves what happened up to the fork block from the remote: blocks, transactions, receipts and
 * logs at or before it are the remote's, later ones the devnet's own.
 */
import { homedir } from "node:os";
import { join } from "node:path";
import { createBlockFromRPC } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { InvalidParamsError } from "../../errors/DevnetError.js";
import type { MinedBlock } from "../chain/types.js";
import { ForkCache } from "./ForkCache.js";
import type { ForkOptions } from "./ForkOptions.js";
import { RemoteBlockHashes } from "./RemoteBlockHashes.js";
import { RemoteBlockState } from "./RemoteBlockState.js";
import { RemoteFailureError } from "./RemoteFailureError.js";
import { RemoteRpc } from "./RemoteRpc.js";
import { RemoteStateLoader } from "./RemoteStateLoader.js";
import { storedReceiptOf } from "./storedReceiptOf.js";

/** The fork block's header fields the local chain continues from. */
export interface ForkPoint {
  number: bigint;
  hash: string;
  parentHash: string;
  timestamp: bigint;
  gasLimit: bigint;
  gasUsed: bigint;
  baseFeePerGas: bigint | undefined;
  excessBlobGas: bigint | undefined;
  blobGasUsed: bigint | undefined;
}

type RpcBlock = Record<string, unknown>;

export const DEFAULT_FORK_CACHE = join(homedir(), ".pevm-devnet", "cache", "fork");

/** States of past remote blocks kept for traces (a trace of a block, then of its transactions). */
const PAST_STATES_KEPT = 4;

export class Fork {
  /** Hashes of the blocks up to the fork block, for BLOCKHASH. */
  readonly blockHashes: RemoteBlockHashes;
  /** The remote's states after blocks before the fork block, most recently used last. */
  private readonly pastStates = new Map<bigint, { state: RemoteBlockState; cache: ForkCache | undefined }>();

  private constructor(
    private settings: ForkOptions,
    private remote: RemoteRpc,
    readonly chainId: bigint,
    readonly point: ForkPoint,
    readonly state: RemoteStateLoader,
    private readonly cache: ForkCache | undefined,
  ) {
    this.blockHashes = new RemoteBlockHashes(
      () => this.remote,
      point.number,
      [
        { number: point.number, hash: point.hash },
        { number: point.number - 1n, hash: point.parentHash },
      ],
      cache,
    );
  }

  /**
   * Connects to the remote: its chain id and the fork block. An unreachable or non-Ethereum URL
   * fails at once (no retries), within the timeout.
   */
  static async connect(options: ForkOptions, warn?: (message: string) => void): Promise<Fork> {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new InvalidParamsError(`invalid fork URL "${options.url}"`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new InvalidParamsError(`fork URL "${options.url}": only http and https are supported`);
    }
    const settings = {
      url: options.url,
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.computeUnitsPerSecond === undefined
        ? {}
        : { computeUnitsPerSecond: options.computeUnitsPerSecond }),
    };
    const probe = new RemoteRpc({ ...settings, retries: 0 });
    const [chainIdHex, latestHex] = await probe.batch([
      { method: "eth_chainId", params: [] },
      { method: "eth_blockNumber", params: [] },
    ]);
    const chainId = options.chainId ?? quantity(chainIdHex, "eth_chainId", options.url);
    const latest = quantity(latestHex, "eth_blockNumber", options.url);
    const number = options.blockNumber ?? latest;
    if (number > latest) {
      throw new InvalidParamsError(`fork block ${number} is past the remote's latest block ${latest}`);
    }
    const rpc = new RemoteRpc({
      ...settings,
      ...(options.retries === undefined ? {} : { retries: options.retries }),
      ...(options.retryBackoffMs === undefined ? {} : { retryBackoffMs: options.retryBackoffMs }),
    });
    const block = (await rpc.request("eth_getBlockByNumber", [hex(number), false])) as RpcBlock | null;
    if (block === null || typeof block !== "object") {
      throw new RemoteFailureError(options.url, `block ${number} not found`);
    }
    const point = forkPointOf(block);
    const cache =
      options.noStorageCaching === true
        ? undefined
        : new ForkCache(options.cachePath ?? DEFAULT_FORK_CACHE, chainId, point.number, warn);
    return new Fork(
      options,
      rpc,
      chainId,
      point,
      new RemoteStateLoader(rpc, hex(point.number), cache),
      cache,
    );
  }

  /** How the fork was made, with the URL it uses now. */
  get options(): ForkOptions {
    return this.settings;
  }

  /** The remote's JSON-RPC client. */
  get rpc(): RemoteRpc {
    return this.remote;
  }

  /**
   * Uses another URL for the same remote (anvil_setRpcUrl): it must serve the same chain and
   * the fork block with the same hash.
   */
  async setUrl(url: string): Promise<void> {
    const options = { ...this.settings, url, blockNumber: this.point.number, chainId: this.chainId };
    const other = await Fork.connect({ ...options, noStorageCaching: true });
    if (other.point.hash !== this.point.hash) {
      throw new InvalidParamsError(`${url} has another block ${this.point.number}: not the same chain`);
    }
    this.settings = options;
    this.remote = other.rpc;
    this.state.useRpc(other.rpc);
  }

  // ---- history up to the fork block ----

  /** Whether block `number` is the remote's. */
  owns(number: bigint): boolean {
    return number <= this.point.number;
  }

  /** The remote's block `number` (≤ the fork block), as the remote formats it. */
  blockByNumber(number: bigint, full: boolean): Promise<unknown> {
    return this.rpc.request("eth_getBlockByNumber", [hex(number), full]);
  }

  /** The remote's block with this hash, if it is at or before the fork block; else null. */
  async blockByHash(hash: string, full: boolean): Promise<unknown> {
    const block = (await this.rpc.request("eth_getBlockByHash", [hash, full])) as RpcBlock | null;
    return block !== null && this.ownsNumber(block.number) ? block : null;
  }

  /** The remote's transaction with this hash, if mined at or before the fork block; else null. */
  async transaction(hash: string): Promise<unknown> {
    const tx = (await this.rpc.request("eth_getTransactionByHash", [hash])) as RpcBlock | null;
    return tx !== null && this.ownsNumber(tx.blockNumber) ? tx : null;
  }

  /** The remote's receipt of this transaction, if mined at or before the fork block; else null. */
  async receipt(hash: string): Promise<unknown> {
    const receipt = (await this.rpc.request("eth_getTransactionReceipt", [hash])) as RpcBlock | null;
    return receipt !== null && this.ownsNumber(receipt.blockNumber) ? receipt : null;
  }

  /** The remote's logs of blocks `from` to `to` (both ≤ the fork block) matching the filter. */
  async logs(
    filter: { address?: string[]; topics?: (string[] | null)[] },
    from: bigint,
    to: bigint,
  ): Promise<unknown[]> {
    const request: Record<string, unknown> = { fromBlock: hex(from), toBlock: hex(to) };
    if (filter.address !== undefined && filter.address.length > 0) request.address = filter.address;
    if (filter.topics !== undefined) request.topics = filter.topics;
    return (await this.rpc.request("eth_getLogs", [request])) as unknown[];
  }

  /**
   * The remote's block (at or before the fork block) with its transactions, receipts and
   * senders, to execute again under `common`; undefined when the remote has no such block.
   */
  async executableBlock(
    ref: { number: bigint } | { hash: string },
    common: Common,
  ): Promise<MinedBlock | undefined> {
    const json = (
      "number" in ref
        ? await this.rpc.request("eth_getBlockByNumber", [hex(ref.number), true])
        : await this.rpc.request("eth_getBlockByHash", [ref.hash, true])
    ) as RpcBlock | null;
    if (json === null || typeof json !== "object" || !this.ownsNumber(json.number)) return undefined;
    const transactions = json.transactions as RpcBlock[];
    const receipts =
      transactions.length === 0
        ? []
        : ((await this.rpc.batch(
            transactions.map((tx) => ({ method: "eth_getTransactionReceipt", params: [tx.hash] })),
          )) as RpcBlock[]);
    const block = createBlockFromRPC(json as never, [], { common, skipConsensusFormatValidation: true });
    return {
      block,
      hash: String(json.hash),
      number: BigInt(json.number as string),
      receipts: receipts.map(storedReceiptOf),
      senders: transactions.map((tx) => String(tx.from).toLowerCase()),
    };
  }

  /** The remote's state after block `number` (before the fork block), loaded lazily. */
  stateAfter(number: bigint): RemoteBlockState {
    let entry = this.pastStates.get(number);
    if (entry !== undefined) this.pastStates.delete(number);
    else {
      const cache =
        this.settings.noStorageCaching === true
          ? undefined
          : new ForkCache(this.settings.cachePath ?? DEFAULT_FORK_CACHE, this.chainId, number);
      entry = {
        state: new RemoteBlockState(number, new RemoteStateLoader(this.rpc, hex(number), cache)),
        cache,
      };
      const [oldest] = this.pastStates.values();
      if (this.pastStates.size >= PAST_STATES_KEPT && oldest !== undefined) {
        oldest.cache?.save();
        this.pastStates.delete(oldest.state.number);
      }
    }
    this.pastStates.set(number, entry);
    return entry.state;
  }

  private ownsNumber(value: unknown): boolean {
    return typeof value === "string" && BigInt(value) <= this.point.number;
  }

  /** Writes the disk cache now (on close). */
  close(): void {
    this.cache?.save();
    for (const { cache } of this.pastStates.values()) cache?.save();
  }
}

function hex(value: bigint): string {
  return `0x${value.toString(16)}`;
}

function quantity(value: unknown, method: string, url: string): bigint {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]+$/.test(value)) {
    throw new RemoteFailureError(url, `${method} answered ${JSON.stringify(value)}: not an Ethereum node`);
  }
  return BigInt(value);
}

function forkPointOf(block: RpcBlock): ForkPoint {
  const big = (field: string): bigint | undefined =>
    typeof block[field] === "string" ? BigInt(block[field] as string) : undefined;
  return {
    number: big("number") ?? 0n,
    hash: String(block.hash),
    parentHash: String(block.parentHash),
    timestamp: big("timestamp") ?? 0n,
    gasLimit: big("gasLimit") ?? 30_000_000n,
    gasUsed: big("gasUsed") ?? 0n,
    baseFeePerGas: big("baseFeePerGas"),
    excessBlobGas: big("excessBlobGas"),
    blobGasUsed: big("blobGasUsed"),
  };
}
