/**
 * StateTrie: the Merkle state root of the devnet, computed once per block from that block's
 * AccountChanges. Mainnet layout: the account trie maps keccak(address) to
 * rlp([nonce, balance, storageRoot, codeHash]); each storage trie maps keccak(slot) to
 * rlp(value without leading zeros).
 *
 * Design:
 * - Our own in-memory Merkle-Patricia trie of immutable nodes. An update copies the nodes on the
 *   key's path (at most 64 levels, ~4 in practice) and shares everything else, so every state
 *   root ever returned still points at a complete, unchanged trie. That makes `rollback` O(1):
 *   set the current root node back. (@ethereumjs/mpt took ~700 µs for a block of 3 accounts
 *   and 2 slots over 1,000 accounts and cannot go back without a database of old nodes; this
 *   takes ~70 µs, two thirds of it keccak.)
 * - Each node caches its reference (`ref`): its keccak when its RLP is 32 bytes or more, else the
 *   RLP itself (embedded in the parent). New nodes start without one; computing a root hashes
 *   only nodes without a ref, which are exactly the ones on paths changed since the last root.
 * - An account leaf also holds its storage trie's root node, so one root node captures the
 *   whole state, storage included: there is no per-account map to copy or restore.
 *
 * Invariants: nodes are never mutated once hashed or once `apply` returned (a branch is filled in
 * place only while the `apply` that made it runs, see `applying`; `ref` is filled once), and the
 * trie is always in canonical form (no branch with fewer than two children, no extension
 * followed by an extension, leaves and extensions merged on deletion), so equal contents give
 * equal roots whatever the order of updates.
 *
 * Memory: every root returned by `apply` is remembered until `forget`, and with it every node
 * reachable from it. A block adds about (changed accounts x account-trie depth + changed slots x
 * storage-trie depth) nodes of ~300 bytes each: ~5 KB for 3 accounts and 2 slots over 1,000
 * accounts (5 GB per million such blocks if nothing is ever forgotten). Nodes that no remembered
 * root reaches are garbage-collected. Hashed keys are cached: every address seen, and up to 65,536
 * slots.
 */

import { keccak256 as nativeKeccak256 } from "../crypto/nativeCrypto.js";
import { InternalError } from "../errors/DevnetError.js";
import type { AccountChange, AddressHex, SlotHex } from "./types.js";

// ---- keccak-256 ----

/** keccak-256 of `data` (a fresh 32-byte array each call). */
const digest = nativeKeccak256;

/** keccak-256 of `data`, kept in a slab (see `carve`): for hashes that nodes keep. */
function keccak256(data: Uint8Array): Uint8Array {
  const out = carve(32);
  out.set(digest(data));
  return out;
}

// Node hashes, leaf values and hashed keys never change once made, so they are views into shared
// slabs: a hash costs ~240 bytes this way against ~500 as its own Buffer, and the garbage
// collector has no per-hash backing store to track. A slab lives while any view into it does.
const SLAB_SIZE = 16 * 1024;
let slab = new Uint8Array(SLAB_SIZE);
let slabUsed = 0;

