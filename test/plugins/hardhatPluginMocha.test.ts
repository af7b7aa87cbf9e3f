/**
 * A real Hardhat 3 run of the example project under the mocha runner
 * (`hardhat --config hardhat.mocha.config.ts test`, `@nomicfoundation/hardhat-mocha`) with the pevm
 * plugin: the report follows the mocha tests, the hot counter conflicts on `Counter.count` and
 * transfers between distinct accounts do not conflict.
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
const reportPath = path.join(project, "pevm-report.mocha.json");

describe("hardhat plugin: `hardhat test` with the mocha runner", () => {
  let stdout = "";
  let report: SuiteReport;

  beforeAll(async () => {
    await rm(reportPath, { force: true });
    // Hardhat 3 needs Node 22: node_modules/.bin holds the `node@22` package's binary.
    const run = await promisify(execFile)(
      path.join(bin, "hardhat"),
      ["--config", "hardhat.mocha.config.ts", "test"],
      {
        cwd: project,
        env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, FORCE_COLOR: "0" },
        timeout: 90_000,
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    stdout = run.stdout;
    report = JSON.parse(await readFile(reportPath, "utf8")) as SuiteReport;
  }, 100_000);

  it("runs the mocha tests, then prints the report", () => {
    expect(stdout).toContain("Running Mocha tests");
    expect(stdout).toContain("2 passing");
    const tests = stdout.indexOf("Running Mocha tests");
    expect(stdout.indexOf("1. Contract functions")).toBeGreaterThan(tests);
    expect(stdout).toContain("2. Estimated speedup");
    expect(stdout).toContain("3. Where to look");
    expect(stdout).toMatch(/Counter\.increment\s+8\s+7\s+Counter\.count/);
    expect(report.files.map((f) => f.file)).toEqual([path.join("test-mocha", "counter-and-transfers.ts")]);
  });

  it("reports the hot counter as a conflict on Counter.count", () => {
    const increment = report.functions.find((f) => f.contract === "Counter" && f.function === "increment");
    expect(increment?.calls).toBe(8);
    expect(increment?.conflicted).toBe(7);
    expect(increment?.hotLocations[0]?.location).toBe("Counter.count");
    expect(report.whereToLook[0]?.location).toBe("Counter.count");
  });

  it("does not report independent token transfers as conflicts", () => {
    const transfer = report.functions.find((f) => f.contract === "Token" && f.function === "transfer");
    expect(transfer?.calls).toBe(5);
    expect(transfer?.conflicted).toBe(0);
    expect(report.suite.estimatedSpeedup.unbounded).toBeGreaterThan(1);
  });
});
