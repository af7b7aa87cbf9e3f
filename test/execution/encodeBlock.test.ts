import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Block } from "@ethereumjs/block";
import { createTx, type TypedTransaction, type TypedTxData } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { afterAll, describe, expect, it } from "vitest";
import { loadBlockFixture } from "../../src/cli/replay/blockFixture.js";
import { Devnet } from "../../src/devnet/Devnet.js";
import { encodeBlock, headerHash } from "../../src/execution/encodeBlock.js";
import { MAINNET_BLOCKS } from "../support/mainnetBlocks.js";

describe("encodeBlock and headerHash", () => {
  const devnets: Devnet[] = [];
  afterAll(async () => {
    for (const devnet of devnets) await devnet.close();
  });

  it("are Block.serialize() and Block.hash() for a devnet's blocks of every transaction type", async () => {
    const devnet = await Devnet.create({ mining: { mode: "manual" } });
    devnets.push(devnet);
    const key = hexToBytes(devnet.accounts[0]?.privateKey as `0x${string}`);
    const sender = devnet.accounts[0]?.address as string;
    const dead = "0x000000000000000000000000000000000000dEaD";
    const gasPrice = 10n ** 10n;
    const fees = { maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n };
    const accessList = [{ address: sender as `0x${string}`, storageKeys: [bytesToHex(new Uint8Array(32))] }];
    const kinds: TypedTxData[] = [
      { type: 0, to: dead, gasPrice },
      { type: 1, to: dead, gasPrice, accessList },
      { type: 2, to: dead, ...fees, data: hexToBytes("0x1234") },
      { type: 2, ...fees, data: hexToBytes("0x6000") }, // a deployment: no `to`
    ];
    const transactions: TypedTransaction[] = kinds.map((fields, nonce) =>
      createTx(
        { value: 1n, gasLimit: 100_000n, chainId: devnet.options.chainId, nonce: BigInt(nonce), ...fields },
        { common: devnet.common },
      ).sign(key),
    );
    for (const tx of transactions) await devnet.sendTransaction(tx, sender);
    const mined = await devnet.mine();
    expect(mined.block.transactions.map((tx) => tx.type)).toEqual([0, 1, 2, 2]);
    const empty = await devnet.mine();
    for (const block of [mined.block, empty.block, devnet.chain.byNumber(0n)?.block as Block]) {
      expect(bytesToHex(encodeBlock(block))).toBe(bytesToHex(block.serialize()));
      expect(bytesToHex(headerHash(block.header))).toBe(bytesToHex(block.hash()));
    }
  });

  it("are Block.serialize() and Block.hash() for the mainnet blocks, with and without withdrawals", async () => {
    const dirs = readdirSync(MAINNET_BLOCKS, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(dirs.length).toBeGreaterThan(10);
    for (const dir of dirs) {
      const { block } = await loadBlockFixture(join(MAINNET_BLOCKS, dir.name));
      const copy = new Block(block.header, block.transactions, [], block.withdrawals, {
        common: block.common,
      });
      expect(bytesToHex(encodeBlock(copy)), dir.name).toBe(bytesToHex(block.serialize()));
      expect(bytesToHex(headerHash(block.header)), dir.name).toBe(bytesToHex(block.hash()));
    }
  });
});
