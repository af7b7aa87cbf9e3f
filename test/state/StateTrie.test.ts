import { readFileSync } from "node:fs";
import path from "node:path";
import { createMerkleProof, MerklePatriciaTrie } from "@ethereumjs/mpt";
import { RLP } from "@ethereumjs/rlp";
import { Account, bytesToHex, hexToBytes, KECCAK256_NULL } from "@ethereumjs/util";
import { keccak_256 as keccak256 } from "@noble/hashes/sha3.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StateTrie } from "../../src/state/StateTrie.js";
import type { AccountChange, AccountInfo, AddressHex, SlotHex } from "../../src/state/types.js";
import { MAINNET_BLOCKS } from "../support/mainnetBlocks.js";

const EMPTY_ROOT = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";

// ---- the reference: @ethereumjs/mpt built from scratch over a plain model of the state ----

type ModelAccount = { info: AccountInfo; storage: Map<SlotHex, Uint8Array> };
type Model = Map<AddressHex, ModelAccount>;

function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

function slotBytes(slot: SlotHex): Uint8Array {
  return hexToBytes(`0x${slot.slice(2).padStart(64, "0")}`);
}

function applyToModel(model: Model, changes: AccountChange[]): void {
  for (const change of changes) {
    if (change.account === undefined) {
      model.delete(change.address);
      continue;
    }
    const previous = model.get(change.address);
    const storage = previous === undefined || change.storageCleared ? new Map() : previous.storage;
    for (const [slot, raw] of change.storage) {
      const value = stripLeadingZeros(raw);
      if (value.length === 0) storage.delete(slot);
      else storage.set(slot, value);
    }
    model.set(change.address, { info: change.account, storage });
  }
}

function cloneModel(model: Model): Model {
  return new Map([...model].map(([address, a]) => [address, { info: a.info, storage: new Map(a.storage) }]));
}

async function reference(
  model: Model,
): Promise<{ trie: MerklePatriciaTrie; storageRoots: Map<AddressHex, string> }> {
  const trie = new MerklePatriciaTrie({ useKeyHashing: true });
  const storageRoots = new Map<AddressHex, string>();
  for (const [address, { info, storage }] of model) {
    const storageTrie = new MerklePatriciaTrie({ useKeyHashing: true });
    for (const [slot, value] of storage) await storageTrie.put(slotBytes(slot), RLP.encode(value));
    storageRoots.set(address, bytesToHex(storageTrie.root()));
    const account = new Account(info.nonce, info.balance, storageTrie.root(), info.codeHash);
    await trie.put(hexToBytes(address as `0x${string}`), account.serialize());
  }
  return { trie, storageRoots };
}

// ---- keys whose hashes share long prefixes, so that extensions split and merge ----

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i;
}

/** The element at `i`; tests index only where they know the element exists. */
function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`no element ${i}`);
  return item;
}

/**
 * A chain of keys whose hashes share L, L-1, ..., 0 leading nibbles with the first one (L: the
 * longest shared prefix among the candidates), plus `extra` other keys.
 */
function clusteredKeys(candidates: string[], toBytes: (key: string) => Uint8Array, extra: number): string[] {
  const hashed = candidates
    .map((key) => ({ key, hash: bytesToHex(keccak256(toBytes(key))).slice(2) }))
    .sort((a, b) => (a.hash < b.hash ? -1 : 1));
  let best = 0;
  let longest = 0;
  for (let i = 1; i < hashed.length; i++) {
    const l = commonPrefixLength(at(hashed, i - 1).hash, at(hashed, i).hash);
    if (l > longest) [best, longest] = [i - 1, l];
  }
  const anchor = at(hashed, best);
  const keys = [anchor.key, at(hashed, best + 1).key];
  for (let l = longest - 1; l >= 0; l--) {
    const other = hashed.find((h) => commonPrefixLength(h.hash, anchor.hash) === l);
    if (other !== undefined) keys.push(other.key);
  }
  for (let i = 0; i < extra; i++) keys.push(at(hashed, (i * 7919) % hashed.length).key);
  return [...new Set(keys)];
}

