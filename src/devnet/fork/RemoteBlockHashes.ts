/**
 * RemoteBlockHashes: the hashes of a forked chain's blocks at or before the fork block, which
 * BLOCKHASH reads, fetched from the remote on first use. Numbers asked for while a round trip is
 * being prepared go out together as one batch of eth_getBlockByNumber; a number already on its
 * way is not asked again. The fork block's hash and its parent's are known from the start.
 * Answers stay in memory, and on disk with the fork's state when a ForkCache is given.
 */
import { hexToBytes } from "@ethereumjs/util";
import type { ForkCache } from "./ForkCache.js";
import { RemoteFailureError } from "./RemoteFailureError.js";
import type { RemoteRpc } from "./RemoteRpc.js";

export class RemoteBlockHashes {
  private readonly hashes: Map<bigint, Uint8Array>;
  private readonly inFlight = new Map<bigint, Promise<void>>();
  private queue: bigint[] = [];
  private nextRound: Promise<void> | undefined;

  constructor(
    private rpc: () => RemoteRpc,
    /** The fork block: the highest number served here. */
    private readonly last: bigint,
    known: { number: bigint; hash: string }[],
    private readonly cache: ForkCache | undefined,
  ) {
    this.hashes = new Map();
    for (const [number, hash] of cache?.blockHashes ?? [])
      this.hashes.set(number, hexToBytes(hash as `0x${string}`));
    for (const { number, hash } of known)
      if (number >= 0n) this.hashes.set(number, hexToBytes(hash as `0x${string}`));
  }

  /** The hash of block `number` if it is held; undefined past the fork block or not loaded yet. */
  known(number: bigint): Uint8Array | undefined {
    return this.hashes.get(number);
  }

  /** The hash of block `number` (≤ the fork block), fetched if not held; undefined past it. */
  async fetch(number: bigint): Promise<Uint8Array | undefined> {
    if (number < 0n || number > this.last) return undefined;
    const held = this.hashes.get(number);
    if (held !== undefined) return held;
    let wait = this.inFlight.get(number);
    if (wait === undefined) {
      this.queue.push(number);
      this.nextRound ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.round());
      wait = this.nextRound;
      this.inFlight.set(number, wait);
    }
    await wait;
    return this.hashes.get(number);
  }

  private async round(): Promise<void> {
    const numbers = this.queue;
    this.queue = [];
    this.nextRound = undefined;
    const rpc = this.rpc();
    try {
      const blocks = await rpc.batch(
        numbers.map((number) => ({
          method: "eth_getBlockByNumber",
          params: [`0x${number.toString(16)}`, false],
        })),
      );
      numbers.forEach((number, i) => {
        const hash = (blocks[i] as { hash?: unknown } | null)?.hash;
        if (typeof hash !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(hash))
          throw new RemoteFailureError(rpc.url, `block ${number} not found`);
        this.hashes.set(number, hexToBytes(hash as `0x${string}`));
        this.cache?.putBlockHash(number, hash);
      });
    } finally {
      for (const number of numbers) this.inFlight.delete(number);
    }
  }
}
