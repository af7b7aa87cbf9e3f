import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ETHEREUMJS_VERSION,
  installedVersions,
  PATCHED_PACKAGES,
  versionProblem,
} from "../../../src/execution/internals/ethereumjsVersion.js";

const all = (version: string | undefined) =>
  Object.fromEntries(PATCHED_PACKAGES.map((name) => [name, version]));

describe("ethereumjsVersion", () => {
  it("is the release package.json depends on, exactly", () => {
    const manifest = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as {
      dependencies: Record<string, string>;
    };
    for (const name of PATCHED_PACKAGES) expect(manifest.dependencies[name]).toBe(ETHEREUMJS_VERSION);
  });

  it("reads the installed versions, which are that release", () => {
    expect(installedVersions()).toEqual(all(ETHEREUMJS_VERSION));
    expect(versionProblem(installedVersions())).toBeUndefined();
  });

  it("finds a problem when any patched package is another release or missing, and names it", () => {
    expect(versionProblem(all(ETHEREUMJS_VERSION))).toBeUndefined();
    const newer = { ...all(ETHEREUMJS_VERSION), "@ethereumjs/evm": "10.2.0" };
    expect(versionProblem(newer)).toContain("@ethereumjs/evm 10.2.0");
    const missing = { ...all(ETHEREUMJS_VERSION), "@ethereumjs/tx": undefined };
    expect(versionProblem(missing)).toContain("@ethereumjs/tx");
    expect(versionProblem({})).toBeDefined();
    // A patch release is still another release: its files may have moved.
    expect(versionProblem(all("10.1.4"))).toBeDefined();
  });
});
