/**
 * Devnet: one local chain. It owns the world state, the chain of blocks, the transaction pool
 * and the miner, and offers the operations the JSON-RPC methods are made of.
 *
 * Every change to the chain (mining, snapshots, state edits) runs under one mutex, so blocks are
 * built one at a time; reads never wait for it.
 */
import { EventEmitter } from "node:events";
import { availableParallelism } from "node:os";
import type { Block, BlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes, KECCAK256_NULL } from "@ethereumjs/util";
import { keccak256, nativeCustomCrypto } from "../crypto/nativeCrypto.js";
import { InvalidInputError, InvalidParamsError, TransactionRejectedError } from "../errors/DevnetError.js";
import { DEFAULT_HARDFORK, resolveHardfork } from "../execution/hardforks.js";
import { createSharedCommon } from "../execution/SharedCommon.js";
import { createExecutionContext, type ExecutionContext } from "../execution/sequentialExecutor.js";
import type { BlockExecution } from "../execution/types.js";
import { accountWith } from "../state/accountWith.js";
import { ChangesOverlay } from "../state/ChangesOverlay.js";
import type { BlockChange } from "../state/JournaledState.js";
import type { StateReader } from "../state/StateReader.js";
import { StateTrie } from "../state/StateTrie.js";
import { WorldState } from "../state/WorldState.js";
import { DEFAULT_MNEMONIC, type DevAccount, deriveDevAccounts } from "./accounts/devAccounts.js";
import { buildBlock, buildGenesisBlock, type NextBlockEnv } from "./block/BlockBuilder.js";
import { BlockExecutorChoice } from "./block/BlockExecutorChoice.js";
import { estimateGas } from "./call/estimateGas.js";
import { hasFeeFields, type MessageRequest, messageTx, ZERO_ADDRESS } from "./call/messageTx.js";
import { type AccountOverride, OverriddenState } from "./call/OverriddenState.js";
import { CallRunner, type MessageResult } from "./call/runMessage.js";
import { BlockReservation } from "./chain/BlockReservation.js";
import { ChainStore } from "./chain/ChainStore.js";
import { Mutex } from "./chain/Mutex.js";
import type { MinedBlock } from "./chain/types.js";
import {
  assertDump,
  decodeAccount,
  decodeBlock,
  decodeReservation,
  encodeAccount,
  encodeBlock,
  encodeReservation,
} from "./persistence/codec.js";
import { type DevnetDump, DUMP_FORMAT, DUMP_VERSION } from "./persistence/DevnetDump.js";
import { type MiningOrder, TxPool } from "./txpool/TxPool.js";
import { validateTransaction } from "./validation/validateTransaction.js";

export type MiningMode = { mode: "auto" } | { mode: "interval"; seconds: number } | { mode: "manual" };

export interface DevnetOptions {
  chainId: bigint;
  accounts: number;
  /** Balance of each dev account, in wei. */
  balance: bigint;
  mnemonic: string;
  hardfork: string;
  gasLimit: bigint;
  /** Base fee of the genesis block, in wei. */
  baseFee: bigint;
  coinbase: string;
  mining: MiningMode;
  order: MiningOrder;
  /** Worker threads for parallel block execution. */
  threads: number;
  /** Execute every block sequentially (parallel execution off). */
  sequential: boolean;
  /** Blocks with fewer transactions that run code run sequentially (parallel mode). */
  minParallelTransactions?: number;
  /** Blocks whose transactions that run code are a smaller share run sequentially (parallel mode). */
  minParallelCodeShare?: number;
  /**
   * Choose each block's executor from the devnet's own recent blocks (default); false sends every
   * block that passes the thresholds to the engine (parallel mode).
   */
  learnExecutor?: boolean;
  /** Genesis timestamp in seconds; now when not given. */
  genesisTimestamp?: bigint;
}

export const DEFAULT_OPTIONS: DevnetOptions = {
  chainId: 31337n,
  accounts: 10,
  balance: 10_000n * 10n ** 18n,
  mnemonic: DEFAULT_MNEMONIC,
  hardfork: DEFAULT_HARDFORK,
  gasLimit: 30_000_000n,
  baseFee: 1_000_000_000n,
  coinbase: "0x0000000000000000000000000000000000000000",
  mining: { mode: "auto" },
  order: "fees",
  threads: Math.max(1, availableParallelism()),
  sequential: false,
};

