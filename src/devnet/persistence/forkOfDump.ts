import type { ForkOptions } from "../fork/ForkOptions.js";
import type { DevnetDump } from "./DevnetDump.js";

/**
 * Where a forked chain's dump forks (its remote, fork block and the remote's chain id) and the
 * devnet's chain id, so that a devnet started to load it (--load-state, --state) forks the same
 * remote; undefined for a dump of a chain that does not fork, or anything that is not a dump.
 */
export function forkOfDump(dump: unknown): { fork: ForkOptions; chainId: bigint } | undefined {
  const { fork, chainId } = (dump ?? {}) as Partial<DevnetDump>;
  if (typeof fork !== "object" || fork === null || typeof chainId !== "string") return undefined;
  try {
    return {
      fork: { url: fork.url, blockNumber: BigInt(fork.blockNumber), chainId: BigInt(fork.chainId) },
      chainId: BigInt(chainId),
    };
  } catch {
    return undefined; // not numbers: Devnet.load says what is wrong with the dump
  }
}