const candidates = Array.from({ length: 20_000 }, (_, i) => i.toString(16));
const ADDRESSES = clusteredKeys(
  candidates.map((i) => `0x${i.padStart(40, "0")}`),
  (a) => hexToBytes(a as `0x${string}`),
  4,
);
const SLOTS = clusteredKeys(
  candidates.map((i) => `0x${i.padStart(64, "0")}`),
  (s) => hexToBytes(s as `0x${string}`),
  3,
);
const CODE_HASHES = [KECCAK256_NULL, keccak256(Uint8Array.of(0x60, 0x00))];

const accountArb: fc.Arbitrary<AccountInfo | undefined> = fc
  .option(
    fc.record({
      nonce: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
      balance: fc.oneof(fc.bigInt({ min: 0n, max: 300n }), fc.bigInt({ min: 0n, max: 2n ** 256n - 1n })),
      codeHash: fc.constantFrom(...CODE_HASHES),
    }),
    { freq: 5, nil: undefined },
  )
  .map((a) => a);

const valueArb = fc.oneof(
  fc.constant(new Uint8Array()),
  fc.constant(Uint8Array.of(0)),
  fc.uint8Array({ minLength: 1, maxLength: 2 }),
  fc.uint8Array({ minLength: 1, maxLength: 32 }),
);

const changeArb: fc.Arbitrary<AccountChange> = fc.record({
  address: fc.constantFrom(...ADDRESSES),
  account: accountArb,
  storageCleared: fc.oneof(
    { weight: 5, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  ),
  storage: fc
    .array(fc.tuple(fc.constantFrom(...SLOTS), valueArb), { maxLength: 6 })
    .map((entries) => new Map(entries)),
});

type Step = { kind: "block"; changes: AccountChange[] } | { kind: "rollback"; pick: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(changeArb, { maxLength: 6 }).map((changes) => ({ kind: "block" as const, changes })),
  },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: "rollback" as const, pick })) },
);

async function expectMatchesReference(trie: StateTrie, model: Model): Promise<void> {
  const { trie: ref, storageRoots } = await reference(model);
  expect(bytesToHex(trie.root())).toBe(bytesToHex(ref.root()));
  for (const address of new Set([...ADDRESSES, ...model.keys()])) {
    expect(bytesToHex(trie.storageRoot(address))).toBe(storageRoots.get(address) ?? EMPTY_ROOT);
  }
}

