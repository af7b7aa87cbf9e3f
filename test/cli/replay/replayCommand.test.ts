/**
 * `pevm-devnet replay` over several blocks in one process, spawned as users run it (the build in
 * dist/): the table and its total, one JSON report per block, and the exit status on a block that
 * misses its header or a folder that is not a block; the one-block report with its block access
 * list's hash.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { bytesToHex } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { loadBlockFixture } from "../../../src/cli/replay/blockFixture.js";
import { buildBlockAccessList } from "../../../src/parallel/report/BlockAccessList.js";
import { blockAccessListHash } from "../../../src/parallel/report/encodeBlockAccessList.js";
import { recordBlock } from "../../../src/parallel/report/recordBlock.js";
import { MAINNET_BLOCKS } from "../../support/mainnetBlocks.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = `${ROOT}bin/pevm-devnet.js`;
const SMALL_BLOCKS = ["46147", "930196", "1150000"].map((name) => `${MAINNET_BLOCKS}${name}`);
const ONE_ROUND = ["--warmup", "1", "--rounds", "1", "--threads", "2"];

function replay(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, "replay", ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

/** A copy of block 930196 whose header claims one more gas than the block uses. */
function blockMissingItsHeader(): string {
  const dir = mkdtempSync(join(tmpdir(), "replay-mismatch-"));
  cpSync(`${MAINNET_BLOCKS}930196`, dir, { recursive: true });
  const blockJson = JSON.parse(readFileSync(join(dir, "block.json"), "utf8")) as { gasUsed: string };
  blockJson.gasUsed = `0x${(BigInt(blockJson.gasUsed) + 1n).toString(16)}`;
  writeFileSync(join(dir, "block.json"), JSON.stringify(blockJson));
  return dir;
}

describe("pevm-devnet replay DIR DIR ...", () => {
  it("prints a line per block and a total, with progress on stderr", async () => {
    const { code, stdout, stderr } = await replay(...SMALL_BLOCKS, ...ONE_ROUND);
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^3 blocks, one process, 2 threads/);
    expect(lines[1]?.split(/\s+/).filter(Boolean)).toEqual([
      "block",
      "txs",
      "gas",
      "seq",
      "ms",
      "par",
      "ms",
      "speedup",
      "est.",
      "2t",
      "re-exec",
      "check",
    ]);
    const rows = lines.slice(2, 5).map((line) => line.trim().split(/\s+/));
    expect(rows.map((row) => row[0])).toEqual(["46147", "930196", "1150000"]);
    for (const row of rows) {
      expect(row[3]).toMatch(/^\d+\.\d$/);
      expect(row[5]).toMatch(/^\d+\.\d\dx$/);
      expect(row[6]).toMatch(/^\d+\.\d\dx$/);
      expect(row[8]).toBe("ok");
    }
    expect(lines[5]).toMatch(
      /^total: median speedup \d+\.\d\dx · sequential [\d.]+ ms \/ parallel [\d.]+ ms = [\d.]+x$/,
    );
    expect(lines).toHaveLength(6);
    expect(stderr).toMatch(/warm-up round 1\/1/);
    expect(stderr).toMatch(/timed round 1\/1/);
  }, 120_000);

  it("prints one JSON report per block with the medians, in the order given", async () => {
    const { code, stdout } = await replay(...SMALL_BLOCKS.slice(0, 2), ...ONE_ROUND, "--json");
    expect(code).toBe(0);
    const reports = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(reports.map((r) => r.number)).toEqual([46147, 930196]);
    for (const report of reports) {
      expect(report).toMatchObject({ ok: true, warmup: 1, rounds: 1, threads: 2 });
      // The report's own fields round to the microsecond; the medians are kept whole.
      expect(report.sequentialMedianMs).toBeCloseTo(report.sequentialMs as number, 2);
      expect(report.parallelMedianMs).toBeCloseTo(report.parallelMs as number, 2);
      expect(report.sequentialRunsMs).toHaveLength(1);
      expect(report.estimatedSpeedup).toHaveProperty("2");
      expect(report.estimatedSpeedupByContracts).toHaveProperty("2");
      const kinds = (report.transactions as { conflicts: { kind: string }[] }[]).flatMap((tx) =>
        tx.conflicts.map((c) => c.kind),
      );
      for (const kind of kinds)
        expect(["sender", "storage", "balance", "code", "feeRecipient"]).toContain(kind);
      expect(report.checks).toHaveProperty("parallel");
      expect(Array.isArray(report.transactions)).toBe(true);
    }
  }, 120_000);

  it("exits 1 when a block misses its header, and still reports the others", async () => {
    const { code, stdout } = await replay(SMALL_BLOCKS[0] as string, blockMissingItsHeader(), ...ONE_ROUND);
    expect(code).toBe(1);
    // The last column says how the engine ran a block it would not gain on (in order).
    expect(stdout).toMatch(/^\s+46147 .* ok\s*(in order: one sender, \d+ transfers? direct)?$/m);
    expect(stdout).toMatch(/^\s+930196 .* MISMATCH\s*(in order: plain transfers, \d+ transfers? direct)?$/m);
    expect(stdout).toMatch(/^total: .* MISMATCH$/m);
  }, 120_000);

  it("exits 2 with a one-line error for a folder that is not a block, before timing any", async () => {
    const missing = join(tmpdir(), "no-such-replay-folder");
    const { code, stdout, stderr } = await replay(SMALL_BLOCKS[0] as string, missing, ...ONE_ROUND);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.split("\n")[0]).toMatch(/^error: .*no-such-replay-folder is not a block folder/);
  }, 60_000);

  it("keeps the one-block report when no round flag is given", async () => {
    const { code, stdout } = await replay(SMALL_BLOCKS[1] as string, "--threads", "2");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^block 930196 \(\w+\): 18 transactions, \d+ gas$/m);
    expect(stdout).toMatch(/sequential [\d.]+ ms · parallel \(2 threads\) [\d.]+ ms · speedup/);
    expect(stdout).toMatch(/block access list \(EIP-7928\): \d+ accounts, hash 0x[0-9a-f]{64}$/m);
  }, 60_000);

  it("puts the block access list's hash in the one-block JSON report: the list recorded in order", async () => {
    const dir = SMALL_BLOCKS[1] as string;
    const { code, stdout } = await replay(dir, "--threads", "2", "--json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { blockAccessListHash: string };
    const fixture = await loadBlockFixture(dir);
    const input = {
      header: fixture.block.header,
      transactions: fixture.block.transactions,
      preState: fixture.preState,
      blockHashes: (n: bigint) => fixture.blockHashes.get(n),
    };
    const list = buildBlockAccessList(
      await recordBlock(input),
      fixture.preState,
      input.header.coinbase.toString(),
    );
    expect(report.blockAccessListHash).toBe(bytesToHex(blockAccessListHash(list)));
  }, 60_000);
});
