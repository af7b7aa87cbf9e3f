// node inclusive.mjs PROFILE FILTER N : functions by inclusive ms whose url includes FILTER
import { readFileSync } from "node:fs";
const [file, filter = "", n = "30", from = "0", to = "1e12"] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(p.nodes.map((x) => [x.id, x]));
const self = new Map();
let t = p.startTime;
for (let i = 0; i < p.samples.length; i++) {
  t += p.timeDeltas[i];
  const rel = (t - p.startTime) / 1000;
  if (rel < Number(from) || rel > Number(to)) continue;
  const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
  self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
}
const parent = new Map();
for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const incl = new Map();
for (const [id, ms] of self) {
  const seen = new Set();
  let cur = id;
  while (cur !== undefined) {
    const x = byId.get(cur);
    const key = `${x.callFrame.functionName || "(anon)"} ${x.callFrame.url.replace(/.*node_modules\//, "")}:${x.callFrame.lineNumber}`;
    if (!seen.has(key)) { seen.add(key); incl.set(key, (incl.get(key) ?? 0) + ms); }
    cur = parent.get(cur);
  }
}
[...incl].filter(([k]) => k.includes(filter)).sort((a, b) => b[1] - a[1]).slice(0, Number(n)).forEach(([k, v]) => console.log(v.toFixed(0).padStart(7), k));
