/**
 * The ethereumjs release the patches in this folder were written against, and how to tell
 * whether it is the one installed. The patches reach into files and fields ethereumjs does not
 * export; another release may move them, so on any other version they all stay off.
 */
import { readFileSync } from "node:fs";

/** Keep equal to package.json's dependencies (a test checks it). */
export const ETHEREUMJS_VERSION = "10.1.3";

/** The packages whose non-public parts are patched or touched, or whose calls into them are relied on. */
export const PATCHED_PACKAGES = [
  "@ethereumjs/common",
  "@ethereumjs/evm",
  "@ethereumjs/tx",
  "@ethereumjs/vm",
] as const;

/** Package name → installed version (undefined when its package.json cannot be read). */
export type FoundVersions = Readonly<Record<string, string | undefined>>;

/** What is wrong with the found versions, or undefined when every patched package is the expected one. */
export function versionProblem(found: FoundVersions): string | undefined {
  const wrong = PATCHED_PACKAGES.filter((name) => found[name] !== ETHEREUMJS_VERSION);
  if (wrong.length === 0) return undefined;
  const listed = wrong.map((name) => `${name} ${found[name] ?? "(not found)"}`).join(", ");
  return `found ${listed}; the patches were written for ${ETHEREUMJS_VERSION}`;
}

/** The installed versions of the patched packages, read from their package.json. */
export function installedVersions(): FoundVersions {
  const found: Record<string, string | undefined> = {};
  for (const name of PATCHED_PACKAGES) {
    try {
      // The entry point is <package>/dist/esm/index.js; package.json is not among its exports.
      const url = new URL("../../package.json", import.meta.resolve(name));
      const { version } = JSON.parse(readFileSync(url, "utf8")) as { version?: unknown };
      found[name] = typeof version === "string" ? version : undefined;
    } catch {
      found[name] = undefined;
    }
  }
  return found;
}
