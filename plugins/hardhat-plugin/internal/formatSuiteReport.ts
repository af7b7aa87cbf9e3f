import type { SuiteEstimate, SuiteReport } from "./buildSuiteReport.js";

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
      ["function", "calls", "conflicted", "hot locations"],
      report.functions.map((f) => [
        `${f.contract}.${f.function}`,
        String(f.calls),
        String(f.conflicted),
        f.hotLocations.map((h) => `${h.location} (${h.calls})`).join(", ") || "-",
      ]),
    ),
  );
  lines.push(
    "",
    `2. Estimated speedup (transactions packed in order into ${report.blockGasLimit.toLocaleString("en-US")}-gas blocks)`,
  );
  const shown = [2, 4, 8, 16].includes(threads) ? threads : 8;
  const row = (name: string, e: SuiteEstimate) => [
    name,
    String(e.transactions),
    String(e.blocks),
    ...([2, 4, 8, 16] as const).map((p) => `${e.estimatedSpeedup[p].toFixed(2)}x`),
    `${e.estimatedSpeedup.unbounded.toFixed(2)}x`,
  ];
  lines.push(
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
    `   suite: ${report.suite.estimatedSpeedup[shown as 2 | 4 | 8 | 16].toFixed(2)}x on ${shown} threads; JSON: ${jsonPath}`,
    "",
  );
  return lines.join("\n");
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `   ${cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")}`.trimEnd();
  return [line(header), `   ${widths.map((w) => "-".repeat(w)).join("  ")}`, ...rows.map(line)];
}
