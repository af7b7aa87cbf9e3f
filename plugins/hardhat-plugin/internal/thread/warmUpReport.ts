/**
 * Builds the suite's report and page from the warm-up devnet's transactions a few times, while
 * Hardhat starts and the devnet thread would wait, then throws them away. The report is built
 * once per process, after the tests, on code V8 has not compiled yet: ~110 ms for a suite of 400
 * transactions cold, ~70 ms after this (bench/hardhat-suite, 2-core machine).
 */
import { buildReportPage } from "../buildReportPage.js";
import { buildSuiteReport } from "../buildSuiteReport.js";
import { ContractCatalog } from "../ContractCatalog.js";
import { renderReportHtml } from "../pevmDevnet.js";
import type { RecordedTransaction } from "../SuiteRecorder.js";

const ROUNDS = 3;
const BLOCK_GAS_LIMIT = 30_000_000;

/**
 * `stopped`: the tests have started; each round (~20 ms) is one synchronous piece of work, and the
 * next one is not begun.
 */
export async function warmUpReport(
  transactions: readonly RecordedTransaction[],
  stopped: () => boolean,
): Promise<void> {
  if (transactions.length === 0) return;
  const catalog = await ContractCatalog.fromBuildInfoOutputs([]);
  for (let round = 0; round < ROUNDS && !stopped(); round++) {
    buildSuiteReport(transactions, catalog, BLOCK_GAS_LIMIT);
    renderReportHtml(buildReportPage(transactions, catalog, BLOCK_GAS_LIMIT));
    // Between rounds, a request that came meanwhile is answered first.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