/** Gas of a plain value transfer. */
const TX_GAS = 21_000n;

/**
 * From this many empty blocks on, hardhat_mine and anvil_mine reserve them instead of building
 * each (~50 µs and ~6 KB a block): ordinary counts get ordinary blocks.
 */
const RESERVE_FROM = 1_000n;

const MAX_UINT64 = 2n ** 64n - 1n;

/** Refuses a count of blocks the chain cannot hold (numbers are safe integers, times uint64). */
function assertCanMine(head: MinedBlock, count: bigint, interval: bigint): void {
  if (head.number + count > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new InvalidParamsError(`cannot mine ${count} blocks: block numbers would pass 2^53 - 1`);
  }
  if (head.block.header.timestamp + count * interval > MAX_UINT64) {
    throw new InvalidParamsError(
      `cannot mine ${count} blocks ${interval} s apart: timestamps would pass 2^64 - 1`,
    );
  }
}

/** anvil's default tip suggestion: 1 gwei. */
export const DEFAULT_PRIORITY_FEE = 1_000_000_000n;

/** What `revert` restores. */
interface Snapshot {
  head: bigint;
  edits: BlockChange[][];
  pool: { tx: TypedTransaction; hash: string; sender: string }[];
  timeOffset: bigint;
  nextTimestamp: bigint | undefined;
  nextBaseFee: bigint | undefined;
  blockGasLimit: bigint;
  coinbase: string;
  nextPrevRandao: Uint8Array | undefined;
}

export interface DevnetEvents {
  block: [MinedBlock];
  pendingTransaction: [string];
}

export class Devnet extends EventEmitter<DevnetEvents> {
  readonly options: DevnetOptions;
  readonly common: Common;
  readonly accounts: DevAccount[];
  /** The state; replaced when a dump is loaded. */
  world = new WorldState();
  /** The blocks; replaced when a dump is loaded. */
  chain = new ChainStore();
  readonly pool = new TxPool();
  private readonly keys = new Map<string, Uint8Array>();
  private readonly mutex = new Mutex();
  private readonly calls: CallRunner;
  private trie!: StateTrie;
  private blockContext!: ExecutionContext;
  /** Sequential or parallel block execution. */
  executor!: BlockExecutorChoice;
  private intervalTimer: NodeJS.Timeout | undefined;
  /** Seconds added to the wall clock (evm_increaseTime). */
  timeOffset = 0n;
  /** Timestamp forced for the next block (evm_setNextBlockTimestamp). */
  nextTimestamp: bigint | undefined;
  /** Gas limit of the blocks to come (evm_setBlockGasLimit). */
  blockGasLimit: bigint;
  /** Fee recipient of the blocks to come (anvil_setCoinbase). */
  coinbase: string;
  /** prevRandao of the next block (hardhat_setPrevRandao). */
  nextPrevRandao: Uint8Array | undefined;
  /** Senders whose transactions are accepted without a signature (impersonation). */
  readonly impersonated = new Set<string>();
  /** Every sender is impersonated (anvil_autoImpersonateAccount). */
  autoImpersonate = false;
  /** State edits made since the head block, in order (a snapshot re-applies them). */
  private edits: BlockChange[][] = [];
  /** The edits made before each block that had some (to re-execute the block as it ran). */
  private readonly editsBefore = new Map<bigint, BlockChange[]>();
  private readonly snapshots = new Map<number, Snapshot>();
  private lastSnapshotId = 0;

  private constructor(options: DevnetOptions) {
    super();
    this.options = options;
    const hardfork = resolveHardfork(options.hardfork);
    if (hardfork === undefined) throw new InvalidParamsError(`unknown hardfork "${options.hardfork}"`);
    this.common = createSharedCommon(options.chainId, { hardfork, customCrypto: nativeCustomCrypto() });
    this.accounts = deriveDevAccounts(options.mnemonic, options.accounts);
    for (const account of this.accounts)
      this.keys.set(account.address, hexToBytes(account.privateKey as `0x${string}`));
    this.calls = new CallRunner(this.common);
    this.blockGasLimit = options.gasLimit;
    this.coinbase = options.coinbase;
  }

