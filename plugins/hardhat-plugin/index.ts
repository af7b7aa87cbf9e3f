/**
 * pevm-devnet for Hardhat 3: `hardhat test` runs its network connections on an in-process
 * pevm-devnet, records every transaction's read and write sets as it is mined, and prints which
 * contract functions conflict and how much a parallel block builder could gain
 * (`--no-pevm-report` leaves the report out for one run).
 * @example
 * // hardhat.config.ts
 * import pevmPlugin from "@pevm-devnet/hardhat-plugin";
 * export default defineConfig({ plugins: [pevmPlugin], pevm: { threads: 4 } });
 */
import { globalFlag, overrideTask } from "hardhat/config";
import { definePlugin } from "hardhat/plugins";

import "./type-extensions.js";

export default definePlugin({
  id: "pevm-devnet",
  hookHandlers: {
    config: () => import("./internal/hook-handlers/config.js"),
    hre: () => import("./internal/hook-handlers/hre.js"),
    network: () => import("./internal/hook-handlers/network.js"),
    test: () => import("./internal/hook-handlers/test.js"),
  },
  globalOptions: [
    globalFlag({
      name: "noPevmReport",
      description: "Runs the tests on pevm-devnet without recording them or printing its report",
    }),
  ],
  tasks: [
    overrideTask("test")
      .setAction(() => import("./internal/tasks/test.js"))
      .build(),
    overrideTask("node")
      .setAction(() => import("./internal/tasks/node.js"))
      .build(),
  ],
});
