/**
 * The search's number of runs, on messages modelled by the gas they need: an estimate is run on
 * every transaction a test suite sends, so each run saved is felt.
 */
import { describe, expect, it } from "vitest";
import { estimateGas } from "../../../src/devnet/call/estimateGas.js";
import type { MessageResult } from "../../../src/devnet/call/runMessage.js";

/**
 * A message that consumes `needs` gas and earns `refund` (reported uncapped, and taken up to a
 * fifth of what was spent, as ethereumjs reports it), and also fails below `failsBelow`. With
 * `sstore`, its run reports the gas it had left at its one SSTORE, `sstore.spentBefore` into it.
 */
function message(
  needs: bigint,
  refund: bigint,
  failsBelow = needs,
  sstore?: { spentBefore: bigint },
  observedGas?: boolean,
) {
  const limits: bigint[] = [];
  const run = async (gas: bigint): Promise<MessageResult> => {
    limits.push(gas);
    const ok = gas >= needs && gas >= failsBelow;
    return {
      returnValue: new Uint8Array(),
      error: ok ? undefined : "out of gas",
      gasUsed: ok ? needs - (refund < needs / 5n ? refund : needs / 5n) : gas,
      gasRefund: ok ? refund : 0n,
      logs: [],
      ...(sstore === undefined
        ? {}
        : { leastGasAtSstore: gas - sstore.spentBefore, minimumGasLimit: 21_000n }),
      ...(observedGas === undefined ? {} : { observedGas }),
    };
  };
  return { run, limits };
}

describe("estimateGas", () => {
  it("a message whose code cannot see its gas: two runs, the gas consumed", async () => {
    const { run, limits } = message(43_210n, 0n);
    expect(await estimateGas(run, 30_000_000n, true)).toBe(43_210n);
    expect(limits).toEqual([30_000_000n, 43_210n]);
  });

  it("otherwise a third run proves the gas consumed is the least", async () => {
    const { run, limits } = message(43_210n, 0n);
    expect(await estimateGas(run, 30_000_000n, false)).toBe(43_210n);
    expect(limits).toEqual([30_000_000n, 43_210n, 43_209n]);
  });

  it("searches on when the run at the gas consumed fails (SSTORE's sentry)", async () => {
    const { run } = message(43_210n, 0n, 45_411n);
    expect(await estimateGas(run, 30_000_000n, true)).toBe(45_411n);
  });

  it("does not trust the gas consumed when the refund was capped", async () => {
    // Spent 100,000 with a refund of 30,000, above its cap of 20,000: gasUsed + gasRefund
    // (110,000) overstates what the run spent.
    const { run, limits } = message(100_000n, 30_000n);
    expect(await estimateGas(run, 30_000_000n, true)).toBe(100_000n);
    expect(limits.length).toBeGreaterThan(3);
  });

  it("one run when the first shows its SSTOREs keep the sentry's room at the gas consumed", async () => {
    // At 43,210 the SSTORE, 30,000 into the run, has 13,210 left: more than 2,300.
    const { run, limits } = message(43_210n, 0n, 43_210n, { spentBefore: 30_000n });
    expect(await estimateGas(run, 30_000_000n, true)).toBe(43_210n);
    expect(limits).toEqual([30_000_000n]);
  });

  it("runs on when the SSTORE would meet the sentry at the gas consumed", async () => {
    // 42,000 into the run: at 43,210 only 1,210 left, so the minimum is 42,000 + 2,301.
    const { run, limits } = message(43_210n, 0n, 44_301n, { spentBefore: 42_000n });
    expect(await estimateGas(run, 30_000_000n, true)).toBe(44_301n);
    expect(limits.length).toBeGreaterThan(2);
  });

  it("one run for code that could observe its gas when the first run reached no such step", async () => {
    const { run, limits } = message(43_210n, 0n, 43_210n, { spentBefore: 30_000n }, false);
    expect(await estimateGas(run, 30_000_000n, false)).toBe(43_210n);
    expect(limits).toEqual([30_000_000n]);
  });

  it("trusts what the run was seen to do over what its code was thought to hold", async () => {
    // A sender's own code that self-destructs: no gas-observing opcode in the code, seen in the run.
    const { run, limits } = message(43_210n, 0n, 43_210n, { spentBefore: 30_000n }, true);
    expect(await estimateGas(run, 30_000_000n, true)).toBe(43_210n);
    expect(limits).toEqual([30_000_000n, 43_210n, 43_209n]);
  });

  it("never answers from one run for code that observes its gas", async () => {
    const { run, limits } = message(43_210n, 0n, 43_210n, { spentBefore: 30_000n }, true);
    expect(await estimateGas(run, 30_000_000n, false)).toBe(43_210n);
    expect(limits).toEqual([30_000_000n, 43_210n, 43_209n]);
  });
});