function carve(length: number): Uint8Array {
  if (slabUsed + length > SLAB_SIZE) {
    slab = new Uint8Array(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + length);
  slabUsed += length;
  return out;
}

/** keccak256(rlp("")): the root of an empty trie. */
const EMPTY_ROOT = hexToBytes("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

// ---- nodes ----

/** A key: the 64 nibbles of a 32-byte hashed key. */
type Nibbles = Uint8Array;

class LeafNode {
  readonly kind = 0;
  ref: Uint8Array | undefined = undefined;
  /**
   * The leaf's path is `key[start..64]`: keeping the whole key makes moving a leaf up or down
   * (splits, merges) a matter of changing `start`.
   */
  constructor(
    readonly key: Nibbles,
    readonly start: number,
    /** The leaf's value: rlp(slot value) or rlp(account). */
    readonly value: Uint8Array,
    /** For account leaves: the root node of the account's storage trie. */
    readonly storage: TrieNode | undefined,
  ) {}
}

class ExtensionNode {
  readonly kind = 1;
  ref: Uint8Array | undefined = undefined;
  constructor(
    readonly path: Nibbles,
    readonly child: BranchNode,
  ) {}
}

class BranchNode {
  readonly kind = 2;
  ref: Uint8Array | undefined = undefined;
  /** The `apply` that made it (see `insert`: such a branch takes further keys in place). */
  readonly made = applying;
  /** Hashed keys all have 64 nibbles, so no key ends at a branch: branches carry no value. */
  constructor(readonly children: (TrieNode | undefined)[]) {}
}

type TrieNode = LeafNode | ExtensionNode | BranchNode;

// ---- updates (path copying) ----

/**
 * Counts `apply` calls. A branch made by the running `apply` and not hashed yet is reachable only
 * from the root that `apply` is building (no returned root holds it), so a later key of the same
 * block goes into it in place instead of copying it again: a block of 1,000 new slots otherwise
 * copies the storage trie's top branches 1,000 times each.
 */
let applying = 0;

/** Length of the common prefix of `a[aFrom..]` and `b[bFrom..]`, at most `max`. */
function commonPrefix(a: Nibbles, aFrom: number, b: Nibbles, bFrom: number, max: number): number {
  let i = 0;
  while (i < max && a[aFrom + i] === b[bFrom + i]) i++;
  return i;
}

/** A node standing for `path` followed by `node` (path may be empty). */
function prefixed(path: Nibbles, node: TrieNode): TrieNode {
  if (path.length === 0) return node;
  if (node.kind === 2) return new ExtensionNode(path, node);
  if (node.kind === 1) return new ExtensionNode(concat(path, node.path), node.child);
  // A leaf's path is the tail of its key, and `path` is the part of the key just before it.
  return new LeafNode(node.key, node.start - path.length, node.value, node.storage);
}

function concat(a: Nibbles, b: Nibbles): Nibbles {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Two subtries diverging at a fresh branch: `a` under nibble `ia`, `b` under `ib`. */
function fork(ia: number, a: TrieNode, ib: number, b: TrieNode): BranchNode {
  const children = new Array<TrieNode | undefined>(16).fill(undefined);
  children[ia] = a;
  children[ib] = b;
  return new BranchNode(children);
}

/** Returns `node` with `key` (whose first `depth` nibbles lead to `node`) set to `value`. */
function insert(
  node: TrieNode | undefined,
  key: Nibbles,
  depth: number,
  value: Uint8Array,
  storage: TrieNode | undefined,
): TrieNode {
  if (node === undefined) return new LeafNode(key, depth, value, storage);
  if (node.kind === 0) {
    const p = commonPrefix(node.key, depth, key, depth, 64 - depth);
    if (p === 64 - depth) return new LeafNode(key, depth, value, storage);
    const at = depth + p;
    const branch = fork(
      node.key[at] as number,
      new LeafNode(node.key, at + 1, node.value, node.storage),
      key[at] as number,
      new LeafNode(key, at + 1, value, storage),
    );
    return p === 0 ? branch : new ExtensionNode(key.subarray(depth, at), branch);
  }
  if (node.kind === 1) {
    const path = node.path;
    const p = commonPrefix(path, 0, key, depth, path.length);
    if (p === path.length) {
      const child = insert(node.child, key, depth + p, value, storage) as BranchNode;
      return new ExtensionNode(path, child);
    }
    // Split the extension where the key leaves it.
    const rest: TrieNode =
      p + 1 === path.length ? node.child : new ExtensionNode(path.subarray(p + 1), node.child);
    const branch = fork(
      path[p] as number,
      rest,
      key[depth + p] as number,
      new LeafNode(key, depth + p + 1, value, storage),
    );
    return p === 0 ? branch : new ExtensionNode(path.subarray(0, p), branch);
  }
  const i = key[depth] as number;
  if (node.made === applying && node.ref === undefined) {
    node.children[i] = insert(node.children[i], key, depth + 1, value, storage);
    return node;
  }
  const children = node.children.slice();
  children[i] = insert(children[i], key, depth + 1, value, storage);
  return new BranchNode(children);
}

/** Returns `node` without `key`; the same node when the key is absent. */
function remove(node: TrieNode | undefined, key: Nibbles, depth: number): TrieNode | undefined {
  if (node === undefined) return undefined;
  if (node.kind === 0) {
    return commonPrefix(node.key, depth, key, depth, 64 - depth) === 64 - depth ? undefined : node;
  }
  if (node.kind === 1) {
    const path = node.path;
    if (commonPrefix(path, 0, key, depth, path.length) !== path.length) return node;
    const child = remove(node.child, key, depth + path.length);
    if (child === node.child) return node;
    // A branch keeps at least one child after a removal, so `child` is defined.
    return prefixed(path, child as TrieNode);
  }
  const i = key[depth] as number;
  const old = node.children[i];
  const child = remove(old, key, depth + 1);
  if (child === old) return node;
  const children = node.children.slice();
  children[i] = child;
  let only = -1;
  for (let j = 0; j < 16; j++) {
    if (children[j] === undefined) continue;
    if (only !== -1) return new BranchNode(children);
    only = j;
  }
  // One child left: the branch collapses into it, one nibble longer.
  return prefixed(Uint8Array.of(only), children[only] as TrieNode);
}

function find(node: TrieNode | undefined, key: Nibbles): LeafNode | undefined {
  let depth = 0;
  while (node !== undefined) {
    if (node.kind === 0) {
      return commonPrefix(node.key, depth, key, depth, 64 - depth) === 64 - depth ? node : undefined;
    }
    if (node.kind === 1) {
      const path = node.path;
      if (commonPrefix(path, 0, key, depth, path.length) !== path.length) return undefined;
      depth += path.length;
      node = node.child;
    } else {
      node = node.children[key[depth] as number];
      depth++;
    }
  }
  return undefined;
}

// ---- encoding and hashing ----

// Largest node: a branch of 16 hashes, 3 + 16 * 33 + 1 = 532 bytes; a leaf is below 200.
const scratch = new Uint8Array(1024);

/** Bytes RLP uses for a string of `length` bytes whose first byte is `first`. */
function stringLength(length: number, first: number): number {
  if (length === 1 && first < 0x80) return 1;
  return length <= 55 ? length + 1 : length + (length < 256 ? 2 : 3);
}

function listHeaderLength(payload: number): number {
  return payload <= 55 ? 1 : payload < 256 ? 2 : 3;
}

function writeListHeader(out: Uint8Array, at: number, payload: number): number {
  if (payload <= 55) {
    out[at] = 0xc0 + payload;
    return at + 1;
  }
  if (payload < 256) {
    out[at] = 0xf8;
    out[at + 1] = payload;
    return at + 2;
  }
  out[at] = 0xf9;
  out[at + 1] = payload >> 8;
  out[at + 2] = payload & 0xff;
  return at + 3;
}

function writeString(out: Uint8Array, at: number, bytes: Uint8Array): number {
  const length = bytes.length;
  if (length === 1 && (bytes[0] as number) < 0x80) {
    out[at] = bytes[0] as number;
    return at + 1;
  }
  if (length <= 55) {
    out[at++] = 0x80 + length;
  } else if (length < 256) {
    out[at++] = 0xb8;
    out[at++] = length;
  } else {
    out[at++] = 0xb9;
    out[at++] = length >> 8;
    out[at++] = length & 0xff;
  }
  out.set(bytes, at);
  return at + length;
}

/** Writes the hex-prefix encoding of `nibbles[from..to]` as an RLP string. */
function writePath(out: Uint8Array, at: number, nibbles: Nibbles, from: number, to: number, leaf: boolean) {
  const count = to - from;
  const bytes = (count >> 1) + 1;
  const flag = leaf ? 0x20 : 0;
  let first: number;
  let i = from;
  if (count & 1) {
    first = flag | 0x10 | (nibbles[i++] as number);
  } else {
    first = flag;
  }
  if (bytes === 1 && first < 0x80) {
    out[at] = first;
    return at + 1;
  }
  out[at++] = 0x80 + bytes; // a path has at most 33 bytes
  out[at++] = first;
  for (; i < to; i += 2) out[at++] = ((nibbles[i] as number) << 4) | (nibbles[i + 1] as number);
  return at;
}

function pathLength(count: number): number {
  const bytes = (count >> 1) + 1;
  // A path of zero or one nibble is one byte below 0x80 (the flags are at most 0x3_): RLP keeps it as is.
  return bytes === 1 ? 1 : bytes + 1;
}

/** Bytes a child reference takes in its parent: a 32-byte hash as a string, else the RLP inline. */
function refLength(ref: Uint8Array): number {
  return ref.length === 32 ? 33 : ref.length;
}

function writeRef(out: Uint8Array, at: number, ref: Uint8Array): number {
  if (ref.length === 32) out[at++] = 0xa0;
  out.set(ref, at);
  return at + ref.length;
}

/** RLP-encodes `node` into `scratch`; children's refs must already be computed. Returns the length. */
function encode(node: TrieNode): number {
  if (node.kind === 0) {
    const value = node.value;
    const payload = pathLength(64 - node.start) + stringLength(value.length, value[0] as number);
    let at = writeListHeader(scratch, 0, payload);
    at = writePath(scratch, at, node.key, node.start, 64, true);
    return writeString(scratch, at, value);
  }
  if (node.kind === 1) {
    const childRef = node.child.ref as Uint8Array;
    const payload = pathLength(node.path.length) + refLength(childRef);
    let at = writeListHeader(scratch, 0, payload);
    at = writePath(scratch, at, node.path, 0, node.path.length, false);
    return writeRef(scratch, at, childRef);
  }
  let payload = 1; // the empty value
  for (let i = 0; i < 16; i++) {
    const child = node.children[i];
    payload += child === undefined ? 1 : refLength(child.ref as Uint8Array);
  }
  let at = writeListHeader(scratch, 0, payload);
  for (let i = 0; i < 16; i++) {
    const child = node.children[i];
    if (child === undefined) scratch[at++] = 0x80;
    else at = writeRef(scratch, at, child.ref as Uint8Array);
  }
  scratch[at] = 0x80;
  return at + 1;
}

/** The node's reference, computing (and caching) those missing below it first. */
function refOf(node: TrieNode): Uint8Array {
  if (node.ref !== undefined) return node.ref;
  if (node.kind === 1) refOf(node.child);
  else if (node.kind === 2) {
    for (let i = 0; i < 16; i++) {
      const child = node.children[i];
      if (child !== undefined && child.ref === undefined) refOf(child);
    }
  }
  const length = encode(node);
  let ref: Uint8Array;
  if (length < 32) {
    ref = carve(length);
    ref.set(scratch.subarray(0, length));
  } else {
    ref = keccak256(scratch.subarray(0, length));
  }
  node.ref = ref;
  return ref;
}

function rootHash(node: TrieNode | undefined): Uint8Array {
  if (node === undefined) return EMPTY_ROOT;
  const ref = refOf(node);
  return ref.length === 32 ? ref : keccak256(ref);
}

/** The RLP of `node` (a copy), for proofs. */
function encodingOf(node: TrieNode): Uint8Array {
  refOf(node);
  return scratch.slice(0, encode(node));
}

// ---- keys and values ----

function hexToBytes(hex: string): Uint8Array {
  const digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  const padded = digits.length & 1 ? `0${digits}` : digits;
  const bytes = Buffer.from(padded, "hex");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** The 64 nibbles of keccak(bytes of `hex`, left-padded to `size`). */
function hashedKey(hex: string, size: number): Nibbles {
  let bytes = hexToBytes(hex);
  if (bytes.length !== size) {
    const padded = new Uint8Array(size);
    padded.set(bytes, size - bytes.length);
    bytes = padded;
  }
  const hash = digest(bytes);
  const nibbles = carve(64);
  for (let i = 0; i < 32; i++) {
    const b = hash[i] as number;
    nibbles[2 * i] = b >> 4;
    nibbles[2 * i + 1] = b & 0x0f;
  }
  return nibbles;
}

/** Minimal big-endian bytes of a non-negative integer (empty for 0), as RLP wants. */
function uintBytes(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0);
  if (value < 0n) throw new InternalError(`negative value in the state: ${value}`);
  return hexToBytes(value.toString(16));
}

function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  return i === 0 ? bytes : bytes.subarray(i);
}

/** rlp(bytes) as a fresh array: a storage leaf's value. */
function rlpString(bytes: Uint8Array): Uint8Array {
  const out = carve(stringLength(bytes.length, bytes[0] as number));
  writeString(out, 0, bytes);
  return out;
}

function encodeAccount(nonce: bigint, balance: bigint, storageRoot: Uint8Array, codeHash: Uint8Array) {
  const n = uintBytes(nonce);
  const b = uintBytes(balance);
  const payload = stringLength(n.length, n[0] as number) + stringLength(b.length, b[0] as number) + 33 + 33;
  const out = carve(listHeaderLength(payload) + payload);
  let at = writeListHeader(out, 0, payload);
  at = writeString(out, at, n);
  at = writeString(out, at, b);
  at = writeString(out, at, storageRoot);
  writeString(out, at, codeHash);
  return out;
}

function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex")}`;
}

// Slot keys recur (balances, allowances) but are unbounded in number: cache a bounded set.
const SLOT_KEY_CACHE_LIMIT = 1 << 16;

/**
 * The Merkle state root of the devnet, updated once per block from that block's changes, with
 * O(1) rollback to any root it returned.
 *
 * @example
 * const trie = await StateTrie.create();
 * const root = trie.apply([{ address, account: { nonce: 0n, balance: 10n ** 22n, codeHash: KECCAK256_NULL },
 *   storageCleared: false, storage: new Map() }]);
 * trie.apply(nextBlockChanges);
 * trie.rollback(root); // back to the first state
 */
export class StateTrie {
  private current: TrieNode | undefined = undefined;
  /** Every root `apply` returned (hex) → its root node; what `rollback` can go back to. */
  private readonly versions = new Map<string, TrieNode | undefined>([[toHex(EMPTY_ROOT), undefined]]);
  private readonly addressKeys = new Map<AddressHex, Nibbles>();
  private readonly slotKeys = new Map<SlotHex, Nibbles>();

  private constructor() {}

  /** An empty state, whose root is keccak256(rlp("")). */
  static async create(): Promise<StateTrie> {
    return new StateTrie();
  }

  /**
   * Applies one block's changes (or a whole genesis or pre-state at once) and returns the new
   * state root. Later changes to the same address apply on top of earlier ones. An account set
   * to undefined is deleted with its storage; its `storage` is then ignored.
   */
  apply(changes: Iterable<AccountChange>): Uint8Array {
    applying++;
    let root = this.current;
    for (const change of changes) {
      const key = this.addressKey(change.address);
      const account = change.account;
      if (account === undefined) {
        root = remove(root, key, 0);
        continue;
      }
      let storage = change.storageCleared ? undefined : find(root, key)?.storage;
      for (const [slot, raw] of change.storage) {
        const slotKey = this.slotKey(slot);
        const value = stripLeadingZeros(raw);
        storage =
          value.length === 0
            ? remove(storage, slotKey, 0)
            : insert(storage, slotKey, 0, rlpString(value), undefined);
      }
      const value = encodeAccount(account.nonce, account.balance, rootHash(storage), account.codeHash);
      root = insert(root, key, 0, value, storage);
    }
    this.current = root;
    const hash = rootHash(root);
    this.versions.set(toHex(hash), root);
    return hash.slice();
  }

  /** The current state root. */
  root(): Uint8Array {
    return rootHash(this.current).slice();
  }

  /**
   * The storage root of `address` (the empty root when it has no storage or does not exist), in
   * the current state or in the one whose root is `root`.
   */
  storageRoot(address: AddressHex, root?: Uint8Array): Uint8Array {
    return rootHash(find(this.nodeOf(root), this.addressKey(address))?.storage).slice();
  }

  /**
   * Goes back to the state whose root an earlier `apply` returned (or the empty root). O(1): the
   * nodes of that state were never changed. Throws when the root is unknown or was forgotten.
   * Synchronous; `await` on it works too.
   */
  rollback(root: Uint8Array): void {
    this.current = this.nodeOf(root);
  }

  /**
   * Stops remembering `root`, so that nodes only it reaches can be garbage-collected; `rollback`
   * to it fails afterwards. The current state stays as it is.
   */
  forget(root: Uint8Array): void {
    const hex = toHex(root);
    if (hex !== toHex(EMPTY_ROOT)) this.versions.delete(hex);
  }

  /** Whether `root` is one `rollback` and the proofs can still go to. */
  knows(root: Uint8Array): boolean {
    return this.versions.has(toHex(root));
  }

  /** How many roots `rollback` can go back to (the empty root included). */
  get rootsKept(): number {
    return this.versions.size;
  }

  /**
   * The account proof of eth_getProof: the RLP of each node from the root towards `address`'s
   * leaf (or to where its absence shows), skipping nodes embedded in their parent; in the current
   * state or in the one whose root is `root`.
   */
  accountProof(address: AddressHex, root?: Uint8Array): Uint8Array[] {
    return proof(this.nodeOf(root), this.addressKey(address));
  }

  /** The storage proof of eth_getProof for one slot of `address`, as accountProof. */
  storageProof(address: AddressHex, slot: SlotHex, root?: Uint8Array): Uint8Array[] {
    const storage = find(this.nodeOf(root), this.addressKey(address))?.storage;
    return proof(storage, this.slotKey(slot));
  }

  /** The root node of the current state, or of the remembered state whose root is `root`. */
  private nodeOf(root: Uint8Array | undefined): TrieNode | undefined {
    if (root === undefined) return this.current;
    const hex = toHex(root);
    if (!this.versions.has(hex)) throw new InternalError(`unknown state root ${hex}`);
    return this.versions.get(hex);
  }

  private addressKey(address: AddressHex): Nibbles {
    let key = this.addressKeys.get(address);
    if (key === undefined) {
      key = hashedKey(address, 20);
      this.addressKeys.set(address, key);
    }
    return key;
  }

  private slotKey(slot: SlotHex): Nibbles {
    let key = this.slotKeys.get(slot);
    if (key === undefined) {
      key = hashedKey(slot, 32);
      if (this.slotKeys.size >= SLOT_KEY_CACHE_LIMIT) this.slotKeys.clear();
      this.slotKeys.set(slot, key);
    }
    return key;
  }
}

function proof(root: TrieNode | undefined, key: Nibbles): Uint8Array[] {
  const nodes: Uint8Array[] = [];
  let node = root;
  let depth = 0;
  while (node !== undefined) {
    if (node === root || refOf(node).length === 32) nodes.push(encodingOf(node));
    if (node.kind === 0) break;
    if (node.kind === 1) {
      const path = node.path;
      if (commonPrefix(path, 0, key, depth, path.length) !== path.length) break;
      depth += path.length;
      node = node.child;
    } else {
      node = node.children[key[depth] as number];
      depth++;
    }
  }
  return nodes;
}
