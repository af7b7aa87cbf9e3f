import type { TestHooks } from "hardhat/types/hooks";

import { SuiteRun } from "../SuiteRun.js";

/**
 * A runner's task run alone (`hardhat test nodejs`, `hardhat test mocha`) reports after its own
 * summary; inside `hardhat test`, whose override reports once for all runners, these do nothing.
 */
export default async (): Promise<Partial<TestHooks>> => {
  const runs = new Map<string, SuiteRun>();
  return {
    async onTestRunStart(context, id, next) {
      if (context.config.pevm.enabled && context.globalOptions.noPevmReport !== true && id !== "solidity") {
        const run = SuiteRun.start();
        if (run !== undefined) runs.set(id, run);
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
