import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { TaskArguments } from "hardhat/types/tasks";

import { buildReportPage } from "../buildReportPage.js";
import { buildSuiteReport } from "../buildSuiteReport.js";
import { ContractCatalog } from "../ContractCatalog.js";
import { formatSuiteReport } from "../formatSuiteReport.js";
import { renderReportHtml } from "../pevmDevnet.js";
import { RecordingFolder } from "../RecordingFolder.js";
import { suiteRecorder } from "../SuiteRecorder.js";

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
  if (!pevm.enabled || hre.globalOptions.noPevmReport === true) return await runSuper(args);
  suiteRecorder.clear();
  const folder = RecordingFolder.open();
  let result: unknown;
  try {
    result = await runSuper(args);
  } finally {
    await suiteRecorder.settled();
  }
  const fromWorkers = folder.collect();
  const transactions = [...suiteRecorder.transactions, ...fromWorkers.transactions];
  const missed = suiteRecorder.missed + fromWorkers.unreadable;

  const catalog = await ContractCatalog.load(hre.artifacts);
  const report = buildSuiteReport(transactions, catalog, pevm.blockGasLimit);
  const threads = pevm.threads ?? 8;
  await mkdir(path.dirname(pevm.reportPath), { recursive: true });
  await writeFile(
    pevm.reportPath,
    `${JSON.stringify({ ...report, threads, missedTransactions: missed }, null, 2)}\n`,
  );
  // The picture goes next to the JSON: pevm-report.json → pevm-report.html.
  const htmlPath = `${pevm.reportPath.replace(/\.json$/i, "")}.html`;
  await writeFile(
    htmlPath,
    renderReportHtml(buildReportPage(suiteRecorder.transactions, catalog, pevm.blockGasLimit)),
  );
  console.log(
    formatSuiteReport(
      report,
      threads,
      path.relative(process.cwd(), pevm.reportPath) || pevm.reportPath,
      missed,
    ),
  );
  console.log(`   dependency graphs: ${path.relative(process.cwd(), htmlPath) || htmlPath}\n`);
  return result;
}
