import { bytesToHex } from "@ethereumjs/util";
import { afterEach, describe, expect, it } from "vitest";
import { keccak256 } from "../../../src/crypto/nativeCrypto.js";
import { NextBlockSettings } from "../../../src/devnet/block/NextBlockSettings.js";
import { Devnet } from "../../../src/devnet/Devnet.js";

const COINBASE = "0x00000000000000000000000000000000000000c0";
const RANDAO = new Uint8Array(32).fill(7);

const devnets: Devnet[] = [];
afterEach(async () => {
  await Promise.all(devnets.splice(0).map((d) => d.close()));
});

async function devnet(): Promise<Devnet> {
  const d = await Devnet.create({
    sequential: true,
    mining: { mode: "manual" },
    genesisTimestamp: 1_700_000_000n,
  });
  devnets.push(d);
  return d;
}

describe("NextBlockSettings", () => {
  it("starts on the wall clock with nothing pinned", () => {
    const settings = NextBlockSettings.initial({ gasLimit: 30_000_000n, coinbase: COINBASE });
    expect(settings).toMatchObject({ timeOffset: 0n, gasLimit: 30_000_000n, coinbase: COINBASE });
    expect([settings.timestamp, settings.baseFee, settings.prevRandao]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(settings.clock(1_000n)).toBe(1_000n);
  });

  it("is a value: a change makes new settings and leaves the old ones as they were", () => {
    const before = NextBlockSettings.initial({ gasLimit: 30_000_000n, coinbase: COINBASE });
    const after = before.with({ timeOffset: 60n, timestamp: 1_700_000_500n });
    expect(after).not.toBe(before);
    expect(before.timeOffset).toBe(0n);
    expect(before.timestamp).toBeUndefined();
    expect(after.clock(1_000n)).toBe(1_060n);
    expect(after.with({ timestamp: undefined }).timestamp).toBeUndefined();
  });

  it("forgets what held for one block once it is mined, and keeps the rest", () => {
    const start = NextBlockSettings.initial({ gasLimit: 30_000_000n, coinbase: COINBASE });
    expect(start.afterBlock()).toBe(start);
    const pinned = start.with({
      timeOffset: 5n,
      gasLimit: 1_000_000n,
      timestamp: 9n,
      baseFee: 3n,
      prevRandao: RANDAO,
    });
    const after = pinned.afterBlock();
    expect(after).toMatchObject({ timeOffset: 5n, gasLimit: 1_000_000n, coinbase: COINBASE });
    expect([after.timestamp, after.baseFee, after.prevRandao]).toEqual([undefined, undefined, undefined]);
  });

  it("moves the clock on with a block stamped ahead of it", () => {
    const start = NextBlockSettings.initial({ gasLimit: 30_000_000n, coinbase: COINBASE });
    const ahead = start.with({ timeOffset: 10n }).afterBlock({ timestamp: 1_050n, wallClock: 1_000n });
    expect(ahead.timeOffset).toBe(50n);
    expect(ahead.clock(1_000n)).toBe(1_050n);
    // A block the clock already reached leaves the offset as it was.
    expect(start.afterBlock({ timestamp: 990n, wallClock: 1_000n })).toBe(start);
  });

  it("stamps the next block with the explicit, pinned or clock time, never before its parent + 1", async () => {
    const d = await devnet();
    const parent = d.head.block.header;
    const base = NextBlockSettings.initial({ gasLimit: 30_000_000n, coinbase: COINBASE });
    const at = { wallClock: 1_800_000_000n, baseFee: 7n };
    expect(base.envAfter(parent, at).timestamp).toBe(1_800_000_000n);
    expect(base.with({ timeOffset: 10n }).envAfter(parent, at).timestamp).toBe(1_800_000_010n);
    const pinned = base.with({ timestamp: 1_750_000_000n });
    expect(pinned.envAfter(parent, at).timestamp).toBe(1_750_000_000n);
    expect(pinned.envAfter(parent, { ...at, timestamp: 1_760_000_000n }).timestamp).toBe(1_760_000_000n);
    expect(base.envAfter(parent, { ...at, wallClock: 0n }).timestamp).toBe(parent.timestamp + 1n);
    const env = base.envAfter(parent, at);
    expect(env).toMatchObject({ gasLimit: 30_000_000n, coinbase: COINBASE, baseFeePerGas: 7n });
    expect(bytesToHex(env.prevRandao)).toBe(bytesToHex(keccak256(parent.mixHash)));
    expect(base.with({ prevRandao: RANDAO }).envAfter(parent, at).prevRandao).toEqual(RANDAO);
  });

  it("gives a devnet's next block its settings, and the block after it only those that last", async () => {
    const d = await devnet();
    d.updateNextBlock({
      timestamp: 1_700_000_100n,
      baseFee: 5n,
      prevRandao: RANDAO,
      coinbase: COINBASE,
      gasLimit: 20_000_000n,
    });
    const first = (await d.mine()).block.header;
    expect(first.timestamp).toBe(1_700_000_100n);
    expect(first.baseFeePerGas).toBe(5n);
    expect(first.mixHash).toEqual(RANDAO);
    expect(first.coinbase.toString()).toBe(COINBASE);
    expect(first.gasLimit).toBe(20_000_000n);
    expect(d.nextBlock.timestamp).toBeUndefined();
    const second = (await d.mine()).block.header;
    expect(second.baseFeePerGas).toBe(first.calcNextBaseFee());
    expect(bytesToHex(second.mixHash)).toBe(bytesToHex(keccak256(RANDAO)));
    expect(second.coinbase.toString()).toBe(COINBASE);
    expect(second.gasLimit).toBe(20_000_000n);
  });
});
