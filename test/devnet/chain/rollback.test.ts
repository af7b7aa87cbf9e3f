import { bytesToHex } from "@ethereumjs/util";
import { afterEach, describe, expect, it } from "vitest";
import { Devnet, type ReorgTransaction } from "../../../src/devnet/Devnet.js";
import type { DevnetOptions } from "../../../src/devnet/DevnetOptions.js";
import { signedDevTx } from "../../support/devTransactions.js";

const devnets: Devnet[] = [];
afterEach(async () => {
  await Promise.all(devnets.splice(0).map((d) => d.close()));
});

async function devnet(options: Partial<DevnetOptions> = {}): Promise<Devnet> {
  const d = await Devnet.create({ mining: { mode: "manual" }, sequential: true, ...options });
  devnets.push(d);
  return d;
}

/** A transfer of `value` wei from dev account `from` to dev account `to`. */
function transfer(
  d: Devnet,
  from: number,
  nonce: number,
  to: number | string,
  value = 1000n,
): ReorgTransaction {
  const recipient = typeof to === "string" ? to : d.accounts[to]?.address;
  return signedDevTx(d, from, nonce, recipient, "0x", value, 21_000n);
}

async function mineOne(d: Devnet, ...txs: ReorgTransaction[]) {
  for (const { tx, sender } of txs) await d.sendTransaction(tx, sender);
  return d.mine();
}

const address = (d: Devnet, i: number) => d.accounts[i]?.address as string;

describe("Devnet.rollback", () => {
  it("goes back to the state and root of the new head; the same block mined again gets the same root", async () => {
    const d = await devnet();
    await mineOne(d, transfer(d, 0, 0, 1));
    const again = transfer(d, 0, 1, 2);
    const first = await mineOne(d, again);
    const rootAtOne = bytesToHex(d.headerAt(1n).stateRoot);
    await d.editState([d.accountEdit(address(d, 5), { balance: 1n })]);
    await d.rollback(1n);
    expect(d.chain.height).toBe(1n);
    expect(d.world.getAccount(address(d, 0))?.nonce).toBe(1n);
    // The edit made after the removed block is undone with it.
    expect(d.world.getAccount(address(d, 5))?.balance).toBe(d.options.balance);
    expect(d.chain.locateTransaction(bytesToHex(again.tx.hash()))).toBeUndefined();
    expect(bytesToHex(d.head.block.header.stateRoot)).toBe(rootAtOne);
    const remined = await mineOne(d, again);
    expect(bytesToHex(remined.block.header.stateRoot)).toBe(bytesToHex(first.block.header.stateRoot));
  });

  it("uses up the snapshots of the removed heads and keeps the earlier ones", async () => {
    const d = await devnet();
    const early = await d.snapshot();
    await mineOne(d, transfer(d, 0, 0, 1));
    const late = await d.snapshot();
    await d.rollback(1n);
    expect(await d.revert(late)).toBe(false);
    await mineOne(d, transfer(d, 0, 0, 1));
    expect(await d.revert(early)).toBe(true);
    expect(d.chain.height).toBe(0n);
  });

  it("refuses to go below a loaded dump's head, leaving the chain as it was", async () => {
    const d = await devnet();
    await mineOne(d, transfer(d, 0, 0, 1));
    await mineOne(d, transfer(d, 0, 1, 1));
    const loaded = await devnet();
    await loaded.load(await d.dump());
    await expect(loaded.rollback(1n)).rejects.toMatchObject({ code: -32602 });
    expect(loaded.chain.height).toBe(2n);
    expect(loaded.world.getAccount(address(loaded, 0))?.nonce).toBe(2n);
  });
});

describe("Devnet.reorg", () => {
  it("replaces blocks on the parallel engine with what sequential execution gives", async () => {
    // Calls to code (a lone STOP), so that the engine takes the block.
    const contract = `0x${"c0".repeat(20)}`;
    const blocks = (d: Devnet) => [
      Array.from({ length: 20 }, (_, i) =>
        transfer(d, 1 + (i % 9), Math.floor(i / 9), contract, BigInt(i + 1)),
      ),
      [transfer(d, 0, 0, 1)],
    ];
    const roots: string[][] = [];
    for (const sequential of [true, false]) {
      const d = await devnet({
        sequential,
        threads: 2,
        minParallelTransactions: 2,
        minParallelCodeShare: 0,
        learnExecutor: false,
      });
      // Block 1, the common ancestor, holds the code edit.
      await d.editState([d.accountEdit(contract, { code: Uint8Array.of(0) })]);
      await mineOne(d);
      await mineOne(d, transfer(d, 0, 0, 3));
      await mineOne(d, transfer(d, 0, 1, 3));
      const mined = await d.reorg(2n, async (ancestor) => {
        expect(ancestor).toBe(1n);
        return blocks(d);
      });
      expect(mined.map((block) => block.block.transactions.length)).toEqual([20, 1]);
      expect(mined[0]?.ran?.executor).toBe(sequential ? "sequential" : "parallel");
      expect(d.world.getAccount(address(d, 0))?.nonce).toBe(1n);
      roots.push(mined.map((block) => bytesToHex(block.block.header.stateRoot)));
    }
    expect(roots[1]).toEqual(roots[0]);
  });
});
