/** How a devnet forks a remote chain (anvil's --fork-* flags). */
export interface ForkOptions {
  /** The remote's JSON-RPC URL (--fork-url). */
  url: string;
  /** The block to fork at; the remote's latest when not given (--fork-block-number). */
  blockNumber?: bigint;
  /** The remote's chain id, to skip asking it (--fork-chain-id). */
  chainId?: bigint;
  /** Extra HTTP headers for every request to the remote (--fork-header). */
  headers?: Record<string, string>;
  /** Retries of a failed request (--retries; default 5). */
  retries?: number;
  /** Wait before the first retry, doubled at each, in ms (--fork-retry-backoff; default 1000). */
  retryBackoffMs?: number;
  /** Limit of one request, in ms (--timeout; default 45,000). */
  timeoutMs?: number;
  /** Throttle of the requests (--compute-units-per-second). */
  computeUnitsPerSecond?: number;
  /** Keep no disk cache of the remote's state (--no-storage-caching). */
  noStorageCaching?: boolean;
  /** Where the disk cache lives; default ~/.pevm-devnet/cache/fork. */
  cachePath?: string;
}
