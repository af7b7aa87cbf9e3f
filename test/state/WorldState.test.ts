/** WorldState's code lookups: by account and by hash, before and after a block brings the code. */
import { hexToBytes, KECCAK256_NULL } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { keccak256 } from "../../src/crypto/nativeCrypto.js";
import type { BlockChange } from "../../src/state/JournaledState.js";
import { StateMiss } from "../../src/state/StateMiss.js";
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

describe("WorldState pin", () => {
  const account = (balance: bigint) => ({ nonce: 0n, balance, codeHash: KECCAK256_NULL });
  const change = (address: string, balance: bigint, slots: [string, string][] = []): BlockChange => ({
    address,
    account: account(balance),
    storageCleared: false,
    storage: new Map(slots.map(([slot, value]) => [slot, hexToBytes(value as `0x${string}`)])),
  });
  const SLOT = `0x${"01".padStart(64, "0")}`;

  it("keeps the head it pinned through blocks, edits and a revert", () => {
    const world = new WorldState();
    world.applyBlock([change(A, 1n, [[SLOT, "0x01"]])]);
    world.applyEdit([change(A, 2n)]);
    const pinned = world.pin(world.head);
    world.applyEdit([change(A, 3n, [[SLOT, "0x03"]])]);
    world.applyBlock([change(A, 4n, [[SLOT, "0x04"]]), change(B, 5n)]);
    world.applyBlock([change(A, 6n, [[SLOT, "0x"]])]);
    expect(pinned.getAccount(A)?.balance).toBe(2n);
    expect(pinned.getAccount(B)).toBeUndefined();
    expect(pinned.getStorage(A, SLOT)).toEqual(hexToBytes("0x01"));
    expect(pinned.hasStorage(A)).toBe(true);
    world.revertTo(0);
    expect(world.getAccount(A)?.balance).toBe(1n);
    expect(pinned.getAccount(A)?.balance).toBe(2n);
    expect(pinned.getStorage(A, SLOT)).toEqual(hexToBytes("0x01"));
    pinned.release();
  });

  it("pins a past block through its undo records", () => {
    const world = new WorldState();
    world.applyBlock([change(A, 1n)]);
    world.applyBlock([change(A, 2n)]);
    const pinned = world.pin(0);
    world.applyBlock([change(A, 3n)]);
    expect(pinned.getAccount(A)?.balance).toBe(1n);
    pinned.release();
  });
});

describe("WorldState keepBlocks (--prune-history)", () => {
  const balance = (value: bigint): BlockChange => ({
    address: A,
    account: { nonce: 0n, balance: value, codeHash: KECCAK256_NULL },
    storageCleared: false,
    storage: new Map(),
  });

  it("keeps the state of the last blocks only, and says why an older one is gone", () => {
    const world = new WorldState({ keepBlocks: 3 });
    for (let n = 0n; n <= 9n; n++) world.applyBlock([balance(n)]);
    for (const n of [7, 8, 9]) expect(world.at(n).getAccount(A)?.balance).toBe(BigInt(n));
    expect(() => world.at(6)).toThrow(/no longer kept.*last 3 blocks/);
    expect(() => world.revertTo(6)).toThrow(/not kept/);
    world.revertTo(7);
    expect(world.getAccount(A)?.balance).toBe(7n);
    // Skipped (reserved) blocks move the window too.
    world.skipBlocks(5);
    expect(world.at(12).getAccount(A)?.balance).toBe(7n);
    expect(() => world.at(9)).toThrow(/no longer kept/);
  });

  it("keeps what a reader pinned at a block still reads, as blocks move the window past it", () => {
    const world = new WorldState({ keepBlocks: 2 });
    for (let n = 0n; n <= 3n; n++) world.applyBlock([balance(n)]);
    const pinned = world.pin(2);
    for (let n = 4n; n <= 8n; n++) world.applyBlock([balance(n)]);
    // A long eth_call at block 2 goes on reading block 2, though new readers are refused.
    expect(pinned.getAccount(A)?.balance).toBe(2n);
    expect(() => world.at(2)).toThrow(/no longer kept/);
    expect(() => world.revertTo(5)).toThrow(/not kept/);
    pinned.release();
    pinned.release();
    world.applyBlock([balance(9n)]);
    expect(world.at(8).getAccount(A)?.balance).toBe(8n);
    expect(() => world.at(7)).toThrow(/no longer kept/);
  });

  it("alone (keepBlocks 1) keeps the head's state and drops every undo record", () => {
    const world = new WorldState({ keepBlocks: 1 });
    for (let n = 0n; n <= 4n; n++) world.applyBlock([balance(n)]);
    expect(world.getAccount(A)?.balance).toBe(4n);
    expect(world.at(4).getAccount(A)?.balance).toBe(4n);
    expect(() => world.at(3)).toThrow(/no longer kept/);
  });
});

