// node callers.mjs PROFILE URLPART : stacks (outermost project/package frames) leading to frames whose url includes URLPART
import { readFileSync } from "node:fs";
const [file, part] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(p.nodes.map((x) => [x.id, x]));
const parent = new Map();
for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const self = new Map();
for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
const stacks = new Map();
for (const [id, ms] of self) {
  let cur = id, hit = false; const chain = [];
  while (cur !== undefined) { const x = byId.get(cur); if (x.callFrame.url.includes(part)) hit = true; if (x.callFrame.url && !x.callFrame.url.startsWith("node:") && !x.callFrame.url.includes(part) && !x.callFrame.url.includes("tsx/")) chain.push(`${x.callFrame.functionName||"(anon)"}@${x.callFrame.url.replace(/.*node_modules\//,"").replace(/.*\/work\/main\//,"")}:${x.callFrame.lineNumber}`); cur = parent.get(cur); }
  if (!hit) continue;
  const key = chain.slice(0, 6).join(" < ");
  stacks.set(key, (stacks.get(key) ?? 0) + ms);
}
[...stacks].sort((a,b)=>b[1]-a[1]).slice(0,8).forEach(([k,v])=>console.log(v.toFixed(0), k));
