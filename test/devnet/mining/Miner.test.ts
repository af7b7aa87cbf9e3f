import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { Devnet } from "../../../src/devnet/Devnet.js";
import { Miner } from "../../../src/devnet/mining/Miner.js";

const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe("Miner", () => {
  it("mines on a timer in interval mode, and stops when the mode changes", async () => {
    let mined = 0;
    const miner = new Miner(async () => mined++);
    stops.push(() => miner.stop());
    miner.setMode({ mode: "interval", seconds: 0.02 });
    expect(miner.automine).toBe(false);
    await sleep(150);
    expect(mined).toBeGreaterThanOrEqual(2);
    miner.setMode({ mode: "auto" });
    expect(miner.automine).toBe(true);
    expect(miner.mode).toEqual({ mode: "auto" });
    const after = mined;
    await sleep(100);
    expect(mined).toBe(after);
  });

  it("keeps its mode when stopped", () => {
    const miner = new Miner(async () => undefined);
    miner.setMode({ mode: "interval", seconds: 1 });
    miner.stop();
    expect(miner.mode).toEqual({ mode: "interval", seconds: 1 });
  });

  it("mines a devnet's blocks on its interval until the devnet closes", async () => {
    const devnet = await Devnet.create({ sequential: true, mining: { mode: "interval", seconds: 0.02 } });
    stops.push(() => devnet.close());
    expect(devnet.automine).toBe(false);
    // Blocks come every 20 ms once the devnet can execute (KZG loads first, longer on a busy
    // machine): wait for two, up to a generous limit, rather than a fixed time.
    const deadline = Date.now() + 10_000;
    while (devnet.chain.height < 2n && Date.now() < deadline) await sleep(20);
    const height = devnet.chain.height;
    expect(height).toBeGreaterThanOrEqual(2n);
    await devnet.close();
    await sleep(100);
    expect(devnet.chain.height).toBe(height);
  });
});
