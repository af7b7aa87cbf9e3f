import type { TestHooks } from "hardhat/types/hooks";

import { SuiteRun } from "../SuiteRun.js";
import { DevnetThread } from "../thread/DevnetThread.js";

/**
 * A runner's task run alone (`hardhat test nodejs`, `hardhat test mocha`) reports after its own
 * summary; inside `hardhat test`, whose override reports once for all runners, these do nothing.
 */
export default async (): Promise<Partial<TestHooks>> => {
  const runs = new Map<string, SuiteRun>();
  return {
    async onTestRunStart(context, id, next) {
      if (context.config.pevm.enabled && id !== "solidity") {
        if (context.globalOptions.noPevmReport === true) {
          // No report, but the devnet loads while the runner starts (as in the test task).
          DevnetThread.shared();
        } else {
          const run = SuiteRun.start();
          if (run !== undefined) runs.set(id, run);
        }
      }
      await next(context, id);
    },

    async onTestRunDone(context, id, next) {
      await next(context, id);
      const run = runs.get(id);
      runs.delete(id);
      await run?.finish(context);
    },
  };
};
