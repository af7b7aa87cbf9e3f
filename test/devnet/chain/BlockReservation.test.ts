/**
 * A reserved block is the block mining it for real gives, but for its hash and prevRandao: the
 * same run of empty blocks is mined for real (a count below the reservation threshold) and
 * reserved from the same parent, and the two are compared field by field.
 */
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BlockReservation } from "../../../src/devnet/chain/BlockReservation.js";
import type { MinedBlock } from "../../../src/devnet/chain/types.js";
import { Devnet } from "../../../src/devnet/Devnet.js";

const BLOCKS = 300n;
const INTERVAL = 12n;

let devnet: Devnet;
let reservation: BlockReservation;

function built(number: bigint): MinedBlock {
  const mined = devnet.chain.byNumber(number);
  if (mined === undefined) throw new Error(`no block ${number}`);
  return mined;
}

beforeAll(async () => {
  devnet = await Devnet.create({ sequential: true, genesisTimestamp: 1_700_000_000n });
  // 300 empty blocks built one by one: the base fee falls from 1 gwei and settles at 7 wei.
  await devnet.mineBlocks(BLOCKS, INTERVAL);
  const parent = built(1n);
  const second = built(2n).block.header;
  reservation = BlockReservation.create(
    devnet.common,
    { header: parent.block.header, hash: hexToBytes(parent.hash as `0x${string}`) },
    {
      count: BLOCKS - 1n,
      interval: INTERVAL,
      env: {
        timestamp: second.timestamp,
        gasLimit: second.gasLimit,
        coinbase: second.coinbase.toString(),
        baseFeePerGas: second.baseFeePerGas,
        prevRandao: second.mixHash,
      },
    },
  );
});

afterAll(async () => {
  await devnet?.close();
});

describe("BlockReservation", () => {
  it("makes the blocks mining makes, but for hash, parentHash and prevRandao", () => {
    expect(reservation.first).toBe(2n);
    expect(reservation.last).toBe(BLOCKS);
    for (let n = 2n; n <= BLOCKS; n++) {
      const real = built(n).block;
      const reserved = reservation.block(n).block;
      const { parentHash: _p, mixHash: _m, ...realFields } = real.header.toJSON();
      const { parentHash: _q, mixHash: _n, ...reservedFields } = reserved.header.toJSON();
      expect(reservedFields, `block ${n}`).toEqual(realFields);
      expect(reserved.transactions).toEqual([]);
    }
    expect(built(BLOCKS).block.header.baseFeePerGas).toBe(7n);
  });

  it("links each block to its parent's hash, and hashes each block by its reservation and number", () => {
    expect(bytesToHex(reservation.block(2n).block.header.parentHash)).toBe(built(1n).hash);
    for (const n of [3n, 150n, BLOCKS]) {
      const block = reservation.block(n);
      expect(bytesToHex(block.block.header.parentHash)).toBe(reservation.block(n - 1n).hash);
      expect(block.hash.slice(-16)).toBe(n.toString(16).padStart(16, "0"));
      expect(block.hash).toBe(bytesToHex(reservation.hashOf(n)));
      expect(reservation.numberOfHash(reservation.hashOf(n))).toBe(n);
    }
    expect(reservation.numberOfHash(hexToBytes(built(5n).hash as `0x${string}`))).toBeUndefined();
  });

  it("is the same reservation, block for block, when made again or cut short", () => {
    const again = BlockReservation.restore(devnet.common, { ...reservation.fields });
    const short = reservation.through(100n);
    expect(short.last).toBe(100n);
    for (const n of [2n, 50n, 100n]) {
      expect(bytesToHex(again.block(n).block.serialize())).toBe(
        bytesToHex(reservation.block(n).block.serialize()),
      );
      expect(short.block(n).hash).toBe(reservation.block(n).hash);
    }
    expect(short.numberOfHash(reservation.hashOf(101n))).toBeUndefined();
  });
});
