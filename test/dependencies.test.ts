/**
 * package.json's runtime dependencies are exactly the packages src/ and bin/ load: one that
 * nothing loads would be installed by every user for nothing, one missing would fail them at
 * run time. Tests, benchmarks and examples use devDependencies.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The package a bare specifier names: "@ethereumjs/util", "micro-eth-signer/kzg.js" → "micro-eth-signer". */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

/** Every package the files under `dir` load: imports, re-exports, dynamic imports, require. */
function packagesLoadedBy(dir: string): Set<string> {
  const found = new Set<string>();
  // Top-level import and export statements (up to their semicolon), dynamic imports, require.
  const pattern =
    /(?:^(?:import|export)\s[^;]*?\sfrom\s*|^import\s*|\bimport\(\s*|\brequire\(\s*)"([^".][^"]*)"/gm;
  for (const entry of readdirSync(join(ROOT, dir), { recursive: true })) {
    const file = String(entry);
    if (!/\.(ts|js)$/.test(file)) continue;
    for (const [, specifier] of readFileSync(join(ROOT, dir, file), "utf8").matchAll(pattern)) {
      if (specifier !== undefined && !specifier.startsWith("node:")) found.add(packageOf(specifier));
    }
  }
  return found;
}

describe("runtime dependencies", () => {
  it("are the packages src/ and bin/ load, no more, no fewer", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const loaded = new Set([...packagesLoadedBy("src"), ...packagesLoadedBy("bin")]);
    expect([...loaded].sort()).toEqual(Object.keys(pkg.dependencies).sort());
  });
});
