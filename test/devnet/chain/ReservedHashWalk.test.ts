/**
 * The walk of reserved blocks' hashes runs in the background: mining a million blocks answers
 * at once, the event loop keeps turning while the walk goes on, and the reservation's head is
 * announced ("block", what newHeads and new-block filters hear) once its hash is known.
 */
import { bytesToHex } from "@ethereumjs/util";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { afterEach, describe, expect, it } from "vitest";
import type { MinedBlock } from "../../../src/devnet/chain/types.js";
import { Devnet } from "../../../src/devnet/Devnet.js";

let devnet: Devnet | undefined;

afterEach(async () => {
  await devnet?.close();
  devnet = undefined;
});

function heard(chain: Devnet): MinedBlock[] {
  const blocks: MinedBlock[] = [];
  chain.on("block", (mined: MinedBlock) => blocks.push(mined));
  return blocks;
}

describe("ReservedHashWalk", () => {
  it("answers a million blocks at once and keeps the event loop turning while it walks", async () => {
    devnet = await Devnet.create({ sequential: true });
    const started = performance.now();
    await devnet.mineBlocks(1_000_000n);
    // Today's reservation took ~1-20 ms; walking the hashes first would take seconds.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(devnet.chain.height).toBe(1_000_000n);
    const gaps: number[] = [];
    for (let i = 0; i < 5; i++) {
      const asked = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 0));
      gaps.push(performance.now() - asked);
    }
    // A slice is ~8 ms; a loaded machine stretches it.
    expect(Math.max(...gaps)).toBeLessThan(200);
  });

  it("announces the reservation's head once walked, before the block mined on it", async () => {
    devnet = await Devnet.create({ sequential: true });
    const blocks = heard(devnet);
    await devnet.mineBlocks(5_000n);
    const head = devnet.chain.head;
    await devnet.mine();
    expect(blocks.map((mined) => mined.number)).toEqual([1n, 5_000n, 5_001n]);
    const announced = blocks[1] as MinedBlock;
    expect(announced.hash).toBe(head.hash);
    expect(announced.hash).toBe(bytesToHex(keccak_256(announced.block.header.serialize())));
    expect(bytesToHex((blocks[2] as MinedBlock).block.header.parentHash)).toBe(head.hash);
  });
});
