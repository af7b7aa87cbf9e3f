/**
 * A real Hardhat 3 run of the example project (`hardhat test`, node:test runner) with the pevm
 * plugin: its printed report and its JSON say that the hot counter conflicts on `Counter.count`,
 * that independent token transfers do not conflict, and that the independent suite is estimated
 * to gain more from parallel execution than the hot-counter suite, and that AMM swaps conflict on
 * the pair's reserves.
 */
import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { SuiteReport } from "../../plugins/hardhat-plugin/internal/buildSuiteReport.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const project = path.join(root, "examples/contracts");
const bin = path.join(root, "node_modules/.bin");

describe("hardhat plugin: `hardhat test` in the example project", () => {
  let stdout = "";
  let report: SuiteReport;

  beforeAll(async () => {
    await rm(path.join(project, "pevm-report.json"), { force: true });
    // Hardhat 3 needs Node 22: node_modules/.bin holds the `node@22` package's binary.
    const run = await promisify(execFile)(path.join(bin, "hardhat"), ["test"], {
      cwd: project,
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, FORCE_COLOR: "0" },
      timeout: 90_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    stdout = run.stdout;
    report = JSON.parse(await readFile(path.join(project, "pevm-report.json"), "utf8")) as SuiteReport;
  }, 100_000);

  it("prints the three parts of the report after the tests", () => {
    expect(stdout).toContain("passing");
    expect(stdout).toContain("1. Contract functions");
    expect(stdout).toContain("2. Estimated speedup");
    expect(stdout).toContain("3. Where to look");
    expect(stdout).toMatch(/Counter\.increment\s+16\s+15\s+Counter\.count/);
  });

  it("reports the hot counter as a conflict on Counter.count", () => {
    const increment = report.functions.find((f) => f.contract === "Counter" && f.function === "increment");
    expect(increment?.conflicted).toBeGreaterThan(0);
    expect(increment?.hotLocations[0]?.location).toBe("Counter.count");
    expect(report.whereToLook.map((l) => l.location)).toContain("Counter.count");
  });

  it("reports the pair's swaps as conflicting on its reserves", () => {
    const swap = report.functions.find((f) => f.contract === "Pair" && f.function === "swap");
    expect(swap?.calls).toBe(6);
    // The first swap waits only on the liquidity added before it: setup, not contention.
    expect(swap?.conflicted).toBe(5);
    expect(swap?.setup).toBe(1);
    const hot = swap?.hotLocations.map((l) => l.location) ?? [];
    expect(hot).toContain("Pair.reserve0");
    expect(hot).toContain("Pair.reserve1");
    expect(report.functions.some((f) => f.contract === "Pair" && f.function === "addLiquidity")).toBe(true);
    expect(report.functions.some((f) => f.contract === "Pair" && f.function === "constructor")).toBe(true);
    expect(stdout).toMatch(/Pair\.swap\s+6\s+5\s+Pair\.reserve[01]/);
    // The two reserves cost the same: either may be the one listed.
    expect(report.whereToLook.some((l) => /^Pair\.reserve[01]$/.test(l.location))).toBe(true);
  });

  it("does not report independent token transfers as conflicts", () => {
    const transfer = report.functions.find((f) => f.contract === "Token" && f.function === "transfer");
    expect(transfer?.calls).toBe(8);
    expect(transfer?.conflicted).toBe(0);
  });

  it("estimates a higher speedup for the independent suite than for the hot counter", () => {
    const counter = report.files.find((f) => f.file === path.join("test", "counter.ts"));
    const token = report.files.find((f) => f.file === path.join("test", "token.ts"));
    expect(counter?.estimatedSpeedup.unbounded).toBe(1);
    expect(token?.estimatedSpeedup[4]).toBeGreaterThan(
      counter?.estimatedSpeedup[4] ?? Number.POSITIVE_INFINITY,
    );
    expect(report.suite.estimatedSpeedup.unbounded).toBeGreaterThan(1);
  });
});