  static async create(options: Partial<DevnetOptions> = {}): Promise<Devnet> {
    const devnet = new Devnet({ ...DEFAULT_OPTIONS, ...options });
    await devnet.init();
    return devnet;
  }

  private async init(): Promise<void> {
    this.trie = await StateTrie.create();
    this.blockContext = await createExecutionContext(this.common);
    const genesis: BlockChange[] = this.accounts.map((account) => ({
      address: account.address,
      account: { nonce: 0n, balance: this.options.balance, codeHash: KECCAK256_NULL },
      storageCleared: false,
      storage: new Map(),
    }));
    this.world.applyBlock(genesis);
    const root = this.trie.apply(genesis);
    this.executor = new BlockExecutorChoice(
      this.options.sequential
        ? { kind: "sequential" }
        : {
            kind: "parallel",
            threads: this.options.threads,
            ...(this.options.minParallelTransactions === undefined
              ? {}
              : { minTransactions: this.options.minParallelTransactions }),
            ...(this.options.minParallelCodeShare === undefined
              ? {}
              : { minCodeShare: this.options.minParallelCodeShare }),
            ...(this.options.learnExecutor === undefined ? {} : { learn: this.options.learnExecutor }),
          },
      () => this.blockContext,
      () => this.world.snapshot(),
    );
    const block = buildGenesisBlock(
      this.common,
      {
        timestamp: this.options.genesisTimestamp ?? this.clock(),
        gasLimit: this.options.gasLimit,
        coinbase: this.options.coinbase,
        baseFeePerGas: this.options.baseFee,
        prevRandao: new Uint8Array(32),
      },
      root,
    );
    this.chain.append({ block, hash: bytesToHex(block.hash()), number: 0n, receipts: [], senders: [] });
    this.setMining(this.options.mining);
  }

  // ---- time ----

  /** Now, in seconds, with the evm_increaseTime offset. */
  clock(): bigint {
    return BigInt(Math.floor(Date.now() / 1000)) + this.timeOffset;
  }

  // ---- reads ----

  get head(): MinedBlock {
    return this.chain.head;
  }

  /** The state after block `number`; a number past the head is an error. */
  stateAt(number: bigint): StateReader {
    const head = this.chain.height;
    if (number > head) {
      throw new InvalidParamsError(
        `BlockOutOfRangeError: block height is ${head} but requested was ${number}`,
      );
    }
    return this.world.at(Number(number));
  }

  /**
   * The state block `number` started from: its parent's, with the state edits made in between
   * (tracing and reports re-execute blocks over it).
   */
  stateBefore(number: bigint): StateReader {
    const parent = this.stateAt(number - 1n);
    const edits = this.editsBefore.get(number);
    return edits === undefined ? parent : new ChangesOverlay(parent, edits);
  }

  /** The nonce a sender's next transaction should use, counting its transactions in the pool. */
  pendingNonce(address: string): bigint {
    const stateNonce = this.world.getAccount(address)?.nonce ?? 0n;
    return this.pool.nextNonce(address, stateNonce);
  }

  /** The base fee of the next block. */
  nextBaseFee(): bigint | undefined {
    const parent = this.head.block.header;
    if (!this.common.isActivatedEIP(1559)) return undefined;
    if (this.nextBaseFeeOverride !== undefined) return this.nextBaseFeeOverride;
    // As anvil: the first block keeps the genesis base fee.
    if (parent.number === 0n) return parent.baseFeePerGas ?? this.options.baseFee;
    return parent.calcNextBaseFee();
  }

  /** Whether requests are printed where the devnet prints them (anvil_setLoggingEnabled). */
  loggingEnabled = true;

  /** Base fee forced for the next block (anvil_setNextBlockBaseFeePerGas). */
  nextBaseFeeOverride: bigint | undefined;

  /** The private key of a dev account, if the devnet holds it. */
  keyOf(address: string): Uint8Array | undefined {
    return this.keys.get(address.toLowerCase());
  }

  blockHashOf = (number: bigint): Uint8Array | undefined => this.chain.hashOf(number);