describe("a lazy WorldState (a fork's)", () => {
  const a = `0x${"aa".repeat(20)}`;
  const b = `0x${"bb".repeat(20)}`;
  const slot = `0x${"00".repeat(31)}01`;
  const other = `0x${"00".repeat(31)}02`;
  const info = (balance: bigint) => ({ nonce: 0n, balance, codeHash: KECCAK256_NULL });

  it("throws a StateMiss for what it neither holds nor knows absent", () => {
    const world = WorldState.restored([], 10, { lazy: true });
    expect(() => world.getAccount(a)).toThrow(
      expect.objectContaining({ key: { kind: "account", address: a } }),
    );
    expect(() => world.getStorage(a, slot)).toThrow(StateMiss);
    world.materialize({
      accounts: new Map([[a, { account: undefined, code: new Uint8Array() }]]),
      slots: new Map(),
    });
    expect(world.getAccount(a)).toBeUndefined();
  });

  it("lays loaded values under local writes, which win, and under every block", () => {
    const world = WorldState.restored([], 10, { lazy: true });
    world.applyBlock([
      { address: a, account: info(5n), storageCleared: false, storage: new Map([[slot, Uint8Array.of(9)]]) },
    ]);
    const laid = world.materialize({
      accounts: new Map([
        [a, { account: info(1n), code: new Uint8Array() }],
        [b, { account: info(2n), code: new Uint8Array() }],
      ]),
      slots: new Map([
        [
          a,
          new Map([
            [slot, Uint8Array.of(1)],
            [other, Uint8Array.of(2)],
          ]),
        ],
      ]),
    });
    expect(world.getAccount(a)?.balance).toBe(5n);
    expect(world.getStorage(a, slot)).toEqual(Uint8Array.of(9));
    expect(world.getStorage(a, other)).toEqual(Uint8Array.of(2));
    expect(world.at(10).getAccount(b)?.balance).toBe(2n);
    // What the replicas get: what was laid, not what was written.
    expect(laid.map((change) => change.address).sort()).toEqual([a, b]);
    expect([...(laid.find((change) => change.address === a)?.storage.keys() ?? [])]).toEqual([other]);
  });

  it("tells a replica what it knows absent or zero", () => {
    const world = WorldState.restored([], 10, { lazy: true });
    world.materialize({
      accounts: new Map([
        [a, { account: info(1n), code: new Uint8Array() }],
        [b, { account: undefined, code: new Uint8Array() }],
      ]),
      slots: new Map([[a, new Map([[slot, new Uint8Array()]])]]),
    });
    const replica = new WorldState({ history: false, lazy: true });
    replica.applyBlock(world.knownSnapshot());
    expect(replica.getAccount(b)).toBeUndefined();
    expect(replica.getStorage(a, slot)).toEqual(new Uint8Array());
    expect(() => replica.getStorage(a, other)).toThrow(StateMiss);
  });
});
