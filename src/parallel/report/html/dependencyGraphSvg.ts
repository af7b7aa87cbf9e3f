/**
 * A block's dependency graph as an arc diagram: the transactions on one line in block order, each
 * dependency an arc above the line from the earlier transaction to the one that waits for it,
 * coloured by its kind; the critical path underlaid in amber. Block order is the order Block-STM
 * commits in, so keeping it on one axis shows what a graph layout would hide: how far back each
 * wait reaches, and the runs of transactions that wait on nothing.
 *
 * Two transactions with several kinds of dependency get one arc per kind, nested; several
 * locations of one kind share an arc (its tooltip names them). Node area follows gas.
 */
import { dependencyKindOf, styleOfKind } from "./dependencyKinds.js";
import { shortHex } from "./formatLocation.js";
import { escapeHtml } from "./htmlPage.js";
import { locationName, type ReportSection } from "./ReportSection.js";

const PAD = 28;
const MAX_ARC = 190;
const LABEL_CHARS = 26;
/** Width of one character of the labels' 10.5px font, near enough to size the picture. */
const CHAR_WIDTH = 6.2;
const LABEL_SLANT = 40;

interface Edge {
  from: number;
  to: number;
  kind: string;
  /** Nesting among the arcs between the same two transactions. */
  rank: number;
  names: string[];
}

/**
 * The `<svg>` of one section's dependency graph, or a line saying there is nothing to draw.
 * Every node is a `.tx` element with `data-tx`; every dependency a `.dep` with `data-from`,
 * `data-to` and `data-kind`.
 */
