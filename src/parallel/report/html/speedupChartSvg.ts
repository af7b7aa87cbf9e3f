/**
 * The estimated speedup per thread count as horizontal bars, one row per count, one bar per
 * estimate the report has ("as sent"; "by the contracts" where the report gives it). A pale track
 * behind each row reaches the thread count itself, the most that many threads could give.
 */
import { type BlockReport, ESTIMATED_THREADS, type EstimatedSpeedup } from "../BlockReport.js";
import { escapeHtml } from "./htmlPage.js";

const LABEL_WIDTH = 92;
const BAR_AREA = 250;
const BAR = 13;
const ROW_GAP = 10;

interface Series {
  name: string;
  colour: string;
  values: EstimatedSpeedup;
}

/** The chart's `<svg>` and, when it shows more than one estimate, its legend. */
export function speedupChartSvg(report: BlockReport): string {
  const series: Series[] = [{ name: "as sent", colour: "#3b6fb6", values: report.estimatedSpeedup }];
  const byContracts = (report as { estimatedSpeedupByContracts?: EstimatedSpeedup })
    .estimatedSpeedupByContracts;
  if (byContracts !== undefined)
    series.push({ name: "by the contracts", colour: "#2a9d6f", values: byContracts });

  const rows = [...ESTIMATED_THREADS, "unbounded"] as const;
  const top = Math.max(2, ...series.flatMap((s) => rows.map((p) => s.values[p]))) * 1.08;
  const scale = (value: number) => (Math.min(value, top) / top) * BAR_AREA;
  const rowHeight = series.length * BAR + (series.length - 1) * 3;
  const parts: string[] = [];
  rows.forEach((threads, row) => {
    const y = row * (rowHeight + ROW_GAP);
    const name = threads === "unbounded" ? "unbounded" : `${threads} threads`;
    parts.push(`<text x="0" y="${y + rowHeight / 2 + 4}">${name}</text>`);
    if (threads !== "unbounded") {
      parts.push(
        `<rect class="ideal" x="${LABEL_WIDTH}" y="${y}" width="${scale(threads).toFixed(1)}" height="${rowHeight}" rx="3"/>`,
      );
    }
    series.forEach((s, k) => {
      const value = s.values[threads];
      const by = y + k * (BAR + 3);
      const width = Math.max(1, scale(value));
      parts.push(
        `<rect x="${LABEL_WIDTH}" y="${by}" width="${width.toFixed(1)}" height="${BAR}" rx="2" fill="${s.colour}">` +
          `<title>${escapeHtml(`${s.name}, ${name}: ${value}×`)}</title></rect>`,
        `<text class="value" x="${LABEL_WIDTH + BAR_AREA + 8}" y="${by + BAR - 2.5}">${value.toFixed(2)}×</text>`,
      );
    });
  });
  const height = rows.length * (rowHeight + ROW_GAP) - ROW_GAP;
  const width = LABEL_WIDTH + BAR_AREA + 52;
  const legend =
    series.length > 1
      ? `<div class="legend">${series.map((s) => `<span><i style="border-color:${s.colour}"></i>${s.name}</span>`).join("")}</div>`
      : "";
  return `<svg class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="estimated speedup">${parts.join("")}</svg>${legend}`;
}
