import { styleText } from "node:util";
import { formatTable, type TableItem } from "@nomicfoundation/hardhat-utils/format";
import type { FunctionReport, SuiteEstimate, SuiteReport } from "./buildSuiteReport.js";

const THREADS = [2, 4, 8, 16] as const;

/**
 * The report as the terminal shows it after `hardhat test`: tables in the look of Hardhat's own
 * `--gas-stats` report (its table formatter, its title, section and header styles), one per
 * section (a table's columns share their widths), then a line with the suite's figure and where
 * the JSON went.
 */
export function formatSuiteReport(
  report: SuiteReport,
  threads: number,
  jsonPath: string,
  missed = 0,
): string {
  const header = (...cells: string[]): TableItem => ({
    type: "header",
    cells: cells.map((c) => styleText("yellow", c)),
  });
  const items: TableItem[] = [
    { type: "title", text: styleText("bold", "pevm-devnet: Parallel Execution Report") },
    {
      type: "section-header",
      text: styleText(["cyan", "bold"], "Contract functions"),
      subtitle: styleText("cyan", "calls that waited on an earlier transaction, and on what"),
    },
    header("Function", "#calls", "#conflicted", "Hot locations", "Waited apart"),
  ];
  const speedup: TableItem[] = [];
  const whereToLook: TableItem[] = [];
  for (const f of report.functions) {
    items.push({
      type: "row",
      cells: [
        `${f.contract}.${f.function}${f.proxy === undefined ? "" : ` (via ${f.proxy})`}`,
        String(f.calls),
        String(f.conflicted),
        f.hotLocations.map((h) => `${h.location} (${h.calls})`).join(", ") || "-",
        waitedApart(f),
      ],
    });
  }

  speedup.push(
    {
      type: "section-header",
      text: styleText(["cyan", "bold"], "Estimated speedup"),
      subtitle: styleText(
        "cyan",
        `transactions packed in order into ${groupThousands(report.blockGasLimit)}-gas blocks; each: as sent / by the contracts (as if each transaction came from its own sender)`,
      ),
    },
    header("Test file", "#txs", "#blocks", ...THREADS.map((p) => `${p} threads`), "Unbounded"),
  );
  const both = (e: SuiteEstimate, p: 2 | 4 | 8 | 16 | "unbounded") =>
    `${e.estimatedSpeedup[p].toFixed(2)}x / ${e.estimatedSpeedupByContracts[p].toFixed(2)}x`;
  const row = (name: string, e: SuiteEstimate): TableItem => ({
    type: "row",
    cells: [
      name,
      String(e.transactions),
      String(e.blocks),
      ...THREADS.map((p) => both(e, p)),
      both(e, "unbounded"),
    ],
  });
  for (const f of report.files) speedup.push(row(f.file, f));
  speedup.push(row(styleText("bold", "All"), report.suite));

  whereToLook.push({
    type: "section-header",
    text: styleText(["cyan", "bold"], "Where to look"),
    subtitle: styleText("cyan", "the locations that cost the most parallelism"),
  });
  if (report.whereToLook.length === 0) {
    whereToLook.push({ type: "row", cells: ["nothing: no transaction waited on another"] });
  } else {
    whereToLook.push(header("Location", "#txs waiting", "Gas waiting"));
    for (const cost of report.whereToLook) {
      whereToLook.push({
        type: "row",
        cells: [cost.location, String(cost.transactions), groupThousands(cost.gasWaiting)],
      });
    }
  }

  const shown = (THREADS as readonly number[]).includes(threads) ? (threads as 2 | 4 | 8 | 16) : 8;
  const lines = [
    formatTable(items),
    formatTable(speedup),
    formatTable(whereToLook),
    `Suite: ${styleText("bold", `${report.suite.estimatedSpeedup[shown].toFixed(2)}x`)} as sent, ${styleText("bold", `${report.suite.estimatedSpeedupByContracts[shown].toFixed(2)}x`)} by the contracts on ${shown} threads. JSON: ${jsonPath}`,
  ];
  if (missed > 0) {
    lines.push(styleText("yellow", `${missed} transactions could not be recorded and are not in the report`));
  }
  lines.push("");
  return lines.join("\n");
}

/** "sender 5, setup 1": calls that waited, but not on contention. */
function waitedApart(f: FunctionReport): string {
  const parts = [
    f.senderOrder > 0 ? `sender ${f.senderOrder}` : "",
    f.setup > 0 ? `setup ${f.setup}` : "",
    f.proxyDeployment > 0 ? `proxy ${f.proxyDeployment}` : "",
  ].filter((part) => part !== "");
  return parts.length > 0 ? parts.join(", ") : "-";
}

/**
 * "1,234,567", as `toLocaleString("en-US")` writes it, without loading ICU's number formatting
 * (~20 ms, the first time in a process) after the tests.
 */
function groupThousands(value: number): string {
  return String(Math.trunc(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
