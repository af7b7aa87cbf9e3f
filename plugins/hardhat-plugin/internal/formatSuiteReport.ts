import type { FunctionReport, SuiteEstimate, SuiteReport } from "./buildSuiteReport.js";

/** The report as the terminal shows it after `hardhat test`. */
export function formatSuiteReport(report: SuiteReport, threads: number, jsonPath: string): string {
  const lines: string[] = [
    "",
    "pevm-devnet: conflicts and estimated parallel speedup of this test suite",
    "",
  ];
  lines.push("1. Contract functions");
  lines.push(
    ...table(
      ["function", "calls", "conflicted", "hot locations", "waited apart"],
      report.functions.map((f) => [
        `${f.contract}.${f.function}${f.proxy === undefined ? "" : ` (via ${f.proxy})`}`,
        String(f.calls),
        String(f.conflicted),
        f.hotLocations.map((h) => `${h.location} (${h.calls})`).join(", ") || "-",
        waitedApart(f),
      ]),
      [0, 3, 4],
    ),
  );
  lines.push(
    "",
    `2. Estimated speedup (transactions packed in order into ${report.blockGasLimit.toLocaleString("en-US")}-gas blocks)`,
  );
  const shown = [2, 4, 8, 16].includes(threads) ? threads : 8;
  // Each cell: as sent / by the contracts.
  const both = (e: SuiteEstimate, p: 2 | 4 | 8 | 16 | "unbounded") =>
    `${e.estimatedSpeedup[p].toFixed(2)}x / ${e.estimatedSpeedupByContracts[p].toFixed(2)}x`;
  const row = (name: string, e: SuiteEstimate) => [
    name,
    String(e.transactions),
    String(e.blocks),
    ...([2, 4, 8, 16, "unbounded"] as const).map((p) => both(e, p)),
  ];
  lines.push(
    "   each: as sent / by the contracts (as if each transaction came from its own sender)",
    ...table(
      ["test file", "txs", "blocks", "2 thr", "4 thr", "8 thr", "16 thr", "unbounded"],
      [...report.files.map((f) => row(f.file, f)), row("all", report.suite)],
    ),
  );
  lines.push("", "3. Where to look (the locations that cost the most parallelism)");
  if (report.whereToLook.length === 0) lines.push("   nothing: no transaction waited on another");
  report.whereToLook.forEach((cost, i) => {
    lines.push(
      `   ${i + 1}. ${cost.location}: ${cost.transactions} transactions (${cost.gasWaiting.toLocaleString("en-US")} gas) waited on it`,
    );
  });
  lines.push(
    "",
    `   suite: ${report.suite.estimatedSpeedup[shown as 2 | 4 | 8 | 16].toFixed(2)}x as sent, ${report.suite.estimatedSpeedupByContracts[shown as 2 | 4 | 8 | 16].toFixed(2)}x by the contracts on ${shown} threads; JSON: ${jsonPath}`,
    "",
  );
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

/** Columns of figures right-aligned, the others (`left`, by index) left-aligned. */
function table(header: string[], rows: string[][], left: readonly number[] = [0]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `   ${cells.map((c, i) => (left.includes(i) ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")}`.trimEnd();
  return [line(header), `   ${widths.map((w) => "-".repeat(w)).join("  ")}`, ...rows.map(line)];
}