  // ---- transactions ----

  /**
   * Admits a signed transaction into the pool; with automine, mines it before returning.
   * Returns its hash.
   */
  async sendTransaction(tx: TypedTransaction, sender: string): Promise<string> {
    const hash = bytesToHex(tx.hash());
    const admit = () => {
      if (this.pool.has(hash) || this.chain.locateTransaction(hash) !== undefined) {
        throw new TransactionRejectedError("transaction already imported");
      }
      const stateNonce = this.world.getAccount(sender)?.nonce ?? 0n;
      validateTransaction(tx, {
        chainId: this.options.chainId,
        nextBaseFee: this.nextBaseFee(),
        blockGasLimit: this.blockGasLimit,
        requireExactNonce: this.options.mining.mode === "auto" && this.automine,
        expectedNonce: this.pool.nextNonce(sender, stateNonce),
        sender: this.world.getAccount(sender),
      });
      this.pool.add(tx, hash, sender);
      this.emit("pendingTransaction", hash);
    };
    if (!this.automine) {
      admit();
      return hash;
    }
    return this.mutex.run(async () => {
      admit();
      const mined = await this.mineUnlocked();
      if (this.chain.locateTransaction(hash) === undefined) {
        // Valid on admission but not at execution (should not happen): do not leave it behind.
        this.pool.remove(hash);
        const reason = mined.invalid.find((entry) => bytesToHex(entry.tx.hash()) === hash)?.reason;
        throw new InvalidInputError(`transaction could not be mined: ${reason ?? "not selected"}`);
      }
      return hash;
    });
  }

  // ---- mining ----

  private automineOn = true;

  get automine(): boolean {
    return this.automineOn;
  }

  /** Switches between automine, interval mining and manual mining. */
  setMining(mining: MiningMode): void {
    if (this.intervalTimer !== undefined) clearInterval(this.intervalTimer);
    this.intervalTimer = undefined;
    this.automineOn = mining.mode === "auto";
    if (mining.mode === "interval") {
      this.intervalTimer = setInterval(() => {
        this.mine().catch((error: unknown) => console.error("interval mining failed:", error));
      }, mining.seconds * 1000);
      this.intervalTimer.unref?.();
    }
  }

  /** Mines one block from the pool. */
  async mine(options: { timestamp?: bigint } = {}): Promise<MinedBlock> {
    return this.mutex.run(async () => (await this.mineUnlocked(options)).mined);
  }

  /** Runs `section` with the chain locked (state edits, snapshots). */
  exclusive<T>(section: () => Promise<T>): Promise<T> {
    return this.mutex.run(section);
  }

  private nextEnv(timestamp?: bigint): NextBlockEnv {
    const parent = this.head.block.header;
    let time = timestamp ?? this.nextTimestamp ?? this.clock();
    if (time <= parent.timestamp) time = parent.timestamp + 1n;
    return {
      timestamp: time,
      gasLimit: this.blockGasLimit,
      coinbase: this.coinbase,
      baseFeePerGas: this.nextBaseFee(),
      prevRandao: this.nextPrevRandao ?? keccak256(parent.mixHash),
    };
  }

