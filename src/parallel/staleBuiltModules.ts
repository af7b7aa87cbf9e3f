import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/**
 * The sources, among `entry` and what it imports transitively (relative imports), whose compiled
 * module under `distRoot` is missing or older, as paths relative to `srcRoot`. Each source is
 * compared with its own output; the entry's output alone would not do, since whether tsc rewrites
 * an output whose source did not change is not ours to rely on.
 * @example
 * staleBuiltModules("/repo/src/parallel/worker.ts", "/repo/src", "/repo/dist"); // ["state/WorldState.ts"]
 */
export function staleBuiltModules(entry: string, srcRoot: string, distRoot: string): string[] {
  const seen = new Set<string>([entry]);
  const stale: string[] = [];
  for (const source of seen) {
    const path = relative(srcRoot, source);
    const output = join(distRoot, path.replace(/\.ts$/, ".js"));
    if (!existsSync(output) || statSync(output).mtimeMs < statSync(source).mtimeMs) stale.push(path);
    for (const [, specifier] of readFileSync(source, "utf8").matchAll(
      /(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)\.js"/g,
    )) {
      const imported = join(dirname(source), `${specifier}.ts`);
      if (existsSync(imported)) seen.add(imported);
    }
  }
  return stale;
}
