// node timeline.mjs PROFILE BUCKETMS [T0] : per bucket, ms in categories
import { readFileSync } from "node:fs";
const [file, bucketArg = "250", t0Arg] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(p.nodes.map((x) => [x.id, x]));
const parent = new Map();
for (const x of p.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const catOf = new Map();
const cat = (id) => {
  if (catOf.has(id)) return catOf.get(id);
  let cur = id, c = "other";
  const names = [];
  while (cur !== undefined) { const f = byId.get(cur).callFrame; names.push(`${f.functionName} ${f.url}`); cur = parent.get(cur); }
  const s = names.join("|");
  if (s.startsWith("(idle)")) c = "idle";
  else if (s.startsWith("(garbage")) c = "gc";
  else if (/esm\/loader|cjs\/loader|module_job/.test(s)) c = "modules";
  else if (/renderReport|buildSuiteReport|buildReportPage/.test(s)) c = "report";
  else if (/estimateGas/.test(s)) c = "estimate";
  else if (/eth_call|MessageCalls/.test(s)) c = "call";
  else if (/buildBlock|Miner|mine/.test(s)) c = "mine";
  else if (/createDevnet|ConnectionDevnet.*open|Devnet.js/.test(s)) c = "devnet";
  catOf.set(id, c); return c;
};
const bucket = Number(bucketArg); const t0 = t0Arg ? Number(t0Arg) : p.startTime;
let t = p.startTime; const rows = new Map();
for (let i = 0; i < p.samples.length; i++) { t += p.timeDeltas[i]; const b = Math.floor((t - t0) / 1000 / bucket); const r = rows.get(b) ?? {}; const c = cat(p.samples[i]); r[c] = (r[c] ?? 0) + (p.timeDeltas[i+1] ?? 0) / 1000; rows.set(b, r); }
for (const [b, r] of [...rows].sort((a, b) => a[0] - b[0])) console.log(String(b * bucket).padStart(6), Object.entries(r).sort((a,b)=>b[1]-a[1]).map(([k, v]) => `${k}:${v.toFixed(0)}`).join(" "));