describe("StateTrie", () => {
  it("starts at the empty root", async () => {
    const trie = await StateTrie.create();
    expect(bytesToHex(trie.root())).toBe(EMPTY_ROOT);
    expect(bytesToHex(trie.apply([]))).toBe(EMPTY_ROOT);
    expect(bytesToHex(trie.storageRoot(at(ADDRESSES, 0)))).toBe(EMPTY_ROOT);
  });

  // Roots taken from anvil 1.7.1 (keccak of the first node of eth_getProof's accountProof).
  it("reproduces anvil's genesis root, and its root after storage writes", async () => {
    const funded = [
      "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
      "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
      "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
      "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
      "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65",
      "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc",
      "0x976ea74026e726554db657fa54763abd0c3a0aa9",
      "0x14dc79964da2c08b23698b3d3cc7ca32193d9955",
      "0x23618e81e3f5cdf7f54c3d65f7fbc0abf5b21e8f",
      "0xa0ee7a142d267c1f36714e4a8f75612f20a79720",
    ];
    const genesis: AccountChange[] = funded.map((address) => ({
      address,
      account: { nonce: 0n, balance: 10_000n * 10n ** 18n, codeHash: KECCAK256_NULL },
      storageCleared: false,
      storage: new Map(),
    }));
    const contracts: [string, string][] = [
      // EIP-2935 block-hash history contract and the CREATE2 deployer.
      [
        "0x0000f90827f1c53a10cb7a02335b175320002935",
        "0x6e49e66782037c0555897870e29fa5e552daf4719552131a0abce779daec0a5d",
      ],
      [
        "0x4e59b44847b379578588920ca78fbf26c0b4956c",
        "0x2fa86add0aed31f33a762c9d88e807c475bd51d0f52bd0955754b2608f7e4989",
      ],
    ];
    for (const [address, codeHash] of contracts) {
      genesis.push({
        address,
        account: { nonce: 0n, balance: 0n, codeHash: hexToBytes(codeHash as `0x${string}`) },
        storageCleared: false,
        storage: new Map(),
      });
    }
    const trie = await StateTrie.create();
    const genesisRoot = trie.apply(genesis);
    expect(bytesToHex(genesisRoot)).toBe(
      "0x9db0379a777ce105895a9bcbed83ce92850da78c8508e783e08728ec535f67dc",
    );

    const account = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    const slot = (n: string) => `0x${n.padStart(64, "0")}`;
    const root = trie.apply([
      {
        address: account,
        account: { nonce: 7n, balance: 10_000n * 10n ** 18n, codeHash: KECCAK256_NULL },
        storageCleared: false,
        storage: new Map([
          [slot("0"), Uint8Array.of(1)],
          [slot("5"), hexToBytes(`0xff${"00".repeat(30)}ee`)],
          ["0x290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563", Uint8Array.of(0x80)],
        ]),
      },
    ]);
    expect(bytesToHex(root)).toBe("0x7dee7924766277631f3899eec62b379ce1d95ffdff15d5098cc87209ff519594");
    expect(bytesToHex(trie.storageRoot(account))).toBe(
      "0x8737d5e0d350d931591f11eccc55a87b8cadc6e4583547c197c259903fdf5c37",
    );

    trie.rollback(genesisRoot);
    expect(bytesToHex(trie.root())).toBe(bytesToHex(genesisRoot));
    expect(bytesToHex(trie.storageRoot(account))).toBe(EMPTY_ROOT);
  });

  it("matches @ethereumjs/mpt on random blocks with deletions, storage clears and rollbacks", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 12 }), async (steps) => {
        const trie = await StateTrie.create();
        let model: Model = new Map();
        const history: { root: Uint8Array; model: Model }[] = [{ root: trie.root(), model: new Map() }];
        for (const step of steps) {
          if (step.kind === "block") {
            const root = trie.apply(step.changes);
            applyToModel(model, step.changes);
            expect(bytesToHex(trie.root())).toBe(bytesToHex(root));
            history.push({ root, model: cloneModel(model) });
          } else {
            const target = at(history, step.pick % history.length);
            trie.rollback(target.root);
            model = cloneModel(target.model);
            expect(bytesToHex(trie.root())).toBe(bytesToHex(target.root));
          }
          await expectMatchesReference(trie, model);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("gives the same proofs as @ethereumjs/mpt", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(changeArb, { minLength: 1, maxLength: 25 }), async (changes) => {
        const trie = await StateTrie.create();
        trie.apply(changes);
        const model: Model = new Map();
        applyToModel(model, changes);
        const { trie: ref } = await reference(model);
        for (const address of ADDRESSES) {
          const expected = await createMerkleProof(ref, hexToBytes(address as `0x${string}`));
          expect(trie.accountProof(address).map((n) => bytesToHex(n))).toEqual(
            expected.map((n) => bytesToHex(n)),
          );
          const storage = model.get(address)?.storage ?? new Map<SlotHex, Uint8Array>();
          const storageRef = new MerklePatriciaTrie({ useKeyHashing: true });
          for (const [slot, value] of storage) await storageRef.put(slotBytes(slot), RLP.encode(value));
          for (const slot of SLOTS.slice(0, 3)) {
            const expectedSlot = await createMerkleProof(storageRef, slotBytes(slot));
            expect(trie.storageProof(address, slot).map((n) => bytesToHex(n))).toEqual(
              expectedSlot.map((n) => bytesToHex(n)),
            );
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it("matches @ethereumjs/mpt when hundreds of accounts come and go", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 1000 }),
        async (count, seed) => {
          const addresses = Array.from(
            { length: count },
            (_, i) => `0x${(i * 7_919 + seed).toString(16).padStart(40, "0")}`,
          );
          const create = addresses.map((address, i) => ({
            address,
            account: { nonce: BigInt(i), balance: BigInt(seed) << BigInt(i % 200), codeHash: KECCAK256_NULL },
            storageCleared: false,
            storage: new Map<SlotHex, Uint8Array>(
              i % 5 === 0 ? [[at(SLOTS, i % SLOTS.length), Uint8Array.of(i % 256 || 1)]] : [],
            ),
          }));
          const trie = await StateTrie.create();
          trie.apply(create);
          const model: Model = new Map();
          applyToModel(model, create);
          await expectMatchesReference(trie, model);
          // Delete every other account, in an order unrelated to the trie's.
          const deletions = addresses
            .filter((_, i) => (i * seed) % 2 === 0)
            .map((address) => ({ address, account: undefined, storageCleared: false, storage: new Map() }));
          trie.apply(deletions);
          applyToModel(model, deletions);
          await expectMatchesReference(trie, model);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("normalises values: leading zeros are dropped and zero deletes", async () => {
    const trie = await StateTrie.create();
    const address = at(ADDRESSES, 0);
    const account = { nonce: 1n, balance: 2n, codeHash: KECCAK256_NULL };
    const change = (storage: [SlotHex, Uint8Array][]): AccountChange => ({
      address,
      account,
      storageCleared: false,
      storage: new Map(storage),
    });
    const plain = trie.apply([change([[at(SLOTS, 0), Uint8Array.of(5)]])]);
    const padded = trie.apply([change([[at(SLOTS, 0), Uint8Array.of(0, 0, 5)]])]);
    expect(bytesToHex(padded)).toBe(bytesToHex(plain));
    const deleted = trie.apply([change([[at(SLOTS, 0), Uint8Array.of(0)]])]);
    const bare = await StateTrie.create();
    expect(bytesToHex(deleted)).toBe(bytesToHex(bare.apply([change([])])));
    expect(bytesToHex(trie.storageRoot(address))).toBe(EMPTY_ROOT);
  });

  it("deleting an absent account or slot changes nothing", async () => {
    const trie = await StateTrie.create();
    const root = trie.apply([
      {
        address: at(ADDRESSES, 0),
        account: { nonce: 0n, balance: 1n, codeHash: KECCAK256_NULL },
        storageCleared: false,
        storage: new Map(),
      },
    ]);
    const again = trie.apply([
      { address: at(ADDRESSES, 1), account: undefined, storageCleared: true, storage: new Map() },
      {
        address: at(ADDRESSES, 0),
        account: { nonce: 0n, balance: 1n, codeHash: KECCAK256_NULL },
        storageCleared: false,
        storage: new Map([[at(SLOTS, 1), new Uint8Array()]]),
      },
    ]);
    expect(bytesToHex(again)).toBe(bytesToHex(root));
  });

  it("refuses to roll back to a root it never returned or has forgotten", async () => {
    const trie = await StateTrie.create();
    const root = trie.apply([
      {
        address: at(ADDRESSES, 0),
        account: { nonce: 0n, balance: 1n, codeHash: KECCAK256_NULL },
        storageCleared: false,
        storage: new Map(),
      },
    ]);
    expect(() => trie.rollback(new Uint8Array(32))).toThrow(expect.objectContaining({ code: -32603 }));
    trie.rollback(hexToBytes(EMPTY_ROOT));
    expect(bytesToHex(trie.root())).toBe(EMPTY_ROOT);
    trie.rollback(root);
    trie.forget(root);
    expect(() => trie.rollback(root)).toThrow(expect.objectContaining({ code: -32603 }));
    // The current state is kept even when its root is forgotten.
    expect(bytesToHex(trie.root())).toBe(bytesToHex(root));
  });

  it("leaves earlier states whole when a block fills the same branches with many keys", async () => {
    const slots = (from: number) =>
      new Map(
        Array.from({ length: 600 }, (_, i) => [
          `0x${(from + i).toString(16).padStart(64, "0")}`,
          Uint8Array.of(1),
        ]),
      );
    const block = (from: number): AccountChange[] => [
      {
        address: at(ADDRESSES, 0),
        account: { nonce: 1n, balance: BigInt(from), codeHash: KECCAK256_NULL },
        storageCleared: false,
        storage: slots(from),
      },
    ];
    const trie = await StateTrie.create();
    const first = bytesToHex(trie.apply(block(0)));
    const second = bytesToHex(trie.apply(block(600)));
    trie.rollback(hexToBytes(first as `0x${string}`));
    expect(bytesToHex(trie.root())).toBe(first);
    expect(bytesToHex(trie.apply(block(600)))).toBe(second);
    trie.rollback(hexToBytes(first as `0x${string}`));
    const fresh = await StateTrie.create();
    fresh.apply(block(0));
    expect(bytesToHex(fresh.root())).toBe(first);
    // The nodes themselves, not only their cached hashes, are those of the first block.
    for (const slot of [...slots(0).keys()].slice(0, 50))
      expect(trie.storageProof(at(ADDRESSES, 0), slot).map(bytesToHex)).toEqual(
        fresh.storageProof(at(ADDRESSES, 0), slot).map(bytesToHex),
      );
  });

  it("returns copies: mutating a returned root does not corrupt the trie", async () => {
    const trie = await StateTrie.create();
    const root = trie.apply([
      {
        address: at(ADDRESSES, 0),
        account: { nonce: 0n, balance: 1n, codeHash: KECCAK256_NULL },
        storageCleared: false,
        storage: new Map(),
      },
    ]);
    const hex = bytesToHex(root);
    root.fill(0);
    trie.root().fill(0);
    trie.storageRoot(at(ADDRESSES, 0)).fill(0);
    expect(bytesToHex(trie.root())).toBe(hex);
    expect(bytesToHex(trie.storageRoot(at(ADDRESSES, 0)))).toBe(EMPTY_ROOT);
  });

  it("builds mainnet block 15537394's pre-state like @ethereumjs/mpt, and goes back to it", async () => {
    type PreState = Record<
      string,
      { balance: string; nonce: number; code?: string; storage?: Record<string, string> }
    >;
    const pre = JSON.parse(
      readFileSync(path.join(MAINNET_BLOCKS, "15537394", "pre_state.json"), "utf8"),
    ) as PreState;
    const changes: AccountChange[] = Object.entries(pre).map(([address, a]) => ({
      address,
      account: {
        nonce: BigInt(a.nonce),
        balance: BigInt(a.balance),
        codeHash:
          a.code === undefined || a.code === "0x"
            ? KECCAK256_NULL
            : keccak256(hexToBytes(a.code as `0x${string}`)),
      },
      storageCleared: false,
      storage: new Map(
        Object.entries(a.storage ?? {}).map(([slot, value]) => [
          `0x${slot.slice(2).padStart(64, "0")}`,
          stripLeadingZeros(hexToBytes(`0x${value.slice(2).padStart(64, "0")}`)),
        ]),
      ),
    }));
    const trie = await StateTrie.create();
    const root = trie.apply(changes);
    const model: Model = new Map();
    applyToModel(model, changes);
    await expectMatchesReference(trie, model);
    const { trie: ref } = await reference(model);
    expect(bytesToHex(root)).toBe(bytesToHex(ref.root()));

    // One more block on top, then back.
    const next = trie.apply([{ ...at(changes, 0), account: undefined }]);
    expect(bytesToHex(next)).not.toBe(bytesToHex(root));
    trie.rollback(root);
    expect(bytesToHex(trie.root())).toBe(bytesToHex(root));
  });
});
