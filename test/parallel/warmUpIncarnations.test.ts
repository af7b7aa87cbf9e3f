import { describe, expect, it } from "vitest";
import { nativeCustomCrypto } from "../../src/crypto/nativeCrypto.js";
import { createSharedCommon } from "../../src/execution/SharedCommon.js";
import { warmUpIncarnations } from "../../src/parallel/warmUpIncarnations.js";

describe("warmUpIncarnations", () => {
  it("runs its token transfers and value transfers successfully, the paths real blocks take", async () => {
    const common = createSharedCommon(31337n, { hardfork: "prague", customCrypto: nativeCustomCrypto() });
    // One slice, however slow the machine: a budget in milliseconds ran out before the first
    // slice under a loaded test run.
    let asked = 0;
    const done = await warmUpIncarnations(common, { budgetMs: 60_000, stopped: () => ++asked > 1 });
    expect(done.incarnations).toBe(16);
    // A reverted transfer would compile the wrong path (the balance check's revert).
    expect(done.failures).toBe(0);
  });

  it("stops after the slice in which it is told to", async () => {
    const common = createSharedCommon(31337n, { hardfork: "cancun", customCrypto: nativeCustomCrypto() });
    let asked = 0;
    const done = await warmUpIncarnations(common, { budgetMs: 60_000, stopped: () => ++asked > 2 });
    expect(done.incarnations).toBe(32);
    expect(done.failures).toBe(0);
  });

  it("pauses while the devnet is busy, its pauses not counted in its budget", async () => {
    const common = createSharedCommon(31337n, { hardfork: "prague", customCrypto: nativeCustomCrypto() });
    const answers = [true, true, true];
    let asked = 0;
    const started = performance.now();
    const done = await warmUpIncarnations(common, {
      budgetMs: 60_000,
      busy: () => {
        asked++;
        return answers.shift() ?? false;
      },
      // One slice after three pauses.
      stopped: () => asked >= 4,
    });
    expect(done.incarnations).toBe(16);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(done.ms).toBeLessThan(performance.now() - started - 100);
  });

  it("does nothing on a chain before Shanghai, whose EVM lacks the token's PUSH0", async () => {
    const common = createSharedCommon(31337n, { hardfork: "london", customCrypto: nativeCustomCrypto() });
    expect((await warmUpIncarnations(common, { budgetMs: 1_000 })).incarnations).toBe(0);
  });
});
