import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { TaskArguments } from "hardhat/types/tasks";

import { DevnetNetworkManager } from "../DevnetNetworkManager.js";

/**
 * `hardhat node`: its server takes Hardhat's own provider (an EDR one), so the node's connection
 * is left to Hardhat; the network hook still puts a devnet behind it, and the node serves that.
 */
export default async function nodeOnDevnet(
  args: TaskArguments,
  hre: HardhatRuntimeEnvironment,
  runSuper: (args: TaskArguments) => Promise<unknown>,
): Promise<unknown> {
  if (hre.network instanceof DevnetNetworkManager) hre.network.leaveConnectionsToHardhat();
  return await runSuper(args);
}
