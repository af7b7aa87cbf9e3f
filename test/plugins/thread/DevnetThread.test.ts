/**
 * The plugin's devnet thread, as the built plugin runs it: each connection's devnet answers on
 * the thread, what it records comes back with the answers into the suite's recorder, errors keep
 * their JSON-RPC code, and the suite's report is built there.
 */
import { describe, expect, it } from "vitest";
import { suiteRecorder } from "../../../plugins/hardhat-plugin/dist/internal/SuiteRecorder.js";
import { DevnetThread } from "../../../plugins/hardhat-plugin/dist/internal/thread/DevnetThread.js";
import type { BuiltReport } from "../../../plugins/hardhat-plugin/dist/internal/thread/messages.js";
import { loadArtifact } from "../../support/artifacts.js";

describe("DevnetThread", () => {
  it("serves two connections' devnets apart and brings back what they recorded", async () => {
    const thread = DevnetThread.shared();
    suiteRecorder.clear();
    const open = async (chain: number) =>
      (await thread.call({ kind: "open", chain, accounts: 2, recording: true })).result as number;
    const [a, b] = [await open(0), await open(1)];
    expect(a).not.toBe(b);
    const request = (devnet: number, method: string, params: unknown[] = [], file?: string) =>
      thread.call({ kind: "request", devnet, method, params, ...(file === undefined ? {} : { file }) });

    const from = ((await request(a, "eth_accounts")).result as string[])[0];
    const counter = loadArtifact("Counter");
    const sent = await request(a, "eth_sendTransaction", [{ from, data: counter.bytecode }], "test/a.ts");
    // The answer carried the recording: it is in the recorder once the request is answered.
    expect(suiteRecorder.transactions.map((t) => [t.hash, t.file, t.chain])).toEqual([
      [sent.result, "test/a.ts", 0],
    ]);
    // The answer to a send that mined carries the receipt, as the devnet answers it.
    expect(sent.receipt).toEqual((await request(a, "eth_getTransactionReceipt", [sent.result])).result);
    expect(sent.receipt).toMatchObject({ transactionHash: sent.result, status: "0x1" });
    expect((await request(b, "eth_blockNumber")).result).toBe("0x0");

    const failed = await request(a, "eth_getBalance", ["0xnot-an-address"]);
    expect(failed.error?.code).toBe(-32602);

    const built = await thread.call({
      kind: "report",
      transactions: suiteRecorder.transactions,
      buildInfoOutputs: [],
      blockGasLimit: 30_000_000,
    });
    const { report, html } = built.result as BuiltReport;
    expect(report.suite.transactions).toBe(1);
    expect(html).toContain("<html");

    await thread.call({ kind: "close", devnet: a });
    await thread.call({ kind: "close", devnet: b });
    expect((await request(a, "eth_blockNumber")).error).toBeDefined();
  });
});