export function dependencyGraphSvg(section: ReportSection): string {
  const { report } = section;
  const txs = report.transactions;
  if (txs.length === 0) return `<p class="empty">No transactions.</p>`;

  const edges = edgesOf(section);
  const spacing = Math.max(10, Math.min(64, Math.round(1100 / txs.length)));
  const labels = spacing >= 14 && section.transactions?.some((t) => t !== undefined) === true;
  const labelOf = (i: number) => clip(section.transactions?.[i]?.label ?? "", LABEL_CHARS);
  const longest = labels ? Math.max(...txs.map((_, i) => labelOf(i).length)) : 0;
  const slant = (LABEL_SLANT * Math.PI) / 180;
  const labelDrop = longest * CHAR_WIDTH * Math.sin(slant);
  const labelReach = longest * CHAR_WIDTH * Math.cos(slant);

  const x = (i: number) => PAD + i * spacing;
  const arcHeight = (edge: Pick<Edge, "from" | "to" | "rank">) => {
    const span = (edge.to - edge.from) * spacing;
    return Math.min(MAX_ARC, span / 2) * (1 + 0.22 * edge.rank) + 3 * edge.rank;
  };
  const tallest = Math.max(0, ...edges.map(arcHeight));
  const baseline = Math.max(34, tallest + 16);
  const width = Math.ceil(x(txs.length - 1) + PAD + (labels ? labelReach : 0));
  const height = Math.ceil(baseline + 30 + (labels ? labelDrop + 6 : 0));
  const arc = (edge: Pick<Edge, "from" | "to" | "rank">) => {
    const x1 = x(edge.from);
    const x2 = x(edge.to);
    return `M${x1} ${baseline}A${(x2 - x1) / 2} ${round1(arcHeight(edge))} 0 0 1 ${x2} ${baseline}`;
  };

  const maxGas = Math.max(1, ...txs.map((tx) => tx.gas));
  const radius = (gas: number) => Math.min(spacing * 0.42, 2.5 + 5.5 * Math.sqrt(gas / maxGas));
  const path = report.criticalPath.transactions;
  const onPath = new Set(path.length > 1 ? path : []);
  const indexEvery = Math.ceil(24 / spacing);

  const parts: string[] = [];
  parts.push(`<line class="axis" x1="${x(0)}" y1="${baseline}" x2="${x(txs.length - 1)}" y2="${baseline}"/>`);
  for (let k = 1; k < path.length; k++) {
    const from = path[k - 1] as number;
    const to = path[k] as number;
    parts.push(`<path class="critical" d="${arc({ from, to, rank: 0 })}"/>`);
  }
  for (const edge of [...edges].sort((a, b) => drawOrder(a) - drawOrder(b))) {
    const style = styleOfKind(edge.kind);
    const title = `#${edge.from} → #${edge.to} · ${style.description}: ${edge.names.join(", ")}`;
    parts.push(
      `<path class="dep" data-from="${edge.from}" data-to="${edge.to}" data-kind="${escapeHtml(edge.kind)}" ` +
        `stroke="${style.colour}" d="${arc(edge)}"><title>${escapeHtml(title)}</title></path>`,
    );
  }
  txs.forEach((tx, i) => {
    const classes = ["tx"];
    if (tx.conflicts.length > 0) classes.push("waits");
    if (onPath.has(i)) classes.push("on-path");
    const label = section.transactions?.[i];
    const waits = tx.conflicts.map(
      (c) =>
        `  #${c.tx} ${styleOfKind(dependencyKindOf(c)).description}: ${locationName(section, c.location, i)}`,
    );
    const title = [
      `#${i}${label === undefined ? "" : ` ${label.label}`}`,
      tx.hash,
      `${tx.gas.toLocaleString("en-US")} gas${tx.incarnations > 1 ? `, ${tx.incarnations} executions` : ""}`,
      ...(label?.detail === undefined ? [] : [label.detail]),
      ...(waits.length === 0 ? ["waits for no earlier transaction"] : ["waits for:", ...waits]),
    ].join("\n");
    const cx = x(i);
    const text: string[] = [];
    if (i % indexEvery === 0) {
      text.push(`<text x="${cx}" y="${baseline + 20}" text-anchor="middle">${i}</text>`);
    }
    if (labels && labelOf(i) !== "") {
      const ty = baseline + 32;
      text.push(
        `<text class="label" x="${cx}" y="${ty}" transform="rotate(${LABEL_SLANT} ${cx} ${ty})">${escapeHtml(labelOf(i))}</text>`,
      );
    }
    parts.push(
      `<g class="${classes.join(" ")}" data-tx="${i}"><title>${escapeHtml(title)}</title>` +
        `<circle cx="${cx}" cy="${baseline}" r="${round1(radius(tx.gas))}"/>${text.join("")}</g>`,
    );
  });

  const summary = `${txs.length} transactions, ${edges.length} dependencies`;
  return (
    `<div class="graph-box"><svg class="graph" width="${width}" ` +
    `height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${summary}">` +
    `${parts.join("\n")}</svg></div>`
  );
}

/** The section's dependencies, one per (earlier, later, kind), with the locations named. */
function edgesOf(section: ReportSection): Edge[] {
  const edges = new Map<string, Edge>();
  const kindsPerPair = new Map<string, number>();
  section.report.transactions.forEach((tx, to) => {
    for (const conflict of tx.conflicts) {
      const kind = dependencyKindOf(conflict);
      const key = `${conflict.tx}:${to}:${kind}`;
      let edge = edges.get(key);
      if (edge === undefined) {
        const pair = `${conflict.tx}:${to}`;
        const rank = kindsPerPair.get(pair) ?? 0;
        kindsPerPair.set(pair, rank + 1);
        edge = { from: conflict.tx, to, kind, rank, names: [] };
        edges.set(key, edge);
      }
      const name = locationName(section, conflict.location, to);
      if (!edge.names.includes(name)) edge.names.push(name);
    }
  });
  return [...edges.values()];
}

/** Sender order under everything else: it is the dependency a contract can do least about. */
function drawOrder(edge: Edge): number {
  return edge.kind === "sender" ? 0 : 1;
}

function clip(text: string, chars: number): string {
  if (text.length <= chars) return text;
  return text.startsWith("0x") && !text.includes(" ") ? shortHex(text) : `${text.slice(0, chars - 1)}…`;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
