/**
 * The conflict report's meaning, on a real `hardhat test` run of test/fixtures/hardhat-report-suite
 * (node:test runner, OpenZeppelin Contracts 5.x from node_modules): a function's conflicts are
 * contention between senders, told apart from sender order, setup and proxy deployment; calls
 * through proxies are named by their implementation, ERC-7201 namespaced storage by its struct
 * and member; the estimate by the contracts leaves sender order out.
 */
import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { FunctionReport, SuiteReport } from "../../plugins/hardhat-plugin/internal/buildSuiteReport.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const project = path.join(root, "test/fixtures/hardhat-report-suite");
const bin = path.join(root, "node_modules/.bin");

describe("hardhat plugin: the report's meaning on vaults, OpenZeppelin tokens and proxies", () => {
  let stdout = "";
  let report: SuiteReport;
  /** The row of `name` (called through `proxy`, where given). */
  const fn = (name: string, proxy?: string): FunctionReport => {
    const found = report.functions.find(
      (f) => `${f.contract}.${f.function}` === name && (proxy === undefined || f.proxy === proxy),
    );
    if (found === undefined) throw new Error(`${name} is not in the report`);
    return found;
  };
  const file = (name: string) => report.files.find((f) => f.file === path.join("test", name));

  beforeAll(async () => {
    await rm(path.join(project, "pevm-report.json"), { force: true });
    // Hardhat 3 needs Node 22: node_modules/.bin holds the `node@22` package's binary.
    const run = await promisify(execFile)(path.join(bin, "hardhat"), ["test"], {
      cwd: project,
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, FORCE_COLOR: "0" },
      timeout: 150_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    stdout = run.stdout;
    report = JSON.parse(await readFile(path.join(project, "pevm-report.json"), "utf8")) as SuiteReport;
  }, 160_000);

  it("shows a registration after its sender's deposit as sender order, deposits contending on the vault", () => {
    expect(fn("Registry.register")).toMatchObject({
      calls: 6,
      conflicted: 0,
      hotLocations: [],
      senderOrder: 6,
    });
    const deposit = fn("Vault.deposit");
    expect(deposit).toMatchObject({ calls: 6, conflicted: 5 });
    expect(deposit.hotLocations).toEqual(
      expect.arrayContaining([
        { location: "Vault.totalDeposits", kind: "storage", calls: 5 },
        { location: "balance(Vault)", kind: "balance", calls: 5 },
      ]),
    );
    expect(stdout).toMatch(/Registry\.register\s+│ 6\s+│ 0\s+│ -\s+│ sender 6/);
  });

  it("counts nothing against OpenZeppelin transfers between disjoint pairs, and Nft.mint on Nft.nextId", () => {
    // Each holder's balance was minted by the owner before the first transfer: setup.
    expect(fn("Token.transfer")).toMatchObject({ calls: 12, conflicted: 0 });
    expect(fn("Token.transfer").setup).toBeGreaterThan(0);
    expect(fn("Token.mint")).toMatchObject({ calls: 6, conflicted: 0 });
    expect(fn("Nft.mint")).toMatchObject({ calls: 6, conflicted: 5 });
    expect(fn("Nft.mint").hotLocations).toEqual([{ location: "Nft.nextId", kind: "storage", calls: 5 }]);
  });

  it("names calls through proxies by the implementation, and its namespaced storage by member", () => {
    expect(fn("UpToken.transfer")).toMatchObject({ proxy: "ERC1967Proxy", calls: 6, conflicted: 0 });
    expect(fn("UpToken.transfer").proxyDeployment).toBe(6);
    const pay = fn("UpToken.pay");
    expect(pay).toMatchObject({ proxy: "ERC1967Proxy", calls: 6, conflicted: 5 });
    expect(pay.hotLocations[0]?.location).toMatch(/^UpToken\.ERC20Storage\._balances\[0x8626…1199\]$/);
    // Behind a beacon proxy, a namespace of the project's own, its packed members named together.
    const write = fn("Notes.write", "BeaconProxy");
    expect(write).toMatchObject({ proxy: "BeaconProxy", calls: 6, conflicted: 5 });
    expect(write.hotLocations).toEqual([
      { location: "Notes.NotesStorage.count/lastAt", kind: "storage", calls: 5 },
    ]);
    // The same implementation behind a transparent proxy: a row of its own.
    const viaTransparent = fn("Notes.write", "TransparentUpgradeableProxy");
    expect(viaTransparent).toMatchObject({ calls: 3, conflicted: 2 });
    expect(viaTransparent.hotLocations[0]?.location).toBe("Notes.NotesStorage.count/lastAt");
    expect(report.functions.some((f) => /0x[0-9a-f]{8}$/.test(f.function))).toBe(false);
    const hot = report.functions.flatMap((f) => f.hotLocations.map((h) => h.location));
    expect(hot.some((l) => l.includes("ERC-1967") || l.includes("[slot "))).toBe(false);
  });

  it("estimates one sender's independent calls at 1x as sent and above 1.5x by the contracts on 2 threads", () => {
    const oneSender = file("one-sender.ts");
    expect(oneSender?.estimatedSpeedup[2]).toBeLessThan(1.1);
    expect(oneSender?.estimatedSpeedupByContracts[2]).toBeGreaterThan(1.5);
    expect(fn("Board.post")).toMatchObject({ calls: 20, conflicted: 0, senderOrder: 20 });
    expect(stdout).toContain("as sent / by the contracts");
  });

  it("never lists sender order or setup among the places to look", () => {
    for (const cost of report.whereToLook) {
      expect(cost.location).not.toMatch(/^(nonce|balance)\(0x/);
    }
    expect(report.whereToLook.map((c) => c.location)).toContain("Nft.nextId");
  });
});
