import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { staleBuiltModules } from "../../src/parallel/staleBuiltModules.js";

let root: string | undefined;

afterEach(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
});

/** src/worker.ts imports ./engine/run.js, which imports ../state.js; rpc.ts is imported by none. */
function project(): { src: string; dist: string; entry: string } {
  root = mkdtempSync(join(tmpdir(), "stale-build-"));
  const src = join(root, "src");
  const dist = join(root, "dist");
  const files: Record<string, string> = {
    "worker.ts": 'import { run } from "./engine/run.js";\nimport type { T } from "./types.js";\n',
    "engine/run.ts": 'import "../state.js";\nexport const run = 1;\n',
    "state.ts": "export {};\n",
    "types.ts": "export type T = 1;\n",
    "rpc.ts": "export {};\n",
  };
  for (const [path, text] of Object.entries(files)) {
    for (const [dir, name, content] of [
      [src, path, text],
      [dist, path.replace(/\.ts$/, ".js"), ""],
    ] as const) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), content);
      utimesSync(join(dir, name), 1_000, dir === src ? 1_000 : 2_000);
    }
  }
  return { src, dist, entry: join(src, "worker.ts") };
}

describe("staleBuiltModules", () => {
  it("finds nothing when every output is newer than its source", () => {
    const { src, dist, entry } = project();
    expect(staleBuiltModules(entry, src, dist)).toEqual([]);
  });

  it("finds a source the entry imports through another, newer than its output", () => {
    const { src, dist, entry } = project();
    utimesSync(join(src, "state.ts"), 3_000, 3_000);
    expect(staleBuiltModules(entry, src, dist)).toEqual(["state.ts"]);
  });

  it("ignores sources the entry does not import", () => {
    const { src, dist, entry } = project();
    utimesSync(join(src, "rpc.ts"), 3_000, 3_000);
    expect(staleBuiltModules(entry, src, dist)).toEqual([]);
  });

  it("finds a missing output", () => {
    const { src, dist, entry } = project();
    rmSync(join(dist, "engine", "run.js"));
    expect(staleBuiltModules(entry, src, dist)).toEqual(["engine/run.ts"]);
  });
});
