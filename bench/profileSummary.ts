/**
 * Summarizes a .cpuprofile (from `--cpu-profile DIR` or `node --cpu-prof`): the functions with
 * the most self time, and the time per source file.
 *
 *   node bench/profileSummary.ts FILE.cpuprofile [--top N]
 */
import { readFileSync } from "node:fs";
import { printTable } from "./table.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  location: string;
  ms: number;
  share: number;
}

/** Self time per function (summed over every node of the same function and place). */
export function summarize(profile: CpuProfile): {
  totalMs: number;
  functions: SelfTime[];
  files: SelfTime[];
} {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time before sample i; attribute the next delta to this sample.
    const us = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + us);
  });
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const functions = new Map<string, SelfTime>();
  const files = new Map<string, SelfTime>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const file = shortUrl(frame.url);
    const name = frame.functionName === "" ? "(anonymous)" : frame.functionName;
    const location = file === "" ? "" : `${file}:${frame.lineNumber + 1}`;
    const key = `${name}@${location}`;
    const entry = functions.get(key) ?? { name, location, ms: 0, share: 0 };
    entry.ms += us / 1000;
    functions.set(key, entry);
    const fileKey = file === "" ? name : file;
    const fileEntry = files.get(fileKey) ?? { name: fileKey, location: "", ms: 0, share: 0 };
    fileEntry.ms += us / 1000;
    files.set(fileKey, fileEntry);
  }
  const sorted = (m: Map<string, SelfTime>) =>
    [...m.values()]
      .map((e) => ({ ...e, share: totalUs === 0 ? 0 : (e.ms * 1000) / totalUs }))
      .sort((a, b) => b.ms - a.ms);
  return { totalMs: totalUs / 1000, functions: sorted(functions), files: sorted(files) };
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, "");
  const nodeModules = path.lastIndexOf("node_modules/");
  if (nodeModules >= 0) return path.slice(nodeModules + "node_modules/".length);
  const repo = path.search(/\/(dist|src|bench)\//);
  return repo >= 0 ? path.slice(repo + 1) : path;
}

function main(argv: string[]): void {
  const file = argv.find((a) => !a.startsWith("--"));
  if (file === undefined) {
    console.error("usage: node bench/profileSummary.ts FILE.cpuprofile [--top N]");
    process.exit(2);
  }
  const topIndex = argv.indexOf("--top");
  const top = topIndex >= 0 ? Number(argv[topIndex + 1]) : 25;
  const { totalMs, functions, files } = summarize(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
  const columns = [
    { header: "self ms", decimals: 1 },
    { header: "share" },
    { header: "function" },
    { header: "where" },
  ];
  printTable(
    `${file}: ${totalMs.toFixed(0)} ms sampled; top ${top} functions by self time`,
    columns,
    functions.slice(0, top).map((f) => [f.ms, `${(f.share * 100).toFixed(1)}%`, f.name, f.location]),
  );
  printTable(
    "by file",
    [{ header: "self ms", decimals: 1 }, { header: "share" }, { header: "file" }],
    files.slice(0, 15).map((f) => [f.ms, `${(f.share * 100).toFixed(1)}%`, f.name]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main(process.argv.slice(2));