  private async mineUnlocked(
    options: { timestamp?: bigint } = {},
  ): Promise<{ mined: MinedBlock; invalid: { tx: TypedTransaction; reason: string }[] }> {
    const parent = this.head.block.header;
    const env = this.nextEnv(options.timestamp);
    const selected = this.pool.select({
      nonceOf: (sender) => this.world.getAccount(sender)?.nonce ?? 0n,
      baseFee: env.baseFeePerGas,
      order: this.options.order,
      gasLimit: env.gasLimit,
    });
    const built = await buildBlock({
      common: this.common,
      parent,
      // The chain's hash of the head: a reserved block's is not its header's.
      parentHash: hexToBytes(this.head.hash as `0x${string}`),
      env,
      transactions: selected.map((entry) => entry.tx),
      senders: selected.map((entry) => entry.sender),
      preState: this.world,
      blockHashes: this.blockHashOf,
      execute: this.executor.execute,
      stateRoot: async (execution: BlockExecution) => this.trie.apply(execution.changes),
      // As anvil and Hardhat: an impersonated contract can send (EIP-3607 off on a devnet).
      allowSendersWithCode: true,
    });
    this.world.applyBlock(built.execution.changes);
    this.executor.committed(built.execution.changes);
    const mined: MinedBlock = {
      block: built.block,
      hash: bytesToHex(built.block.hash()),
      number: built.block.header.number,
      receipts: built.receipts,
      senders: built.senders,
      ...(built.execution.ran && { ran: built.execution.ran, executionMs: built.execution.elapsedMs }),
    };
    this.chain.append(mined);
    for (const entry of selected) this.pool.remove(entry.hash);
    this.pool.prune((sender) => this.world.getAccount(sender)?.nonce ?? 0n);
    this.nextTimestamp = undefined;
    this.nextBaseFeeOverride = undefined;
    this.nextPrevRandao = undefined;
    if (this.edits.length > 0) this.editsBefore.set(mined.number, this.edits.flat());
    this.edits = [];
    this.emit("block", mined);
    return { mined, invalid: built.invalid };
  }

  // ---- dev controls (evm_, anvil_, hardhat_ methods) ----

  /**
   * Mines `count` blocks, `interval` seconds apart (anvil_mine, hardhat_mine). The first block
   * takes from the pool, and so do the next ones while the pool still gives; once the blocks
   * left would all be empty, and there are at least RESERVE_FROM of them, all but the last are
   * reserved instead of built (see BlockReservation.ts), and the last is built on them.
   */
  async mineBlocks(count: bigint, interval = 1n): Promise<void> {
    if (count <= 0n) return;
    const step = interval > 0n ? interval : 1n;
    await this.mutex.run(async () => {
      assertCanMine(this.head, count, step);
      const mineOne = async (timestamp?: bigint): Promise<boolean> => {
        const { mined, invalid } = await this.mineUnlocked(timestamp === undefined ? {} : { timestamp });
        return mined.block.transactions.length + invalid.length > 0;
      };
      let took = await mineOne();
      let left = count - 1n;
      while (left > 0n) {
        if (left >= RESERVE_FROM && this.onlyEmptyBlocksAhead(took)) {
          this.reserveUnlocked(left - 1n, step);
          left = 1n;
        }
        took = await mineOne(this.head.block.header.timestamp + step);
        left--;
      }
    });
  }

  /**
   * Whether every block after the head would be empty: the pool is empty, or the last block
   * took nothing from it and the base fee, which decides what a block can take, has settled.
   */
  private onlyEmptyBlocksAhead(lastBlockTook: boolean): boolean {
    if (this.pool.size === 0) return true;
    return !lastBlockTook && this.nextBaseFee() === this.head.block.header.baseFeePerGas;
  }

  /** Mines `count` empty blocks after the head, `interval` seconds apart, without building them. */
  private reserveUnlocked(count: bigint, interval: bigint): void {
    const head = this.head;
    const reservation = BlockReservation.create(
      this.common,
      { header: head.block.header, hash: hexToBytes(head.hash as `0x${string}`) },
      { count, interval, env: this.nextEnv(head.block.header.timestamp + interval) },
    );
    this.chain.reserve(reservation);
    this.world.skipBlocks(Number(count));
    this.nextTimestamp = undefined;
    this.nextBaseFeeOverride = undefined;
    this.nextPrevRandao = undefined;
    if (this.edits.length > 0) this.editsBefore.set(reservation.first, this.edits.flat());
    this.edits = [];
  }

  /**
   * Changes accounts between blocks (setBalance, setCode, setNonce, setStorageAt). `changes` may
   * be a function: it then runs under the chain lock, so that an edit computed from the current
   * state (anvil_addBalance) cannot lose a concurrent one.
   */
  async editState(changes: BlockChange[] | (() => BlockChange[])): Promise<void> {
    await this.mutex.run(async () => this.editUnlocked(typeof changes === "function" ? changes() : changes));
  }

  private editUnlocked(changes: BlockChange[]): void {
    this.world.applyEdit(changes);
    this.trie.apply(changes);
    this.executor.committed(changes);
    this.edits.push(changes);
  }

