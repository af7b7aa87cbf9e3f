/**
 * The layer rule: `cli → rpc → devnet → parallel → execution → state → crypto`, each layer
 * importing only from itself and the layers to its right (`errors` is a leaf anyone may use).
 * The engine knows a state view, not a chain; the chain knows no transport. This test reads
 * every import in `src/` and fails on one that points up the list.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

/** Lowest first: a layer may import its own and lower ones. */
const LAYERS = ["crypto", "state", "execution", "parallel", "devnet", "rpc", "cli"] as const;
/** Leaves anyone may import; they import no other layer. */
const LEAVES = ["errors"];
/** The package's entry points sit above every layer: the main one, and its one-file build's. */
const ENTRIES = ["index", "bundle"];

/** A path's first segment: its layer's folder, or the file of an entry point. */
function layerOf(path: string): string {
  return path.split("/")[0] ?? "";
}

function rank(layer: string): number {
  if (ENTRIES.includes(layer.replace(/\.[jt]s$/, ""))) return LAYERS.length;
  return (LAYERS as readonly string[]).indexOf(layer);
}

/** Every relative module a file names: static and type imports, re-exports, dynamic imports. */
function importsOf(source: string): string[] {
  const specs: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)"(\.{1,2}\/[^"]+)"/gm;
  for (const match of source.matchAll(pattern)) if (match[1] !== undefined) specs.push(match[1]);
  return specs;
}

interface Edge {
  from: string;
  to: string;
}

function edges(): Edge[] {
  const found: Edge[] = [];
  for (const entry of readdirSync(SRC, { recursive: true })) {
    const file = String(entry);
    if (!file.endsWith(".ts")) continue;
    const source = readFileSync(join(SRC, file), "utf8");
    for (const spec of importsOf(source)) {
      const target = normalize(join(dirname(file), spec));
      found.push({ from: file, to: relative(".", target) });
    }
  }
  return found;
}

/** The imports that break the rule, as `from -> to` lines. */
function violations(all: Edge[]): string[] {
  const bad: string[] = [];
  for (const { from, to } of all) {
    if (to.startsWith("..")) {
      // Outside src/: only package metadata (the CLI's --version) and the built worker.
      if (!/^\.\.\/(package\.json|dist\/)/.test(to)) bad.push(`${from} -> ${to}`);
      continue;
    }
    const a = layerOf(from);
    const b = layerOf(to);
    if (a === b) continue;
    if (LEAVES.includes(b)) continue;
    if (LEAVES.includes(a)) {
      bad.push(`${from} -> ${to} (a leaf imports nothing)`);
      continue;
    }
    if (rank(a) < 0 || rank(b) < 0) bad.push(`${from} -> ${to} (not in a known layer)`);
    else if (rank(b) > rank(a)) bad.push(`${from} -> ${to} (${a} may not import ${b})`);
  }
  return bad;
}

describe("layers", () => {
  const all = edges();

  it("finds the imports it checks", () => {
    // A pattern that stopped matching would make the rule pass vacuously.
    expect(all.length).toBeGreaterThan(500);
    expect(all).toContainEqual({ from: "parallel/BlockRun.ts", to: "parallel/Scheduler.js" });
    expect(importsOf('import type { A } from "../x.js";\nconst m = await import("./y.js");')).toEqual([
      "../x.js",
      "./y.js",
    ]);
  });

  it("no import points up the layers", () => {
    expect(violations(all)).toEqual([]);
  });

  it("the rule catches an engine file that imports the chain", () => {
    const upward = [{ from: "parallel/ParallelExecutor.ts", to: "devnet/Devnet.js" }];
    expect(violations(upward)).toEqual([
      "parallel/ParallelExecutor.ts -> devnet/Devnet.js (parallel may not import devnet)",
    ]);
  });
});
