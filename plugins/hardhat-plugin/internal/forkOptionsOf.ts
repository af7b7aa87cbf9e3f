import path from "node:path";
import type { EdrNetworkConfig } from "hardhat/types/config";

import type { DevnetOptions } from "./pevmDevnet.js";

/**
 * How a connection's devnet forks, from an `edr-simulated` network's `forking` config (`url`,
 * `blockNumber`, `httpHeaders`, `enabled`); undefined where the network does not fork. The
 * remote's state is cached under Hardhat's fork cache directory, in a folder of its own.
 */
export async function forkOptionsOf(config: EdrNetworkConfig): Promise<DevnetOptions["fork"]> {
  const forking = config.forking;
  if (forking === undefined || !forking.enabled) return undefined;
  return {
    url: await forking.url.get(),
    cachePath: path.join(forking.cacheDir, "pevm-devnet"),
    ...(forking.blockNumber === undefined ? {} : { blockNumber: forking.blockNumber }),
    ...(forking.httpHeaders === undefined ? {} : { headers: forking.httpHeaders }),
  };
}
