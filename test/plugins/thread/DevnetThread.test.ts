/**
 * The plugin's devnet thread, as the built plugin runs it: each connection's devnet answers on
 * the thread, what it records stays there, charged to its test file and chain, errors keep their
 * JSON-RPC code, and the suite's report is built there from the thread's recording and the test
 * worker processes'.
 */
import { describe, expect, it } from "vitest";
import type { RecordedTransaction } from "../../../plugins/hardhat-plugin/dist/internal/SuiteRecorder.js";
import { DevnetThread } from "../../../plugins/hardhat-plugin/dist/internal/thread/DevnetThread.js";
import type { BuiltReport } from "../../../plugins/hardhat-plugin/dist/internal/thread/messages.js";
import { loadArtifact } from "../../support/artifacts.js";

describe("DevnetThread", () => {
  it("serves two connections' devnets apart and reports what they recorded", async () => {
    const thread = DevnetThread.shared();
    await thread.call({ kind: "startRun" });
    const open = async (chain: number) =>
      (await thread.call({ kind: "open", chain, accounts: 2, recording: true })).result as number;
    const [a, b] = [await open(0), await open(1)];
    expect(a).not.toBe(b);
    const request = (devnet: number, method: string, params: unknown[] = [], file?: string) =>
      thread.call({ kind: "request", devnet, method, params, ...(file === undefined ? {} : { file }) });

    const from = ((await request(a, "eth_accounts")).result as string[])[0];
    const counter = loadArtifact("Counter");
    const sent = await request(a, "eth_sendTransaction", [{ from, data: counter.bytecode }], "test/a.ts");
    // The answer to a send that mined carries the receipt, as the devnet answers it.
    expect(sent.receipt).toEqual((await request(a, "eth_getTransactionReceipt", [sent.result])).result);
    expect(sent.receipt).toMatchObject({ transactionHash: sent.result, status: "0x1" });
    expect((await request(b, "eth_blockNumber")).result).toBe("0x0");

    const failed = await request(a, "eth_getBalance", ["0xnot-an-address"]);
    expect(failed.error?.code).toBe(-32602);

    const report = async (fromWorkers: RecordedTransaction[] = [], unreadable = 0) =>
      (
        await thread.call({
          kind: "report",
          fromWorkers,
          unreadable,
          buildInfoOutputs: [],
          blockGasLimit: 30_000_000,
        })
      ).result as BuiltReport;
    const built = await report();
    expect(built.report.suite.transactions).toBe(1);
    expect(built.report.files.map((f) => f.file)).toEqual(["test/a.ts"]);
    expect(built.missed).toBe(0);
    expect(built.html).toContain(sent.result as string);

    // A worker process's recording follows the thread's; its unreadable lines count as missed.
    const fromWorker: RecordedTransaction = {
      file: "test/b.ts",
      chain: 7,
      hash: `0x${"11".repeat(32)}`,
      from: `0x${"aa".repeat(20)}`,
      to: `0x${"bb".repeat(20)}`,
      input: "0x",
      createdAddress: null,
      code: "0x",
      gas: 21_000,
      reads: [],
      writes: [],
    };
    const merged = await report([fromWorker], 2);
    expect(merged.report.suite.transactions).toBe(2);
    expect(merged.report.files.map((f) => f.file).sort()).toEqual(["test/a.ts", "test/b.ts"]);
    expect(merged.missed).toBe(2);

    // A new run drops the recording so far.
    await thread.call({ kind: "startRun" });
    expect((await report()).report.suite.transactions).toBe(0);

    await thread.call({ kind: "close", devnet: a });
    await thread.call({ kind: "close", devnet: b });
    expect((await request(a, "eth_blockNumber")).error).toBeDefined();
  });
});
