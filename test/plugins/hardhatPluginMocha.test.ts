/**
 * A real Hardhat 3 run of the example project under the mocha runner
 * (`hardhat --config hardhat.mocha.config.ts test`, `@nomicfoundation/hardhat-mocha`) with the pevm
 * plugin: the report follows the mocha tests, the hot counter conflicts on `Counter.count` and
 * transfers between distinct accounts do not conflict. In mocha's parallel mode
 * (hardhat.mocha-parallel.config.ts), run as `hardhat test mocha` alone, the files run in worker
 * processes, and the report printed after mocha's summary still has every file's transactions.
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
const FILES = [path.join("test-mocha", "counter-and-transfers.ts"), path.join("test-mocha", "nft-mints.ts")];

/** `hardhat --config <config> test [runner]`, its output and its report. */
async function hardhatTest(
  config: string,
  report: string,
  ...runner: string[]
): Promise<{ stdout: string; report: SuiteReport }> {
  const reportPath = path.join(project, report);
  await rm(reportPath, { force: true });
  // Hardhat 3 needs Node 22: node_modules/.bin holds the `node@22` package's binary.
  const run = await promisify(execFile)(path.join(bin, "hardhat"), ["--config", config, "test", ...runner], {
    cwd: project,
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, FORCE_COLOR: "0" },
    timeout: 150_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { stdout: run.stdout, report: JSON.parse(await readFile(reportPath, "utf8")) as SuiteReport };
}

describe("hardhat plugin: `hardhat test` with the mocha runner", () => {
  let stdout = "";
  let report: SuiteReport;

  beforeAll(async () => {
    ({ stdout, report } = await hardhatTest("hardhat.mocha.config.ts", "pevm-report.mocha.json"));
  }, 160_000);

  it("runs the mocha tests, then prints the report", () => {
    expect(stdout).toContain("Running Mocha tests");
    expect(stdout).toContain("3 passing");
    const tests = stdout.indexOf("Running Mocha tests");
    expect(stdout.indexOf("Parallel Execution Report")).toBeGreaterThan(tests);
    expect(stdout).toMatch(/║ Counter\.increment\s+│ 8\s+│ 7\s+│ Counter\.count/);
    expect(report.files.map((f) => f.file)).toEqual(FILES);
  });

  it("reports the hot counter as a conflict on Counter.count", () => {
    const increment = report.functions.find((f) => f.contract === "Counter" && f.function === "increment");
    expect(increment?.calls).toBe(8);
    expect(increment?.conflicted).toBe(7);
    expect(increment?.hotLocations[0]?.location).toBe("Counter.count");
    expect(report.whereToLook.map((l) => l.location)).toContain("Counter.count");
  });

  it("does not report independent token transfers as conflicts", () => {
    const transfer = report.functions.find((f) => f.contract === "Token" && f.function === "transfer");
    expect(transfer?.calls).toBe(5);
    expect(transfer?.conflicted).toBe(0);
    expect(report.suite.estimatedSpeedup.unbounded).toBeGreaterThan(1);
  });
});

describe("hardhat plugin: mocha's parallel mode, its task run alone", () => {
  it("reports the transactions of the files that ran in worker processes", async () => {
    const { stdout, report } = await hardhatTest(
      "hardhat.mocha-parallel.config.ts",
      "pevm-report.mocha-parallel.json",
      "mocha",
    );
    expect(stdout).toContain("3 passing");
    const title = stdout.indexOf("pevm-devnet: Parallel Execution Report");
    expect(title).toBeGreaterThan(stdout.indexOf("3 passing"));
    expect(stdout.indexOf("pevm-devnet: Parallel Execution Report", title + 1)).toBe(-1);
    expect(report.files.map((f) => f.file).sort()).toEqual(FILES);
    const calls = (contract: string, fn: string) =>
      report.functions.find((f) => f.contract === contract && f.function === fn)?.calls;
    expect(calls("Counter", "increment")).toBe(8);
    expect(calls("Token", "transfer")).toBe(5);
    expect(calls("Nft", "mint")).toBe(6);
    expect(report.suite.transactions).toBe(22);
  }, 160_000);
});