  /** An edit of one account's fields, keeping the others. */
  accountEdit(address: string, fields: { balance?: bigint; nonce?: bigint; code?: Uint8Array }): BlockChange {
    const current = this.world.getAccount(address);
    const change: BlockChange = {
      address,
      account: accountWith(current, fields),
      storageCleared: false,
      storage: new Map(),
    };
    if (fields.code !== undefined) change.code = fields.code;
    return change;
  }

  /** Remembers the chain as it is; `revert(id)` comes back to it. Ids are single-use. */
  async snapshot(): Promise<number> {
    return this.mutex.run(async () => {
      const id = ++this.lastSnapshotId;
      this.snapshots.set(id, {
        head: this.chain.height,
        edits: [...this.edits],
        pool: [...this.pool.all()],
        timeOffset: this.timeOffset,
        nextTimestamp: this.nextTimestamp,
        nextBaseFee: this.nextBaseFeeOverride,
        blockGasLimit: this.blockGasLimit,
        coinbase: this.coinbase,
        nextPrevRandao: this.nextPrevRandao,
      });
      return id;
    });
  }

  /**
   * Goes back to a snapshot: blocks, state, pool and clock as they were. The snapshot and every
   * later one are used up (Hardhat's rule). False for an unknown id.
   */
  async revert(id: number): Promise<boolean> {
    return this.mutex.run(async () => {
      const snapshot = this.snapshots.get(id);
      if (snapshot === undefined) return false;
      for (const later of [...this.snapshots.keys()]) if (later >= id) this.snapshots.delete(later);
      this.world.revertTo(Number(snapshot.head));
      this.chain.truncate(snapshot.head);
      for (const number of [...this.editsBefore.keys()])
        if (number > snapshot.head) this.editsBefore.delete(number);
      await this.rollbackTrie(this.head.block.header.stateRoot);
      this.edits = [];
      for (const edit of snapshot.edits) {
        this.world.applyEdit(edit);
        this.trie.apply(edit);
        this.edits.push(edit);
      }
      this.executor.stateReplaced(() => this.world.snapshot());
      this.pool.clear();
      for (const entry of snapshot.pool) this.pool.add(entry.tx, entry.hash, entry.sender);
      this.timeOffset = snapshot.timeOffset;
      this.nextTimestamp = snapshot.nextTimestamp;
      this.nextBaseFeeOverride = snapshot.nextBaseFee;
      this.blockGasLimit = snapshot.blockGasLimit;
      this.coinbase = snapshot.coinbase;
      this.nextPrevRandao = snapshot.nextPrevRandao;
      return true;
    });
  }

  /** The chain as a dump (anvil_dumpState, --dump-state). */
  async dump(): Promise<DevnetDump> {
    return this.mutex.run(async () => ({
      format: DUMP_FORMAT,
      version: DUMP_VERSION,
      chainId: `0x${this.options.chainId.toString(16)}`,
      hardfork: this.common.hardfork(),
      blocks: [...this.chain.builtRange(0n, this.chain.height)].map(encodeBlock),
      ...(this.chain.reserved.length === 0
        ? {}
        : {
            reservedBlocks: this.chain.reserved.map((reservation) => encodeReservation(reservation.fields)),
          }),
      accounts: this.world.snapshot().map(encodeAccount),
      timeOffset: `0x${this.timeOffset.toString(16)}`,
      blockGasLimit: `0x${this.blockGasLimit.toString(16)}`,
      coinbase: this.coinbase,
    }));
  }

  /**
   * Replaces the chain with a dump's: its blocks, receipts and state. The state of blocks before
   * the dump's head is not kept. The pool and snapshots are emptied.
   */
  async load(dump: unknown): Promise<void> {
    assertDump(dump);
    if (BigInt(dump.chainId) !== this.options.chainId) {
      throw new InvalidParamsError(
        `the state dump is of chain id ${BigInt(dump.chainId)}, this devnet runs chain id ${this.options.chainId}`,
      );
    }
    const blocks = dump.blocks.map((block) => decodeBlock(block, this.common));
    const reserved = (dump.reservedBlocks ?? []).map((fields) =>
      BlockReservation.restore(this.common, decodeReservation(fields)),
    );
    const accounts = dump.accounts.map(decodeAccount);
    await this.mutex.run(async () => {
      const chain = ChainStore.of(blocks, reserved);
      this.chain = chain;
      this.world = WorldState.restored(accounts, Number(chain.height));
      this.trie = await StateTrie.create();
      this.trie.apply(accounts);
      this.executor.stateReplaced(() => this.world.snapshot());
      this.pool.clear();
      this.snapshots.clear();
      this.edits = [];
      this.editsBefore.clear();
      this.timeOffset = BigInt(dump.timeOffset);
      this.blockGasLimit = BigInt(dump.blockGasLimit);
      this.coinbase = dump.coinbase;
    });
  }

