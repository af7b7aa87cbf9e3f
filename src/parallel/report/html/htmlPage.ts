/**
 * The shell of every report page: one self-contained HTML document with its style and its one
 * script inline. Pages are opened from disk (the plugin's `pevm-report.html`) and from a devnet on
 * a machine without network, so nothing may be fetched: no CDN, no web font, no external image.
 */

/** Text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * A complete page around `body` (already HTML).
 * @example
 * htmlPage({ title: "Block 12", body: "<p>…</p>" }); // "<!doctype html>…"
 */
export function htmlPage(page: { title: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${page.body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const STYLE = `
:root { --ink: #1d232b; --muted: #66707c; --line: #e3e6ea; --panel: #f6f7f9; --accent: #e0a100; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0 0 6px; }
h3 { font-size: 13px; margin: 0 0 6px; color: var(--muted); font-weight: 600; text-transform: uppercase;
  letter-spacing: .04em; }
a { color: #1a5fb4; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
.lead { color: var(--muted); margin: 0 0 20px; max-width: 900px; }
nav { margin-bottom: 12px; font-size: 13px; }
section.block { border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; margin: 0 0 24px; }
.facts { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0 12px; padding: 0; list-style: none; }
.facts li { background: var(--panel); border-radius: 6px; padding: 4px 10px; font-size: 13px; }
.facts b { font-variant-numeric: tabular-nums; }
.graph-box { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; background: #fcfcfd; }
svg.graph { display: block; }
svg.graph .dep { fill: none; stroke-width: 2; stroke-opacity: .9; transition: opacity .12s; }
svg.graph .dep[data-kind="code"], svg.graph .dep[data-kind="sender"] { stroke-width: 1.2; stroke-opacity: .5; }
svg.graph .critical { fill: none; stroke: var(--accent); stroke-width: 8; stroke-opacity: .28;
  stroke-linecap: round; }
svg.graph .tx circle { fill: #fff; stroke: #4a5563; stroke-width: 1.4; transition: opacity .12s; }
svg.graph .tx.waits circle { fill: #dfe5ec; }
svg.graph .tx.on-path circle { stroke: var(--accent); stroke-width: 2.6; }
svg.graph .tx { cursor: default; }
svg.graph text { font-size: 10.5px; fill: var(--muted); }
svg.graph text.label { fill: var(--ink); }
svg.graph .axis { stroke: var(--line); }
svg.graph.focus .dep:not(.on), svg.graph.focus .critical { opacity: .07; }
svg.graph.focus .tx:not(.on) circle { opacity: .3; }
svg.graph .dep.on { stroke-width: 2.6; stroke-opacity: 1; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 8px 0 16px; font-size: 12.5px; color: var(--muted); }
.legend span, .legend label { display: inline-flex; align-items: center; gap: 6px; }
.legend input { margin: 0; }
.legend i { display: inline-block; width: 22px; height: 0; border-top: 3px solid; border-radius: 2px; }
.legend i.path { border-top-width: 7px; opacity: .45; }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 24px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
details { margin-top: 16px; }
summary { cursor: pointer; color: var(--muted); }
.kind { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 5px; }
.warn { background: #fff6dd; border: 1px solid #f0d48a; border-radius: 6px; padding: 6px 10px; margin: 8px 0; }
.chart text { font-size: 12px; fill: var(--ink); }
.chart .ideal { fill: #eef0f3; }
.chart .value { font-variant-numeric: tabular-nums; }
.empty { color: var(--muted); font-style: italic; }
`;

// Hovering a transaction brings forward what it waits for and what waits for it.
const SCRIPT = `
for (const svg of document.querySelectorAll("svg.graph")) {
  const edges = [...svg.querySelectorAll(".dep")];
  const nodes = new Map([...svg.querySelectorAll(".tx")].map((n) => [n.dataset.tx, n]));
  const clear = () => {
    svg.classList.remove("focus");
    for (const el of svg.querySelectorAll(".on")) el.classList.remove("on");
  };
  svg.addEventListener("mouseover", (event) => {
    const node = event.target.closest(".tx");
    clear();
    if (!node) return;
    svg.classList.add("focus");
    node.classList.add("on");
    const tx = node.dataset.tx;
    for (const edge of edges) {
      if (edge.dataset.from !== tx && edge.dataset.to !== tx) continue;
      edge.classList.add("on");
      nodes.get(edge.dataset.from)?.classList.add("on");
      nodes.get(edge.dataset.to)?.classList.add("on");
    }
  });
  svg.addEventListener("mouseleave", clear);
  const legend = svg.closest(".graph-box")?.nextElementSibling;
  for (const box of legend?.querySelectorAll("input[data-kind]") ?? []) {
    box.addEventListener("change", () => {
      for (const edge of edges) if (edge.dataset.kind === box.dataset.kind) edge.style.display = box.checked ? "" : "none";
    });
  }
}
`;
