import type { HardhatRuntimeEnvironmentHooks } from "hardhat/types/hooks";
import { DevnetNetworkManager } from "../DevnetNetworkManager.js";

/** With the plugin on, `hre.network` makes connections to simulated networks on pevm-devnet. */
export default async (): Promise<Partial<HardhatRuntimeEnvironmentHooks>> => ({
  async created(context, hre) {
    if (!hre.config.pevm.enabled) return;
    hre.network = new DevnetNetworkManager(hre, context.hooks, hre.network);
  },
});
