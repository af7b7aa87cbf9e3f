/**
 * The report's warm-up: it builds the report from what the warm-up devnet recorded, a few rounds,
 * each checking whether the tests have started; once they have, it begins no other round.
 */
import { describe, expect, it } from "vitest";
import { SuiteRecorder } from "../../../plugins/hardhat-plugin/dist/internal/SuiteRecorder.js";
import { ConnectionDevnet } from "../../../plugins/hardhat-plugin/dist/internal/thread/ConnectionDevnet.js";
import { warmUpEvm } from "../../../plugins/hardhat-plugin/dist/internal/thread/warmUpEvm.js";
import { warmUpReport } from "../../../plugins/hardhat-plugin/dist/internal/thread/warmUpReport.js";

describe("warmUpReport", () => {
  it("builds the report from the warm-up's transactions until the tests start", async () => {
    const recorder = new SuiteRecorder();
    const devnet = await ConnectionDevnet.open({ chain: 0, accounts: 3, recorder });
    try {
      await warmUpEvm(devnet);
    } finally {
      await devnet.handle.close();
    }
    const recorded = recorder.transactions;
    let asked = 0;
    await warmUpReport(recorded, () => asked++ >= 3);
    // Asked before each of its three rounds, and no more: every round ran.
    expect(asked).toBe(3);
    asked = 0;
    await warmUpReport(recorded, () => asked++ >= 1);
    // The tests started after the first round: it stopped there.
    expect(asked).toBe(2);
    await expect(warmUpReport([], () => false)).resolves.toBeUndefined();
  });
});
