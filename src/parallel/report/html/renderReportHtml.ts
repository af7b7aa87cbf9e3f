/**
 * Conflict reports as one self-contained HTML page: per section (a block, or a test file's
 * transactions) its figures, its dependency graph, its estimated speedup per thread count, its
 * hot locations and its transactions. Pure: reports in, a string out; the devnet serves it and the
 * Hardhat plugin writes it to disk.
 */
import type { TxIndex } from "../../types.js";
import type { BlockReport, ReportLocation } from "../BlockReport.js";
import { dependencyGraphSvg } from "./dependencyGraphSvg.js";
import { DEPENDENCY_KINDS, dependencyKindOf, styleOfKind } from "./dependencyKinds.js";
import { escapeHtml, htmlPage } from "./htmlPage.js";
import { locationName, type ReportSection } from "./ReportSection.js";
import { speedupChartSvg } from "./speedupChartSvg.js";

export interface ReportPage {
  title: string;
  /** A paragraph under the title. */
  lead?: string;
  /** Links above the title (back to a list of blocks). */
  links?: readonly { href: string; text: string }[];
  sections: readonly ReportSection[];
}

/** Transactions listed in a section's table; a larger block keeps its graph and figures. */
const TABLE_ROWS = 1000;

/**
 * The page, ready to serve or write.
 * @example
 * const report = await reportMinedBlock(devnet, devnet.head);
 * const html = renderReportHtml({ title: `Block ${report.number}`, sections: [{ title: "Block", report }] });
 */
export function renderReportHtml(page: ReportPage): string {
  const links = (page.links ?? [])
    .map((link) => `<a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a>`)
    .join(" · ");
  const body = [
    links === "" ? "" : `<nav>${links}</nav>`,
    `<h1>${escapeHtml(page.title)}</h1>`,
    page.lead === undefined ? "" : `<p class="lead">${escapeHtml(page.lead)}</p>`,
    page.sections.length > 1 ? contents(page.sections) : "",
    ...page.sections.map((s, i) => section(s, i, s.title !== page.title)),
  ].join("\n");
  return htmlPage({ title: page.title, body });
}

function contents(sections: readonly ReportSection[]): string {
  const rows = sections.map((s, i) => {
    const r = s.report;
    return (
      `<tr><td><a href="#section-${i}">${escapeHtml(s.title)}</a></td><td class="num">${r.transactions.length}</td>` +
      `<td class="num">${r.dependentTransactions}</td><td class="num">${r.estimatedSpeedup[2].toFixed(2)}×</td>` +
      `<td class="num">${r.estimatedSpeedup.unbounded.toFixed(2)}×</td></tr>`
    );
  });
  return (
    `<table class="contents" style="max-width:760px;margin-bottom:24px"><thead><tr><th></th>` +
    `<th class="num">transactions</th><th class="num">waiting</th><th class="num">2 threads</th>` +
    `<th class="num">unbounded</th></tr></thead><tbody>${rows.join("")}</tbody></table>`
  );
}

function section(s: ReportSection, index: number, heading: boolean): string {
  const r = s.report;
  return `<section class="block" id="section-${index}">
${heading ? `<h2>${escapeHtml(s.title)}</h2>` : ""}
${s.subtitle === undefined ? "" : `<p class="lead" style="margin-bottom:6px">${escapeHtml(s.subtitle)}</p>`}
${facts(r)}
${[...(r.fellBack === undefined ? [] : [`ran sequentially: ${r.fellBack}`]), ...(r.warnings ?? [])]
  .map((w) => `<p class="warn">${escapeHtml(w)}</p>`)
  .join("")}
${dependencyGraphSvg(s)}
${legend(r)}
<div class="panels">
<div><h3>Estimated speedup</h3>${speedupChartSvg(r)}</div>
<div><h3>Hot locations</h3>${hotTable(s)}</div>
</div>
${transactionTable(s)}
</section>`;
}

