import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { HookContext } from "hardhat/types/hooks";

import { ContractCatalog } from "./ContractCatalog.js";
import { formatSuiteReport } from "./formatSuiteReport.js";
import { RecordingFolder } from "./RecordingFolder.js";
import { DevnetThread } from "./thread/DevnetThread.js";
import type { BuiltReport } from "./thread/messages.js";

/**
 * One recorded run of the suite's tests, from its start to its report: `hardhat test` (all
 * runners, one report after Hardhat's summary) or one runner's task run alone (`hardhat test
 * nodejs`, `hardhat test mocha`: one report after that runner's summary). At most one at a time:
 * a runner run inside `hardhat test` belongs to its run.
 */
export class SuiteRun {
  private static current: SuiteRun | undefined;

  private constructor(private readonly folder: RecordingFolder) {}

  /** Starts recording, unless a run is under way already: then undefined (that run reports). */
  static start(): SuiteRun | undefined {
    if (SuiteRun.current !== undefined) return undefined;
    SuiteRun.current = new SuiteRun(RecordingFolder.open());
    // The devnet loads on its thread meanwhile Hardhat compiles and loads the test files; the
    // thread's recording starts afresh (calls are answered in order: before any connection's).
    void DevnetThread.shared().call({ kind: "startRun" });
    return SuiteRun.current;
  }

  /** Ends the run without a report (the runners failed to run). */
  async abandon(): Promise<void> {
    if (SuiteRun.current === this) SuiteRun.current = undefined;
    this.folder.collect();
  }

  /** Ends the run: what this process and the runners' worker processes recorded, reported. */
  async finish(hre: Pick<HookContext, "config" | "artifacts">): Promise<void> {
    if (SuiteRun.current === this) SuiteRun.current = undefined;
    const fromWorkers = this.folder.collect();
    const { pevm } = hre.config;
    const built = await DevnetThread.shared().call({
      kind: "report",
      fromWorkers: fromWorkers.transactions,
      unreadable: fromWorkers.unreadable,
      buildInfoOutputs: await ContractCatalog.buildInfoOutputsOf(hre.artifacts),
      blockGasLimit: pevm.blockGasLimit,
    });
    if (built.error !== undefined) throw new Error(`pevm-devnet: no report: ${built.error.message}`);
    const { report, html, missed } = built.result as BuiltReport;
    const threads = pevm.threads ?? 8;
    await mkdir(path.dirname(pevm.reportPath), { recursive: true });
    await writeFile(
      pevm.reportPath,
      `${JSON.stringify({ ...report, threads, missedTransactions: missed }, null, 2)}\n`,
    );
    // The picture goes next to the JSON: pevm-report.json → pevm-report.html.
    const htmlPath = `${pevm.reportPath.replace(/\.json$/i, "")}.html`;
    await writeFile(htmlPath, html);
    console.log(
      formatSuiteReport(
        report,
        threads,
        path.relative(process.cwd(), pevm.reportPath) || pevm.reportPath,
        missed,
      ),
    );
    console.log(`   dependency graphs: ${path.relative(process.cwd(), htmlPath) || htmlPath}\n`);
  }
}
