import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { TaskArguments } from "hardhat/types/tasks";

import { buildSuiteReport } from "../buildSuiteReport.js";
import { ContractCatalog } from "../ContractCatalog.js";
import { formatSuiteReport } from "../formatSuiteReport.js";
import { suiteRecorder } from "../SuiteRecorder.js";

/** `hardhat test`, then the suite's conflict report (printed, and written as JSON). */
export default async function testWithPevmReport(
  args: TaskArguments,
  hre: HardhatRuntimeEnvironment,
  runSuper: (args: TaskArguments) => Promise<unknown>,
): Promise<unknown> {
  const { pevm } = hre.config;
  if (!pevm.enabled) return await runSuper(args);
  suiteRecorder.clear();
  const result = await runSuper(args);
  await suiteRecorder.settled();

  const catalog = await ContractCatalog.load(hre.artifacts);
  const report = buildSuiteReport(suiteRecorder.transactions, catalog, pevm.blockGasLimit);
  const threads = pevm.threads ?? 8;
  await mkdir(path.dirname(pevm.reportPath), { recursive: true });
  await writeFile(
    pevm.reportPath,
    `${JSON.stringify({ ...report, threads, missedTransactions: suiteRecorder.missed }, null, 2)}\n`,
  );
  console.log(
    formatSuiteReport(report, threads, path.relative(process.cwd(), pevm.reportPath) || pevm.reportPath),
  );
  return result;
}
