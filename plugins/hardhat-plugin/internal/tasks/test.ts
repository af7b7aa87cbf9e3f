import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { TaskArguments } from "hardhat/types/tasks";

import { SuiteRun } from "../SuiteRun.js";
import { DevnetThread } from "../thread/DevnetThread.js";

/**
 * `hardhat test`, then the suite's conflict report (printed once, after Hardhat's own summary and
 * gas statistics, and written as JSON), with what the runners' worker processes recorded.
 */
export default async function testWithPevmReport(
  args: TaskArguments,
  hre: HardhatRuntimeEnvironment,
  runSuper: (args: TaskArguments) => Promise<unknown>,
): Promise<unknown> {
  const { pevm } = hre.config;
  if (!pevm.enabled) return await runSuper(args);
  if (hre.globalOptions.noPevmReport === true) {
    // No report, but the devnet still loads while Hardhat starts, not at the first connection.
    DevnetThread.shared();
    return await runSuper(args);
  }
  const run = SuiteRun.start();
  let result: unknown;
  try {
    result = await runSuper(args);
  } catch (error) {
    await run?.abandon();
    throw error;
  }
  await run?.finish(hre);
  return result;
}
