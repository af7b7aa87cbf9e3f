/**
 * The devnet thread's warm-up: a throwaway devnet deploys a small contract and calls it as tests
 * do; if its bytecode were wrong, the warm-up would run nothing and warm nothing, silently.
 */
import { describe, expect, it } from "vitest";
import { SuiteRecorder } from "../../../plugins/hardhat-plugin/dist/internal/SuiteRecorder.js";
import { ConnectionDevnet } from "../../../plugins/hardhat-plugin/dist/internal/thread/ConnectionDevnet.js";
import { warmUpEvm } from "../../../plugins/hardhat-plugin/dist/internal/thread/warmUpEvm.js";

describe("warmUpEvm", () => {
  it("deploys its contract and has every call succeed, store, log and return its word", async () => {
    const recorder = new SuiteRecorder();
    const devnet = await ConnectionDevnet.open({ chain: 0, accounts: 3, recorder });
    try {
      await warmUpEvm(devnet);
      const request = (method: string, params: unknown[] = []) => devnet.handle.request({ method, params });
      const recorded = recorder.transactions;
      expect(recorded.length).toBeGreaterThan(100);
      const last = recorded[recorded.length - 1];
      const receipt = (await request("eth_getTransactionReceipt", [last?.hash])) as {
        status: string;
        logs: { data: string; topics: string[] }[];
      };
      expect(receipt.status).toBe("0x1");
      expect(receipt.logs).toHaveLength(1);
      expect(BigInt(receipt.logs[0]?.data ?? "0x")).toBe(BigInt(recorded.length - 1)); // the last call's word
      // Every call wrote its caller's balance in the contract's mapping.
      expect(recorded.slice(1).every((tx) => tx.writes.some((w) => w.kind === "storage"))).toBe(true);
      const to = last?.to as string;
      const word = `0x${(7).toString(16).padStart(64, "0")}`;
      expect(await request("eth_call", [{ to, data: word }, "latest"])).toBe(word);
    } finally {
      await devnet.handle.close();
    }
  });
});
