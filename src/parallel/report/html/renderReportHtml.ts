/**
 * Conflict reports as one self-contained HTML page: per section (a block, or a test file's
 * transactions) its figures, its dependency graph, its estimated speedup per thread count, its
 * hot locations and its transactions. Pure: reports in, a string out; the devnet serves it and the
 * Hardhat plugin writes it to disk.
 */

import type { TxIndex } from "../../types.js";
import type { BlockReport, ReportLocation } from "../BlockReport.js";
import { groupThousands } from "../groupThousands.js";
import { dependencyGraphSvg } from "./dependencyGraphSvg.js";
import { dependencyKinds, styleOfKind } from "./dependencyKinds.js";
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
<div class="panels">
<div><h3>Estimated speedup</h3>${speedupChartSvg(r)}
<p class="empty">Gas over the makespan of the dependency graph scheduled in block order; the pale track is the thread count.</p></div>
<div><h3>Hot locations</h3>${hotTable(s)}</div>
</div>
${transactionTable(s)}
</section>`;
}

function facts(r: BlockReport): string {
  const share = r.totalGas > 0 ? Math.round((100 * r.criticalPath.gas) / r.totalGas) : 0;
  const items = [
    `<b>${r.transactions.length}</b> transactions`,
    `<b>${groupThousands(r.totalGas)}</b> gas`,
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

/** How many of the hottest locations a section lists. */
const HOT_LOCATIONS = 6;

/**
 * The locations transactions contend on, most waited on first: waits on a creation or on the
 * sender's order are counted apart, since no change to the contended state would remove them.
 */
function hotTable(s: ReportSection): string {
  const hot = new Map<
    string,
    { location: ReportLocation; kind: string; tx: TxIndex; waiting: Set<TxIndex> }
  >();
  let creation = 0;
  let senderOrder = 0;
  for (const tx of s.report.transactions) {
    const kinds = dependencyKinds(tx);
    if (kinds.includes("code")) creation++;
    if (kinds.includes("sender")) senderOrder++;
    tx.conflicts.forEach((c, k) => {
      const kind = kinds[k] ?? "";
      if (kind === "code" || kind === "sender") return;
      const key = `${c.location.kind}:${c.location.address}:${c.location.slot ?? ""}`;
      const entry = hot.get(key) ?? { location: c.location, kind, tx: tx.index, waiting: new Set<TxIndex>() };
      entry.waiting.add(tx.index);
      hot.set(key, entry);
    });
  }
  const count = (n: number) => `${n} transaction${n === 1 ? "" : "s"}`;
  const apartParts = [
    ...(creation > 0 ? [`${count(creation)} on a contract's creation`] : []),
    ...(senderOrder > 0 ? [`${count(senderOrder)} on the same sender's earlier transaction`] : []),
  ];
  const apart = apartParts.length === 0 ? "" : `<p class="empty">Also waiting: ${apartParts.join("; ")}.</p>`;
  if (hot.size === 0) return `<p class="empty">No transaction contends with another.</p>${apart}`;
  const rows = [...hot.values()]
    .sort((a, b) => b.waiting.size - a.waiting.size)
    .slice(0, HOT_LOCATIONS)
    .map(
      (entry) =>
        `<tr><td><span class="kind" style="background:${styleOfKind(entry.kind).colour}"></span>` +
        `<span class="mono">${escapeHtml(locationName(s, entry.location, entry.tx))}</span></td>` +
        `<td class="num">${entry.waiting.size}</td></tr>`,
    );
  return (
    `<table><thead><tr><th>location</th><th class="num">transactions waiting</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>${apart}`
  );
}

function transactionTable(s: ReportSection): string {
  const txs = s.report.transactions;
  if (txs.length === 0) return "";
  const rows = txs.slice(0, TABLE_ROWS).map((tx, i) => {
    const label = s.transactions?.[i]?.label;
    const kinds = dependencyKinds(tx);
    const waits = tx.conflicts.map(
      (c, k) =>
        `<span class="kind" style="background:${styleOfKind(kinds[k] ?? "").colour}"></span>#${c.tx} ` +
        `<span class="mono">${escapeHtml(locationName(s, c.location, i))}</span>`,
    );
    return (
      `<tr><td class="num">${i}</td><td>${escapeHtml(label ?? "")}</td><td class="mono" title="${escapeHtml(tx.hash)}">` +
      `${escapeHtml(`${tx.hash.slice(0, 10)}…`)}</td><td class="num">${groupThousands(tx.gas)}</td>` +
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
