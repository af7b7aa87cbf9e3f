import { KECCAK256_NULL } from "@ethereumjs/util";
import { describe, expect, it } from "vitest";
import { changesFrom } from "../../src/parallel/changesFrom.js";
import { balanceKey, codeKey, nonceKey, storageKey } from "../../src/parallel/locations.js";
import { MultiVersionMemory } from "../../src/parallel/MultiVersionMemory.js";
import type { BlockChange } from "../../src/state/JournaledState.js";
import { WorldState } from "../../src/state/WorldState.js";
import { writeLog } from "../support/logs.js";

const address = (byte: string) => `0x${byte.repeat(20)}`;
const SENDER = address("aa");
const CONTRACT = address("bb");
const COINBASE = address("cc");
const GONE = address("dd");
const STORED = address("ee");
const PRE_CODE_HASH = Uint8Array.from({ length: 32 }, (_, i) => i);

/** The state before the block: every account but CONTRACT exists. */
function preState(): WorldState {
  const world = new WorldState();
  const account = (a: string, nonce: bigint, balance: bigint, codeHash = KECCAK256_NULL): BlockChange => ({
    address: a,
    account: { nonce, balance, codeHash },
    storageCleared: false,
    storage: new Map(),
  });
  world.applyBlock([
    account(SENDER, 3n, 1000n),
    account(COINBASE, 0n, 10n),
    account(GONE, 1n, 5n),
    account(STORED, 2n, 40n, PRE_CODE_HASH),
  ]);
  return world;
}

const byAddress = (changes: BlockChange[]) => new Map(changes.map((c) => [c.address, c]));

describe("changesFrom", () => {
  it("takes each location's highest write, and the rest of a touched account from the pre-state", () => {
    const mv = new MultiVersionMemory();
    const code = { hash: new Uint8Array(32).fill(7), code: Uint8Array.of(0x60, 0x00) };
    mv.record(0, 0, writeLog([nonceKey(SENDER), 4n], [balanceKey(SENDER), 900n]));
    mv.record(
      1,
      0,
      writeLog(
        [nonceKey(CONTRACT), 1n],
        [codeKey(CONTRACT), code],
        [storageKey(CONTRACT, "0x01"), Uint8Array.of(9)],
      ),
    );
    mv.record(2, 1, writeLog([balanceKey(SENDER), 800n], [storageKey(STORED, "0x02"), Uint8Array.of(3)]));

    const changes = byAddress(changesFrom(mv, preState()));
    expect(changes.size).toBe(3);
    expect(changes.get(SENDER)).toEqual({
      address: SENDER,
      account: { nonce: 4n, balance: 800n, codeHash: KECCAK256_NULL },
      storageCleared: false,
      storage: new Map(),
    });
    expect(changes.get(CONTRACT)).toEqual({
      address: CONTRACT,
      account: { nonce: 1n, balance: 0n, codeHash: code.hash },
      storageCleared: false,
      storage: new Map([["0x01", Uint8Array.of(9)]]),
      code: code.code,
    });
    // Only a slot written: the account is the pre-state's, code hash included, and no code is set.
    const stored = changes.get(STORED);
    expect(stored?.account).toEqual({ nonce: 2n, balance: 40n, codeHash: PRE_CODE_HASH });
    expect(stored?.storage).toEqual(new Map([["0x02", Uint8Array.of(3)]]));
    expect(stored !== undefined && "code" in stored).toBe(false);
  });

  it("folds the fee recipient's credits onto its balance before the block, or onto a balance written in it", () => {
    const credits = new MultiVersionMemory();
    credits.record(0, 0, writeLog([balanceKey(COINBASE), { delta: 5n }]));
    credits.record(1, 0, writeLog([balanceKey(COINBASE), { delta: 7n }]));
    expect(byAddress(changesFrom(credits, preState())).get(COINBASE)?.account?.balance).toBe(22n);

    const written = new MultiVersionMemory();
    written.record(0, 0, writeLog([balanceKey(COINBASE), { delta: 5n }]));
    written.record(1, 0, writeLog([balanceKey(COINBASE), 50n]));
    written.record(2, 0, writeLog([balanceKey(COINBASE), { delta: 7n }]));
    expect(byAddress(changesFrom(written, preState())).get(COINBASE)?.account?.balance).toBe(57n);

    // An account the block creates by crediting it starts from zero.
    const fresh = new MultiVersionMemory();
    fresh.record(0, 0, writeLog([balanceKey(CONTRACT), { delta: 3n }], [nonceKey(CONTRACT), 0n]));
    expect(byAddress(changesFrom(fresh, preState())).get(CONTRACT)?.account?.balance).toBe(3n);
  });

  it("removes an account whose final nonce is null (it no longer exists)", () => {
    const mv = new MultiVersionMemory();
    mv.record(0, 0, writeLog([nonceKey(GONE), null], [balanceKey(GONE), 0n]));
    const gone = byAddress(changesFrom(mv, preState())).get(GONE);
    expect(gone?.account).toBeUndefined();
  });

  it("leaves an account that was written only by a forgotten transaction out", () => {
    const mv = new MultiVersionMemory();
    mv.record(0, 0, writeLog([balanceKey(SENDER), 1n]));
    mv.record(1, 0, writeLog([balanceKey(GONE), 2n]));
    mv.forget(1);
    expect([...byAddress(changesFrom(mv, preState())).keys()]).toEqual([SENDER]);
  });
});