  /** Points the trie back at `root`, rebuilding it from the state if it never held that root. */
  private async rollbackTrie(root: Uint8Array): Promise<void> {
    try {
      this.trie.rollback(root);
    } catch {
      this.trie = await StateTrie.create();
      this.trie.apply(this.world.snapshot());
    }
  }

  /** Whether transactions from `address` are accepted without a signature. */
  isImpersonated(address: string): boolean {
    return this.autoImpersonate || this.impersonated.has(address.toLowerCase());
  }

  // ---- calls ----

  /** The header a call at block `number` runs under. */
  headerAt(number: bigint): BlockHeader {
    const mined = this.chain.byNumber(number);
    if (mined === undefined) {
      throw new InvalidParamsError(
        `BlockOutOfRangeError: block height is ${this.chain.height} but requested was ${number}`,
      );
    }
    return mined.block.header;
  }

  /** Runs a message at block `number` (eth_call); nothing it does is kept. */
  async call(
    request: MessageRequest,
    number: bigint,
    options: { overrides?: ReadonlyMap<string, AccountOverride>; reportAccessList?: boolean } = {},
  ): Promise<MessageResult> {
    const header = this.headerAt(number);
    const base = this.stateAt(number);
    const { overrides } = options;
    const state =
      overrides === undefined || overrides.size === 0 ? base : new OverriddenState(base, overrides);
    const tx = messageTx(this.common, request, {
      gasLimit: header.gasLimit,
      nonce: state.getAccount(request.from ?? ZERO_ADDRESS)?.nonce ?? 0n,
      baseFee: header.baseFeePerGas,
    });
    return this.calls.run({
      tx,
      header,
      state,
      blockHashes: this.blockHashOf,
      noBaseFee: !hasFeeFields(request),
      reportAccessList: options.reportAccessList === true,
    });
  }

  /** The smallest gas limit with which the message succeeds at block `number`. */
  async estimateGas(
    request: MessageRequest,
    number: bigint,
    overrides?: ReadonlyMap<string, AccountOverride>,
  ): Promise<bigint> {
    const highest = request.gas ?? this.headerAt(number).gasLimit;
    // A plain transfer to an account without code costs exactly the base transaction gas.
    const plainTransfer =
      request.to !== undefined &&
      (request.data === undefined || request.data.length === 0) &&
      request.accessList === undefined &&
      overrides?.get(request.to)?.code === undefined &&
      this.stateAt(number).getCode(request.to).length === 0;
    if (plainTransfer && highest >= TX_GAS) {
      const result = await this.call(
        { ...request, gas: TX_GAS },
        number,
        overrides === undefined ? {} : { overrides },
      );
      if (result.invalid === undefined && result.error === undefined) return TX_GAS;
    }
    return estimateGas(
      (gas) => this.call({ ...request, gas }, number, overrides === undefined ? {} : { overrides }),
      highest,
    );
  }

  /** Stops the miner and the workers; the devnet can be dropped afterwards. */
  async close(): Promise<void> {
    if (this.intervalTimer !== undefined) clearInterval(this.intervalTimer);
    this.intervalTimer = undefined;
    this.removeAllListeners();
    await this.executor.close();
  }

  /** The block with this hash, or undefined. */
  blockByHash(hash: string): MinedBlock | undefined {
    return this.chain.byBlockHash(hash);
  }

  /** The sealed block (for tests and tools that want ethereumjs objects). */
  blockByNumber(number: bigint): Block | undefined {
    return this.chain.byNumber(number)?.block;
  }
}
