/**
 * A real Hardhat 3 run of the example project (`hardhat test`, node:test runner) with the pevm
 * plugin: its printed report and its JSON say that the hot counter conflicts on `Counter.count`,
 * that independent token transfers do not conflict, and that the independent suite is estimated
 * to gain more from parallel execution than the hot-counter suite, and that AMM swaps conflict on
 * the pair's reserves. The report comes once, after Hardhat's summary, in Hardhat's table look;
 * `--no-pevm-report` leaves it out.
 */
import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { SuiteReport } from "../../plugins/hardhat-plugin/internal/buildSuiteReport.js";
import {
  browserUnavailable,
  drawnGraph,
  launchBrowser,
  openPage,
  testOutputDir,
} from "../support/browser.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const project = path.join(root, "examples/contracts");
const bin = path.join(root, "node_modules/.bin");

describe("hardhat plugin: `hardhat test` in the example project", () => {
  let stdout = "";
  let report: SuiteReport;
  let html: string;

  // Hardhat 3 needs Node 22: node_modules/.bin holds the `node@22` package's binary.
  const hardhatTest = async (...flags: string[]) =>
    (
      await promisify(execFile)(path.join(bin, "hardhat"), ["test", ...flags], {
        cwd: project,
        env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, FORCE_COLOR: "0" },
        timeout: 150_000,
        maxBuffer: 16 * 1024 * 1024,
      })
    ).stdout;

  beforeAll(async () => {
    await rm(path.join(project, "pevm-report.json"), { force: true });
    await rm(path.join(project, "pevm-report.html"), { force: true });
    stdout = await hardhatTest();
    report = JSON.parse(await readFile(path.join(project, "pevm-report.json"), "utf8")) as SuiteReport;
    html = await readFile(path.join(project, "pevm-report.html"), "utf8");
  }, 160_000);

  it("prints the report once, after Hardhat's summary, as Hardhat's tables", () => {
    const summary = stdout.indexOf("6 passing");
    expect(summary).toBeGreaterThan(0);
    const title = stdout.indexOf("pevm-devnet: Parallel Execution Report");
    expect(title).toBeGreaterThan(summary);
    expect(stdout.indexOf("pevm-devnet: Parallel Execution Report", title + 1)).toBe(-1);
    expect(stdout).toMatch(/╔═+╗/);
    for (const section of ["Contract functions", "Estimated speedup", "Where to look"]) {
      expect(stdout).toMatch(new RegExp(`║ ${section}\\s+║`));
    }
    expect(stdout).toMatch(/║ Counter\.increment\s+│ 16\s+│ 15\s+│ Counter\.count \(15\)/);
    expect(stdout).toMatch(
      /Suite: \d+\.\d\dx as sent, \d+\.\d\dx by the contracts on 4 threads\. JSON: pevm-report\.json/,
    );
  });

  it("leaves the report out with --no-pevm-report", async () => {
    const quiet = await hardhatTest("--no-pevm-report");
    expect(quiet).toContain("6 passing");
    expect(quiet).not.toContain("Parallel Execution Report");
  }, 160_000);

  it("prints the report after the node:test runner's task run alone", async () => {
    const alone = await hardhatTest("nodejs", path.join("test", "token.ts"));
    const summary = alone.indexOf("passing");
    expect(summary).toBeGreaterThan(0);
    const title = alone.indexOf("pevm-devnet: Parallel Execution Report");
    expect(title).toBeGreaterThan(summary);
    expect(alone.indexOf("pevm-devnet: Parallel Execution Report", title + 1)).toBe(-1);
    expect(alone).toMatch(/║ test\/token\.ts\s+│ 9\s+│/);
    expect(alone).not.toContain("test/counter.ts");
  }, 160_000);

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
    expect(stdout).toMatch(/Pair\.swap\s+│ 6\s+│ 5\s+│ Pair\.reserve[01]/);
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

  it("draws each test file's dependencies in pevm-report.html, with calls and variables named", () => {
    expect(stdout).toContain("pevm-report.html");
    for (const file of report.files) expect(html).toContain(`>${file.file}</h2>`);
    expect(html).toContain("Counter.increment");
    expect(html).toContain("Counter.count");
  });

  it.skipIf(browserUnavailable !== undefined)(
    "opens pevm-report.html in chromium: no error, one node per transaction of each file",
    async () => {
      const browser = await launchBrowser();
      try {
        const { page, errors, requests } = await openPage(browser);
        await page.setContent(html);
        for (const [i, file] of report.files.entries()) {
          if (file.blocks !== 1) continue;
          expect((await drawnGraph(page, i)).nodes.length).toBe(file.transactions);
        }
        await page.screenshot({
          path: path.join(testOutputDir("hardhat-plugin"), "pevm-report.png"),
          fullPage: true,
          animations: "disabled",
        });
        expect(errors).toEqual([]);
        expect(requests).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    30_000,
  );
});
