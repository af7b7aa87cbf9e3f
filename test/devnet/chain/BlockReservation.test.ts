/**
 * A reserved block is the block mining it for real gives, but for prevRandao (and so its hash):
 * the same run of empty blocks is mined for real (a count below the reservation threshold) and
 * reserved from the same parent, and the two are compared field by field. Its hash is keccak of
 * its RLP header, as the walk of the chain of hashes computes it.
 */
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { keccak_256 } from "@noble/hashes/sha3.js";
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

  it("hashes each block as keccak of its RLP header, linked to its parent's hash", () => {
    expect(bytesToHex(reservation.block(2n).block.header.parentHash)).toBe(built(1n).hash);
    // While the base fee falls, and once it settled.
    for (const n of [2n, 3n, 150n, BLOCKS]) {
      const block = reservation.block(n);
      expect(block.hash, `block ${n}`).toBe(bytesToHex(keccak_256(block.block.header.serialize())));
      const parent = n === 2n ? built(1n) : reservation.block(n - 1n);
      expect(bytesToHex(block.block.header.parentHash)).toBe(parent.hash);
      expect(block.hash).toBe(bytesToHex(reservation.hashOf(n)));
      expect(reservation.numberOfHash(reservation.hashOf(n))).toBe(n);
    }
    expect(reservation.numberOfHash(hexToBytes(built(5n).hash as `0x${string}`))).toBeUndefined();
  });

  it("walks long reservations by segments: any block's hash from its checkpoint, found by hash", () => {
    const parent = built(BLOCKS);
    const long = BlockReservation.create(
      devnet.common,
      { header: parent.block.header, hash: hexToBytes(parent.hash as `0x${string}`) },
      {
        count: 5_000n,
        interval: INTERVAL,
        env: {
          timestamp: parent.block.header.timestamp + INTERVAL,
          gasLimit: parent.block.header.gasLimit,
          coinbase: parent.block.header.coinbase.toString(),
          baseFeePerGas: 7n,
          prevRandao: new Uint8Array(32).fill(7),
        },
      },
    );
    // Asked for out of order: the last block first walks the whole chain.
    const numbers = [long.last, long.first + 1023n, long.first + 1024n, long.first + 2049n, long.first];
    for (const n of numbers) {
      const block = long.block(n);
      expect(block.hash, `block ${n}`).toBe(bytesToHex(keccak_256(block.block.header.serialize())));
      const parentHash = n === long.first ? parent.hash : long.block(n - 1n).hash;
      expect(bytesToHex(block.block.header.parentHash)).toBe(parentHash);
      expect(long.numberOfHash(hexToBytes(block.hash as `0x${string}`))).toBe(n);
    }
    expect(long.walkHashesUntil(Number.POSITIVE_INFINITY)).toBe(false);
    const short = long.through(long.first + 1500n);
    expect(short.numberOfHash(long.hashOf(long.first + 1501n))).toBeUndefined();
    expect(short.numberOfHash(long.hashOf(long.first + 1500n))).toBe(long.first + 1500n);
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
