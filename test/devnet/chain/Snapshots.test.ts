import { createTx } from "@ethereumjs/tx";
import { hexToBytes } from "@ethereumjs/util";
import { afterEach, describe, expect, it } from "vitest";
import { NextBlockSettings } from "../../../src/devnet/block/NextBlockSettings.js";
import { Snapshots } from "../../../src/devnet/chain/Snapshots.js";
import { Devnet } from "../../../src/devnet/Devnet.js";

const RECIPIENT = "0x000000000000000000000000000000000000dead";
const COINBASE = "0x00000000000000000000000000000000000000c0";

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

/** Sends 1 wei from dev account `index` with `nonce`; returns the transaction's hash. */
async function send(d: Devnet, index: number, nonce: bigint): Promise<string> {
  const account = d.accounts[index] as { address: string; privateKey: string };
  const tx = createTx(
    {
      type: 2,
      nonce,
      to: RECIPIENT,
      value: 1n,
      gasLimit: 21_000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 10n ** 9n,
      chainId: d.options.chainId,
    },
    { common: d.common },
  ).sign(hexToBytes(account.privateKey as `0x${string}`));
  return d.sendTransaction(tx, account.address);
}

describe("Snapshots", () => {
  const snapshot = {
    head: 0n,
    edits: [],
    pool: [],
    nextBlock: NextBlockSettings.initial({ gasLimit: 1n, coinbase: COINBASE }),
  };

  it("numbers snapshots from 1 and never gives an id twice", () => {
    const snapshots = new Snapshots();
    expect([snapshots.take(snapshot), snapshots.take(snapshot)]).toEqual([1, 2]);
    snapshots.clear();
    expect(snapshots.size).toBe(0);
    expect(snapshots.take(snapshot)).toBe(3);
  });

  it("uses up a snapshot with every later one, and keeps the earlier ones", () => {
    const snapshots = new Snapshots();
    const ids = [
      snapshots.take(snapshot),
      snapshots.take({ ...snapshot, head: 1n }),
      snapshots.take(snapshot),
    ];
    expect(snapshots.useUp(ids[1] as number)?.head).toBe(1n);
    expect(snapshots.useUp(ids[1] as number)).toBeUndefined();
    expect(snapshots.useUp(ids[2] as number)).toBeUndefined();
    expect(snapshots.size).toBe(1);
    expect(snapshots.useUp(ids[0] as number)).toBe(snapshot);
    expect(snapshots.useUp(99)).toBeUndefined();
  });
});

describe("Devnet snapshots", () => {
  it("bring back blocks, state, edits, pool and next-block settings as they were", async () => {
    const d = await devnet();
    const first = d.accounts[0] as { address: string };
    const second = d.accounts[1] as { address: string };
    await d.editState([d.accountEdit(first.address, { balance: 5n * 10n ** 18n })]);
    d.updateNextBlock({ timeOffset: 100n, gasLimit: 25_000_000n, coinbase: COINBASE, baseFee: 3n });
    const pooled = await send(d, 1, 0n);
    const settings = d.nextBlock;
    const id = await d.snapshot();

    await d.mine();
    await d.editState([d.accountEdit(second.address, { nonce: 9n })]);
    d.updateNextBlock({ timeOffset: 0n, gasLimit: 10_000_000n, timestamp: 1_900_000_000n });
    await send(d, 2, 0n);

    expect(await d.revert(id)).toBe(true);
    expect(d.chain.height).toBe(0n);
    expect(d.nextBlock).toBe(settings);
    expect([...d.pool.all()].map((entry) => entry.hash)).toEqual([pooled]);
    expect(d.world.getAccount(first.address)?.balance).toBe(5n * 10n ** 18n);
    expect(d.world.getAccount(second.address)?.nonce).toBe(0n);
    expect(await d.revert(id)).toBe(false);

    // The edit made before the snapshot is the one block 1 now starts from.
    const mined = await d.mine();
    expect(mined.block.transactions.length).toBe(1);
    expect(mined.block.header.baseFeePerGas).toBe(3n);
    expect(d.stateBefore(1n).getAccount(first.address)?.balance).toBe(5n * 10n ** 18n);
  });

  it("refuse an id used up by going back to an earlier one", async () => {
    const d = await devnet();
    const earlier = await d.snapshot();
    await d.mine();
    const later = await d.snapshot();
    await d.mine();
    expect(await d.revert(earlier)).toBe(true);
    expect(await d.revert(later)).toBe(false);
    expect(d.chain.height).toBe(0n);
  });
});
