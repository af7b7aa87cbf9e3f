/**
 * A block's dependency graph as an arc diagram: the transactions on one line in block order, each
 * dependency an arc above the line from the earlier transaction to the one that waits for it,
 * coloured by its kind; the critical path underlaid in amber. Block order is the order Block-STM
 * commits in, so keeping it on one axis shows what a graph layout would hide: how far back each
 * wait reaches, and the runs of transactions that wait on nothing.
 *
 * Two transactions get one arc, in the colour of their most telling kind of dependency (storage
 * before balance before creation before sender order); its tooltip names every kind and location.
 * One arc per kind would triple the arcs of a plain contract call (its contract's code, nonce and
 * balance all come from the creation) and bury the storage arcs that matter. Node area follows
 * gas.
 */
import { groupThousands } from "../groupThousands.js";
import { DEPENDENCY_KINDS, dependencyKinds, mainKind, styleOfKind } from "./dependencyKinds.js";
import { shortHex } from "./formatLocation.js";
import { escapeHtml } from "./htmlPage.js";
import { locationName, type ReportSection } from "./ReportSection.js";

const PAD = 28;
const MAX_ARC = 190;
const LABEL_CHARS = 26;
/** Width of one character of the labels' 10.5px font, near enough to size the picture. */
const CHAR_WIDTH = 6.2;
const LABEL_SLANT = 40;
/**
 * Past this many arcs of creation or sender order, those start hidden (their legend entry turns
 * them on): a fan of a thousand arcs from one deployment hides every other arc.
 */
const CROWDED = 150;

interface Edge {
  from: number;
  to: number;
  /** The colour's kind. */
  kind: string;
  /** Every kind, with the locations named. */
  kinds: Map<string, string[]>;
}

/**
 * The `<svg>` of one section's dependency graph and its legend (a switch per kind), or a line
 * saying there is nothing to draw.
 * Every node is a `.tx` element with `data-tx`; every pair of dependent transactions a `.dep`
 * with `data-from`, `data-to`, `data-kind` (its colour's) and `data-kinds` (all, space-separated).
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
  const arcHeight = (edge: Pick<Edge, "from" | "to">) =>
    Math.min(MAX_ARC, ((edge.to - edge.from) * spacing) / 2);
  const tallest = Math.max(0, ...edges.map(arcHeight));
  const baseline = Math.max(40, tallest + 22);
  const width = Math.ceil(x(txs.length - 1) + PAD + (labels ? labelReach : 0));
  const height = Math.ceil(baseline + 30 + (labels ? labelDrop + 6 : 0));
  const arc = (edge: Pick<Edge, "from" | "to">) => {
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
    parts.push(`<path class="critical" d="${arc({ from, to })}"/>`);
  }
  const counts = new Map<string, number>();
  for (const edge of edges) counts.set(edge.kind, (counts.get(edge.kind) ?? 0) + 1);
  const hidden = new Set(
    [...counts].filter(([kind, n]) => (kind === "code" || kind === "sender") && n > CROWDED).map(([k]) => k),
  );
  for (const edge of [...edges].sort((a, b) => drawOrder(a) - drawOrder(b))) {
    const title = [
      `#${edge.to} waits for #${edge.from}`,
      ...[...edge.kinds].map(([kind, names]) => `  ${styleOfKind(kind).description}: ${names.join(", ")}`),
    ].join("\n");
    parts.push(
      `<path class="dep" data-from="${edge.from}" data-to="${edge.to}" data-kind="${escapeHtml(edge.kind)}" ` +
        `data-kinds="${escapeHtml([...edge.kinds.keys()].join(" "))}" stroke="${styleOfKind(edge.kind).colour}" ` +
        `${hidden.has(edge.kind) ? 'style="display:none" ' : ""}d="${arc(edge)}"><title>${escapeHtml(title)}</title></path>`,
    );
  }
  txs.forEach((tx, i) => {
    const classes = ["tx"];
    if (tx.conflicts.length > 0) classes.push("waits");
    if (onPath.has(i)) classes.push("on-path");
    const label = section.transactions?.[i];
    const kinds = dependencyKinds(tx);
    const waits = tx.conflicts.map(
      (c, k) =>
        `  #${c.tx} ${styleOfKind(kinds[k] ?? "").description}: ${locationName(section, c.location, i)}`,
    );
    const title = [
      `#${i}${label === undefined ? "" : ` ${label.label}`}`,
      tx.hash,
      `${groupThousands(tx.gas)} gas${tx.incarnations > 1 ? `, ${tx.incarnations} executions` : ""}`,
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
    `${parts.join("\n")}</svg></div>${legend(counts, hidden, onPath.size > 0)}`
  );
}

/** A switch per kind drawn (with its count), then the critical path. */
function legend(counts: Map<string, number>, hidden: Set<string>, criticalPath: boolean): string {
  const kinds = [
    ...DEPENDENCY_KINDS.map((style) => style.kind).filter((kind) => counts.has(kind)),
    ...[...counts.keys()].filter((kind) => !DEPENDENCY_KINDS.some((style) => style.kind === kind)),
  ];
  const items = kinds.map((kind) => {
    const style = styleOfKind(kind);
    return (
      `<label><input type="checkbox" data-kind="${escapeHtml(kind)}"${hidden.has(kind) ? "" : " checked"}>` +
      `<i style="border-color:${style.colour}"></i>${escapeHtml(style.description)} (${counts.get(kind)})</label>`
    );
  });
  if (criticalPath)
    items.push(`<span><i class="path" style="border-color:var(--accent)"></i>critical path</span>`);
  items.push(
    `<span>arcs run from a transaction to a later one that waits for it; hover a transaction</span>`,
  );
  return `<div class="legend">${items.join("")}</div>`;
}

/** The section's dependencies, one per pair of transactions, with the locations named. */
function edgesOf(section: ReportSection): Edge[] {
  const edges = new Map<string, Edge>();
  section.report.transactions.forEach((tx, to) => {
    const kinds = dependencyKinds(tx);
    tx.conflicts.forEach((conflict, k) => {
      const key = `${conflict.tx}:${to}`;
      let edge = edges.get(key);
      if (edge === undefined) {
        edge = { from: conflict.tx, to, kind: "", kinds: new Map() };
        edges.set(key, edge);
      }
      const kind = kinds[k] ?? "";
      const names = edge.kinds.get(kind) ?? [];
      const name = locationName(section, conflict.location, to);
      if (!names.includes(name)) names.push(name);
      edge.kinds.set(kind, names);
    });
  });
  for (const edge of edges.values()) edge.kind = mainKind(edge.kinds.keys());
  return [...edges.values()];
}

/** Sender order under everything else: it is the dependency a contract can do least about. */
function drawOrder(edge: Edge): number {
  return edge.kind === "sender" ? 0 : edge.kind === "code" ? 1 : 2;
}
function clip(text: string, chars: number): string {
  if (text.length <= chars) return text;
  return text.startsWith("0x") && !text.includes(" ") ? shortHex(text) : `${text.slice(0, chars - 1)}…`;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
