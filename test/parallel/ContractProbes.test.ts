import { describe, expect, it } from "vitest";
import { ContractProbes, PROBED_CALLS } from "../../src/parallel/ContractProbes.js";

/** A block of `size` transactions calling `targets[tx]`, where every target but "eoa" has code. */
function probesOf(targets: string[], threads = 2): ContractProbes {
  return ContractProbes.forBlock(
    targets.length,
    threads,
    (tx) => targets[tx],
    (address) => address !== "eoa",
  );
}

describe("ContractProbes", () => {
  it("puts on probation the contracts that at least eight calls and an eighth of the block call", () => {
    const many = Array.from({ length: PROBED_CALLS }, () => "game");
    expect(probesOf([...many, "x", "y"]).isEmpty).toBe(false);
    // Too few calls, an account without code, one thread, too small a share of the block.
    expect(probesOf([...many.slice(1), "x"]).isEmpty).toBe(true);
    expect(probesOf(Array.from({ length: PROBED_CALLS }, () => "eoa")).isEmpty).toBe(true);
    expect(probesOf([...many, "x"], 1).isEmpty).toBe(true);
    const others = Array.from({ length: PROBED_CALLS * 8 }, (_, k) => `other${k}`);
    expect(probesOf([...many, ...others]).isEmpty).toBe(true);
  });

  it("keeps a probed contract's calls on one thread, lets one other call run elsewhere, and stops the first thread past it", () => {
    const probes = probesOf([...Array.from({ length: 10 }, () => "game"), "x"]);
    // Thread 0 takes the first calls: it owns the contract while on probation.
    for (const tx of [0, 1, 2]) {
      expect(probes.allows(tx, 0)).toBe(true);
      probes.took(tx, 0);
    }
    // Thread 1 may take one call, the probe; no second one.
    expect(probes.allows(3, 1)).toBe(true);
    probes.took(3, 1);
    expect(probes.allows(4, 1)).toBe(false);
    // Thread 0 runs up to the probe, not past it; calls to other contracts are free.
    expect(probes.allows(4, 0)).toBe(false);
    expect(probes.allows(10, 1)).toBe(true);
    // A probe handed back (blocked, skipped) frees the slot.
    probes.returned(3);
    expect(probes.allows(4, 0)).toBe(true);
  });

  it("clears a contract whose probe validated, and names one whose probe failed, once", () => {
    const targets = Array.from({ length: 10 }, () => "game");
    const cleared = probesOf(targets);
    cleared.took(0, 0);
    cleared.took(1, 1);
    expect(cleared.failed(0)).toBeUndefined(); // not the probe
    cleared.validated(1);
    expect(cleared.allows(2, 1)).toBe(true);
    expect(cleared.allows(3, 1)).toBe(true);

    const hot = probesOf(targets);
    hot.took(0, 0);
    hot.took(1, 1);
    expect(hot.failed(1)).toBe("game");
    expect(hot.failed(1)).toBeUndefined();
    expect(hot.allows(5, 1)).toBe(true); // no longer on probation: Scheduler.markHot decides
  });
});