function facts(r: BlockReport): string {
  const share = r.totalGas > 0 ? Math.round((100 * r.criticalPath.gas) / r.totalGas) : 0;
  const items = [
    `<b>${r.transactions.length}</b> transactions`,
    `<b>${r.totalGas.toLocaleString("en-US")}</b> gas`,
    `<b>${r.dependentTransactions}</b> wait for an earlier one`,
    `critical path <b>${r.criticalPath.transactions.length}</b> transactions, <b>${share}%</b> of the gas`,
  ];
  if (r.measuredSpeedup !== undefined) {
    items.push(
      `measured <b>${r.measuredSpeedup}×</b>${r.threads === undefined ? "" : ` on ${r.threads} threads`}`,
    );
  }
  if (r.reExecutions !== undefined && r.reExecutions > 0)
    items.push(`<b>${r.reExecutions}</b> re-executions`);
  return `<ul class="facts">${items.map((item) => `<li>${item}</li>`).join("")}</ul>`;
}

/** The kinds this report has, then the critical path. */
function legend(r: BlockReport): string {
  const present = new Set(r.transactions.flatMap((tx) => tx.conflicts.map(dependencyKindOf)));
  const kinds = [
    ...DEPENDENCY_KINDS.filter((style) => present.has(style.kind)),
    ...[...present].filter((kind) => !DEPENDENCY_KINDS.some((s) => s.kind === kind)).map(styleOfKind),
  ];
  const items = kinds.map(
    (style) => `<span><i style="border-color:${style.colour}"></i>${style.description}</span>`,
  );
  if (r.criticalPath.transactions.length > 1) {
    items.push(`<span><i class="path" style="border-color:var(--accent)"></i>critical path</span>`);
  }
  items.push(
    `<span>arcs run from a transaction to a later one that waits for it; hover a transaction</span>`,
  );
  return `<div class="legend">${items.join("")}</div>`;
}

function hotTable(s: ReportSection): string {
  const hot = s.report.hotLocations;
  if (hot.length === 0) return `<p class="empty">No transaction waits for another.</p>`;
  const rows = hot.map(({ location, transactions }) => {
    const first = firstWaitOn(s.report, location);
    const kind = first === undefined ? location.kind : dependencyKindOf(first.conflict);
    const name = locationName(s, location, first?.tx ?? 0);
    return (
      `<tr><td><span class="kind" style="background:${styleOfKind(kind).colour}"></span>` +
      `<span class="mono">${escapeHtml(name)}</span></td><td class="num">${transactions}</td></tr>`
    );
  });
  return `<table><thead><tr><th>location</th><th class="num">transactions waiting</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function firstWaitOn(r: BlockReport, location: ReportLocation) {
  for (const tx of r.transactions) {
    const conflict = tx.conflicts.find(
      (c) =>
        c.location.address === location.address &&
        c.location.kind === location.kind &&
        c.location.slot === location.slot,
    );
    if (conflict !== undefined) return { tx: tx.index as TxIndex, conflict };
  }
  return undefined;
}

function transactionTable(s: ReportSection): string {
  const txs = s.report.transactions;
  if (txs.length === 0) return "";
  const rows = txs.slice(0, TABLE_ROWS).map((tx, i) => {
    const label = s.transactions?.[i]?.label;
    const waits = tx.conflicts.map(
      (c) =>
        `<span class="kind" style="background:${styleOfKind(dependencyKindOf(c)).colour}"></span>#${c.tx} ` +
        `<span class="mono">${escapeHtml(locationName(s, c.location, i))}</span>`,
    );
    return (
      `<tr><td class="num">${i}</td><td>${escapeHtml(label ?? "")}</td><td class="mono" title="${escapeHtml(tx.hash)}">` +
      `${escapeHtml(`${tx.hash.slice(0, 10)}…`)}</td><td class="num">${tx.gas.toLocaleString("en-US")}</td>` +
      `<td>${waits.join("<br>")}</td></tr>`
    );
  });
  const more = txs.length > TABLE_ROWS ? `<p class="empty">and ${txs.length - TABLE_ROWS} more</p>` : "";
  return (
    `<details><summary>Transactions (${txs.length})</summary><table><thead><tr><th class="num">#</th>` +
    `<th></th><th>hash</th><th class="num">gas</th><th>waits for</th></tr></thead><tbody>${rows.join("")}` +
    `</tbody></table>${more}</details>`
  );
}
