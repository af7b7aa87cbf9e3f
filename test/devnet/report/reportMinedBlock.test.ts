import { Interface } from "ethers";
import { afterEach, describe, expect, it } from "vitest";
import { Devnet } from "../../../src/devnet/Devnet.js";
import type { DevnetOptions } from "../../../src/devnet/DevnetOptions.js";
import { reportMinedBlock } from "../../../src/devnet/report/reportMinedBlock.js";
import type { BlockReport, ReportLocation } from "../../../src/parallel/report/BlockReport.js";
import { loadArtifact } from "../../support/artifacts.js";
import { signedDevTx } from "../../support/devTransactions.js";

const devnets: Devnet[] = [];
afterEach(async () => {
  await Promise.all(devnets.splice(0).map((d) => d.close()));
});

/**
 * Block 1 deploys the Counter and Independent; block 2 mixes transfers with increments (hot), or
 * with per-sender writes (independent).
 */
async function mineWorkload(options: Partial<DevnetOptions>, increments = true): Promise<Devnet> {
  const d = await Devnet.create({ mining: { mode: "manual" }, genesisTimestamp: 1_700_000_000n, ...options });
  devnets.push(d);
  const counter = loadArtifact("Counter");
  const independent = loadArtifact("Independent");
  const call = increments
    ? new Interface(counter.abi as never).encodeFunctionData("increment")
    : new Interface(independent.abi as never).encodeFunctionData("set", [7n]);
  const send = async (i: number, nonce: number, to: string | undefined, data: string, value = 0n) => {
    const { tx, sender } = signedDevTx(d, i, nonce, to, data, value);
    await d.sendTransaction(tx, sender);
  };
  await send(0, 0, undefined, counter.bytecode);
  await send(0, 1, undefined, independent.bytecode);
  await d.mine({ timestamp: 1_700_000_050n });
  // Account 0's first two contract addresses.
  const to = increments
    ? "0x5fbdb2315678afecb367f032d93f642f64180aa3"
    : "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
  for (let i = 1; i < 10; i++) {
    await send(i, 0, to, call);
    await send(i, 1, `0x${(0xbeef00 + i).toString(16).padStart(40, "0")}`, "0x", 1000n);
  }
  await d.mine({ timestamp: 1_700_000_100n });
  return d;
}

/** The report without what depends on timing. */
/** A report without timings, its read and written locations as sets (engines read in other orders). */
function timeless(report: BlockReport): unknown {
  const { criticalPathTime: _t, estimatedSpeedupByTime: _s, threads: _n, reExecutions: _r, ...rest } = report;
  const sorted = (locations: ReportLocation[] | undefined) => locations?.map((l) => JSON.stringify(l)).sort();
  return {
    ...rest,
    transactions: rest.transactions.map(({ timeMs: _ms, incarnations: _i, ...tx }) => ({
      ...tx,
      readLocations: sorted(tx.readLocations),
      writeLocations: sorted(tx.writeLocations),
    })),
  };
}

describe("reportMinedBlock on a devnet that records while mining", () => {
  it("reports from the kept sets what a re-execution of the block reports", async () => {
    const reference = await mineWorkload({ sequential: true });
    const expected = timeless(await reportMinedBlock(reference, reference.head, { locations: true }));
    for (const options of [
      { sequential: true },
      { threads: 2, minParallelTransactions: 1, minParallelCodeShare: 0, learnExecutor: false },
    ] satisfies Partial<DevnetOptions>[]) {
      const d = await mineWorkload({ ...options, recordAccess: true });
      // A hot block whose tail the engine ran in order keeps its sets too: run once more in order.
      expect(d.head.access).toHaveLength(18);
      expect(d.head.hash).toBe(reference.head.hash);
      const report = await reportMinedBlock(d, d.head, { locations: true });
      expect(timeless(report)).toEqual(expected);
      expect(report.dependentTransactions).toBeGreaterThan(0);
    }
  });

  it("keeps the parallel engine's sets", async () => {
    const reference = await mineWorkload({ sequential: true }, false);
    const expected = timeless(await reportMinedBlock(reference, reference.head, { locations: true }));
    const d = await mineWorkload(
      {
        threads: 2,
        minParallelTransactions: 1,
        minParallelCodeShare: 0,
        learnExecutor: false,
        recordAccess: true,
      },
      false,
    );
    expect(d.head.ran?.executor).toBe("parallel");
    expect(d.head.access).toHaveLength(18);
    expect(timeless(await reportMinedBlock(d, d.head, { locations: true }))).toEqual(expected);
  });

  it("keeps no sets unless asked to", async () => {
    const d = await mineWorkload({ sequential: true });
    expect(d.head.access).toBeUndefined();
  });
});
