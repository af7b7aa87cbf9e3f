/** WorldState's code lookups: by account and by hash, before and after a block brings the code. */
import { hexToBytes, KECCAK256_NULL } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { keccak256 } from "../../src/crypto/nativeCrypto.js";
import type { BlockChange } from "../../src/state/JournaledState.js";
import { WorldState } from "../../src/state/WorldState.js";

const CODE = hexToBytes("0x6001600055");
const OTHER_CODE = hexToBytes("0x6002600055");
const A = `0x${"aa".repeat(20)}`;
const B = `0x${"bb".repeat(20)}`;

function deploy(address: string, code: Uint8Array, codeHash = keccak256(code)): BlockChange {
  return {
    address,
    account: { nonce: 1n, balance: 0n, codeHash },
    code,
    storageCleared: false,
    storage: new Map(),
  };
}

describe("WorldState code", () => {
  it("finds code by hash, the same hash array again and an equal copy of it", () => {
    const world = new WorldState();
    world.applyBlock([deploy(A, CODE)]);
    const hash = world.getAccount(A)?.codeHash as Uint8Array;
    expect(world.codeByHash(hash)).toEqual(CODE);
    expect(world.codeByHash(hash)).toEqual(CODE);
    expect(world.codeByHash(Uint8Array.from(hash))).toEqual(CODE);
    expect(world.getCode(A)).toEqual(CODE);
    expect(world.codeByHash(KECCAK256_NULL)).toEqual(new Uint8Array());
    expect(world.getCode(B)).toEqual(new Uint8Array());
  });

  it("finds code a later block brings for a hash that was looked up before it existed", () => {
    const world = new WorldState();
    world.applyBlock([deploy(A, CODE)]);
    const otherHash = keccak256(OTHER_CODE);
    expect(world.codeByHash(otherHash)).toEqual(new Uint8Array());
    world.applyBlock([deploy(B, OTHER_CODE, otherHash)]);
    expect(world.codeByHash(otherHash)).toEqual(OTHER_CODE);
    expect(world.getCode(B)).toEqual(OTHER_CODE);
    expect(world.getCode(A)).toEqual(CODE);
  });
});
