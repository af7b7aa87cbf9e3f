/**
 * Devnet: one local chain. It owns the world state, the chain of blocks, the transaction pool,
 * the miner and the settings of the next block, and offers the operations the JSON-RPC methods
 * are made of: the RPC layer calls its methods and never sets its parts.
 *
 * Every change to the chain (mining, snapshots, state edits, loading, reset) runs under one
 * mutex, so blocks are built one at a time; reads never wait for it.
 *
 * A forked devnet (options.fork) starts at a remote chain's block, its state laid lazily over
 * the remote's: a read of state not loaded yet throws a StateMiss, and whoever ran it (mining,
 * an edit, the RPC handler for the rest) loads the key with `loadMiss` and runs again. Nothing is
 * committed before a block or an edit has all it reads, so a remote failure changes nothing.
 */
import { EventEmitter } from "node:events";
import type { Block, BlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex, equalsBytes, hexToBytes, KECCAK256_NULL } from "@ethereumjs/util";
import { provideKzg } from "../crypto/kzg.js";
import { nativeCustomCrypto, publicKeyOf } from "../crypto/nativeCrypto.js";
import {
  InternalError,
  InvalidInputError,
  InvalidParamsError,
  ResourceNotFoundError,
  TransactionRejectedError,
} from "../errors/DevnetError.js";
import { resolveHardfork } from "../execution/hardforks.js";
import { createSharedCommon } from "../execution/SharedCommon.js";
import { createExecutionContext, type ExecutionContext } from "../execution/sequentialExecutor.js";
import { signTransaction } from "../execution/signTransaction.js";
import type { BlockExecution } from "../execution/types.js";
import { accountWith } from "../state/accountWith.js";
import { ChangesOverlay } from "../state/ChangesOverlay.js";
import type { BlockChange } from "../state/JournaledState.js";
import { isStateMiss, type StateKey } from "../state/StateMiss.js";
import type { StateReader } from "../state/StateReader.js";
import { StateTrie } from "../state/StateTrie.js";
import { type PinnedState, WorldState } from "../state/WorldState.js";
import { type DevAccount, deriveDevAccounts } from "./accounts/devAccounts.js";
import { Impersonation } from "./accounts/Impersonation.js";
import { buildBlock, buildGenesisBlock, type NextBlockEnv } from "./block/BlockBuilder.js";
import { BlockExecutorChoice } from "./block/BlockExecutorChoice.js";
import { type NextBlockFields, NextBlockSettings } from "./block/NextBlockSettings.js";
import { impersonatedTx } from "./call/impersonatedTx.js";
import { type CallOptions, MessageCalls } from "./call/MessageCalls.js";
import type { MessageRequest } from "./call/messageTx.js";
import type { AccountOverride } from "./call/OverriddenState.js";
import type { MessageResult } from "./call/runMessage.js";
import {
  type SimulatedBlock,
  type SimulatedBlockRequest,
  type SimulationOptions,
  simulateBlocks,
} from "./call/simulateBlocks.js";
import { BlockReservation } from "./chain/BlockReservation.js";
import { ChainStore } from "./chain/ChainStore.js";
import { Mutex } from "./chain/Mutex.js";
import { ProvableRoots } from "./chain/ProvableRoots.js";
import { ReservedHashWalk } from "./chain/ReservedHashWalk.js";
import { Snapshots } from "./chain/Snapshots.js";
import { StateEdits } from "./chain/StateEdits.js";
import type { MinedBlock } from "./chain/types.js";
import { DEFAULT_OPTIONS, type DevnetOptions } from "./DevnetOptions.js";
import { Fork } from "./fork/Fork.js";
import type { ForkOptions } from "./fork/ForkOptions.js";
import { forkPointBlock } from "./fork/forkPointBlock.js";
import { prefetchBlock } from "./fork/prefetchBlock.js";
import { GasObservingCalls } from "./mining/GasObservingCalls.js";
import { NotSealable, sealAtLeastGas } from "./mining/leastGasSeal.js";
import { Miner, type MiningMode } from "./mining/Miner.js";
import { mineBlocks } from "./mining/mineBlocks.js";
import { decodeChainDump, encodeChainDump } from "./persistence/chainDump.js";
import type { DevnetDump, DumpedFork } from "./persistence/DevnetDump.js";
import type { ProvableState } from "./proof/AccountProof.js";
import type { RemoteGround } from "./trace/traceMinedBlock.js";
import { TxPool } from "./txpool/TxPool.js";
import { validateTransaction } from "./validation/validateTransaction.js";

/** Unix seconds of the wall clock. */
function wallClock(): bigint {
  return BigInt(Math.floor(Date.now() / 1000));
}

export interface DevnetEvents {
  block: [MinedBlock];
  /** Built blocks taken off the chain (anvil_rollback, anvil_reorg), oldest first. */
  blocksRemoved: [MinedBlock[]];
  pendingTransaction: [string];
}

/** Blocks whose state trie stays for eth_getProof, by default. */
export const PROVABLE_BLOCKS = 256;

/** A transaction that anvil_reorg puts into a replacing block, with its sender. */
export interface ReorgTransaction {
  tx: TypedTransaction;
  sender: string;
}

export class Devnet extends EventEmitter<DevnetEvents> {
  private settingsGiven: DevnetOptions;
  private chainCommon: Common;
  /** Whether the chain id was given (--chain-id): a reset to a fork of another chain keeps it. */
  private chainIdPinned = false;
  readonly accounts: DevAccount[];
  readonly pool = new TxPool();
  /** Senders whose transactions are accepted without a signature. */
  readonly impersonation = new Impersonation();
  private readonly keys = new Map<string, Uint8Array>();
  private readonly publicKeys = new Map<string, Uint8Array>();
  /** Calls that looked at their gas when mined without an estimate (see sendFindingGas). */
  private readonly gasObservingCalls = new GasObservingCalls();
  private kzgReady: Promise<void>;
  private readonly mutex = new Mutex();
  /** See `blockInFlight`. */
  private answeredBlock: Promise<void> | undefined;
  private calls: MessageCalls;
  private readonly miner = new Miner(() => this.mine());
  private readonly snapshots = new Snapshots();
  private readonly edits = new StateEdits();
  private worldState = new WorldState();
  private blocks = new ChainStore();
  private trie!: StateTrie;
  /**
   * The trie roots that may be forgotten later: the head block's (once the next block is mined,
   * unless a snapshot was taken at the head) and the last state edit's (at the next edit or
   * block). Each root the trie remembers keeps its nodes alive: ~0.5 GB a day at a block a second.
   */
  private forgettable: { block?: Uint8Array; edit?: Uint8Array } = {};
  /**
   * The roots of the blocks before the head still kept for proofs (DevnetOptions.provableBlocks),
   * oldest first; a root leaves the trie when it leaves this window.
   */
  private readonly provable = new ProvableRoots();
  private blockContext!: ExecutionContext;
  private blockExecutor!: BlockExecutorChoice;
  /** How many blocks' states the world state keeps (DevnetOptions.pruneHistory). */
  private historyWindow(): { keepBlocks?: number } {
    const keep = this.options.pruneHistory;
    return keep === undefined ? {} : { keepBlocks: Math.max(1, keep) };
  }

  /** Walks reserved blocks' hashes in the background, then announces a reservation's head. */
  private readonly hashWalk = new ReservedHashWalk(
    () => this.blocks,
    () => this.announceReservedHead(),
  );
  /** The reservation whose last block is the head and is announced once its hash is known. */
  private unannounced: BlockReservation | undefined;
  private settings: NextBlockSettings;
  private logging = true;
  /** The remote chain this devnet forks, if it does. */
  private remote: Fork | undefined;
  /** Execution contexts of prefetchBlock's transactions in flight. */
  private readonly discovery: ExecutionContext[] = [];
  /** The Common of the fork's remote blocks when its chain id is not the devnet's. */
  private forkCommon: Common | undefined;
  /** The local genesis block, once built (a reset to a local chain reuses it). */
  private localGenesis: MinedBlock | undefined;

  private constructor(options: DevnetOptions) {
    super();
    this.settingsGiven = options;
    const hardfork = resolveHardfork(options.hardfork);
    if (hardfork === undefined) throw new InvalidParamsError(`unknown hardfork "${options.hardfork}"`);
    this.chainCommon = createSharedCommon(options.chainId, { hardfork, customCrypto: nativeCustomCrypto() });
    this.kzgReady = provideKzg(this.chainCommon.customCrypto);
    this.accounts = deriveDevAccounts(options.mnemonic, options.accounts);
    for (const account of this.accounts)
      this.keys.set(account.address, hexToBytes(account.privateKey as `0x${string}`));
    this.calls = new MessageCalls(this.common, this);
    this.settings = NextBlockSettings.initial(options);
  }

  /**
   * A devnet; with `fork`, forking the remote (the chain id is then the remote's unless
   * `chainId` is given). An unreachable remote fails here.
   */
  static async create(options: Partial<DevnetOptions> = {}): Promise<Devnet> {
    const fork = options.fork === undefined ? undefined : await Fork.connect(options.fork);
    const chainId = options.chainId ?? fork?.chainId ?? DEFAULT_OPTIONS.chainId;
    const devnet = new Devnet({ ...DEFAULT_OPTIONS, ...options, chainId });
    devnet.chainIdPinned = options.chainId !== undefined;
    await devnet.init(fork);
    return devnet;
  }

  /** How the devnet was made; `chainId` follows a reset to a fork of another chain. */
  get options(): DevnetOptions {
    return this.settingsGiven;
  }

  /** The chain's Common (its chain id and hardfork); replaced when the chain id changes. */
  get common(): Common {
    return this.chainCommon;
  }

  /**
   * Serves chain id `chainId` from now on (a reset to a fork of another chain): a Common for it,
   * and the execution contexts and calls made with the old one.
   */
  private async useChainId(chainId: bigint): Promise<void> {
    if (chainId === this.settingsGiven.chainId) return;
    this.settingsGiven = { ...this.settingsGiven, chainId };
    this.chainCommon = createSharedCommon(chainId, {
      hardfork: this.chainCommon.hardfork(),
      customCrypto: nativeCustomCrypto(),
    });
    this.kzgReady = provideKzg(this.chainCommon.customCrypto);
    this.calls = new MessageCalls(this.chainCommon, this);
    this.blockContext = await createExecutionContext(this.chainCommon);
    this.discovery.length = 0;
  }

  private async init(fork: Fork | undefined): Promise<void> {
    this.blockContext = await createExecutionContext(this.common);
    this.blockExecutor = new BlockExecutorChoice(
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
            ...(this.options.warmUpWorkers === true ? { warmUpAtStart: true } : {}),
          },
      () => this.blockContext,
      () => this.worldState.knownSnapshot(),
      this.options.recordAccess === true,
      false,
      // A rehearsal's pre-state; none where the chain no longer keeps it.
      (number) => {
        try {
          return this.stateAt(number);
        } catch {
          return undefined;
        }
      },
    );
    await this.begin(fork);
    this.miner.setMode(this.options.mining);
  }

  /**
   * Starts the chain afresh: at a local genesis, or at the fork block of `fork` with the dev
   * accounts funded over their remote state. Empties the pool, snapshots and edits.
   */
  private async begin(fork: Fork | undefined): Promise<void> {
    let accounts: BlockChange[];
    if (fork === undefined) {
      accounts = this.genesisAccounts();
      this.worldState = new WorldState(this.historyWindow());
      this.worldState.applyBlock(accounts);
    } else {
      accounts = await this.forkedDevAccounts(fork);
      this.worldState = WorldState.restored(accounts, Number(fork.point.number), {
        lazy: true,
        ...this.historyWindow(),
      });
    }
    this.trie = await StateTrie.create();
    const root = this.trie.apply(accounts);
    this.forgettable = { block: root };
    this.provable.clear();
    if (fork === undefined) {
      this.localGenesis ??= this.genesisBlock(root);
      this.blocks = new ChainStore();
      this.blocks.append(this.localGenesis);
    } else {
      const block = forkPointBlock(this.common, fork.point, root, this.options.coinbase);
      this.blocks = ChainStore.startingAt({
        block,
        hash: fork.point.hash,
        number: fork.point.number,
        receipts: [],
        senders: [],
      });
    }
    if (this.remote !== fork) this.remote?.close();
    this.remote = fork;
    this.forkCommon = undefined;
    this.blockExecutor.stateReplaced(() => this.worldState.knownSnapshot(), fork !== undefined);
    this.pool.clear();
    this.snapshots.clear();
    this.edits.clear();
  }

  private genesisBlock(root: Uint8Array): MinedBlock {
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
    return { block, hash: bytesToHex(block.hash()), number: 0n, receipts: [], senders: [] };
  }

  /** The dev accounts at the fork block: their remote nonce and code, the devnet's balance. */
  private async forkedDevAccounts(fork: Fork): Promise<BlockChange[]> {
    const loaded = await fork.state.load(this.accounts.map(({ address }) => ({ kind: "account", address })));
    return this.accounts.map(({ address }): BlockChange => {
      const remote = loaded.accounts.get(address);
      const change: BlockChange = {
        address,
        account: {
          nonce: remote?.account?.nonce ?? 0n,
          balance: this.options.balance,
          codeHash: remote?.account?.codeHash ?? KECCAK256_NULL,
        },
        storageCleared: false,
        storage: new Map(),
      };
      if (remote !== undefined && remote.code.length > 0) change.code = remote.code;
      return change;
    });
  }

  // ---- a fork's remote state ----

  /** The remote chain this devnet forks, if it does. */
  get fork(): Fork | undefined {
    return this.remote;
  }

  /**
   * Loads `keys` from the fork's remote into the state (those it does not know yet), in one
   * round trip with whatever else is being loaded; the workers' replicas get them too.
   */
  async loadState(keys: Iterable<StateKey>): Promise<void> {
    const fork = this.remote;
    if (fork === undefined) return;
    const world = this.worldState;
    const unknown = [...keys].filter((key) => !world.knows(key));
    if (unknown.length === 0) return;
    const loaded = await fork.state.load(unknown);
    // A reset meanwhile: the state loaded for belongs to a chain that is gone.
    if (fork !== this.remote || world !== this.worldState) return;
    const changes = world.materialize(loaded);
    if (changes.length > 0) this.blockExecutor.committed(changes);
  }

  /**
   * A fork's remote block (at or before the fork block) with its transactions and receipts, to
   * trace or report by executing it again; undefined when the devnet does not fork or the remote
   * has no such block.
   */
  async remoteBlock(ref: { number: bigint } | { hash: string }): Promise<MinedBlock | undefined> {
    const fork = this.remote;
    if (fork === undefined || ("number" in ref && !fork.owns(ref.number))) return undefined;
    return fork.executableBlock(ref, this.remoteCommon(fork));
  }

  /** What the fork's remote block `number` runs over again: the remote's state after its parent. */
  remoteGround(number: bigint): RemoteGround {
    const fork = this.remote;
    if (fork === undefined || !fork.owns(number) || number === 0n)
      throw new InvalidParamsError(`block ${number} is not a remote block of this fork`);
    const state = fork.stateAfter(number - 1n);
    return {
      common: this.remoteCommon(fork),
      state: state.world,
      load: (key) => state.load([key]),
      blockHashOf: (n) => fork.blockHashes.known(n),
      fetchBlockHash: (n) => fork.blockHashes.fetch(n),
    };
  }

  /** The devnet's hardfork under the remote's chain id: its transactions are signed for it. */
  private remoteCommon(fork: Fork): Common {
    if (fork.chainId === this.common.chainId()) return this.common;
    if (this.forkCommon === undefined) {
      this.forkCommon = createSharedCommon(fork.chainId, {
        hardfork: this.common.hardfork(),
        customCrypto: nativeCustomCrypto(),
      });
      // Loaded already (the chain's own Common waits for it before anything runs).
      void provideKzg(this.forkCommon.customCrypto);
    }
    return this.forkCommon;
  }

  /** `count` execution contexts for prefetchBlock, made once and kept. */
  private async discoveryContexts(count: number): Promise<ExecutionContext[]> {
    while (this.discovery.length < count) {
      const context = await createExecutionContext(this.common);
      // BLOCKHASH of a remote block waits for it here, so the block's run finds it at hand.
      context.blockHashes.fetch = this.fetchBlockHash;
      this.discovery.push(context);
    }
    return this.discovery.slice(0, count);
  }

  /** If `error` is a StateMiss of this fork, loads what it names and says true: run again. */
  async loadMiss(error: unknown): Promise<boolean> {
    if (!isStateMiss(error) || this.remote === undefined) return false;
    await this.loadState([error.key]);
    return true;
  }

  /**
   * Resolves once KZG is in the chain's Common (loading since the devnet was made): anything
   * that executes code waits for it, or a call into the point-evaluation precompile would fail.
   */
  kzgLoaded(): Promise<void> {
    return this.kzgReady;
  }

  /** Runs `section`, loading what it misses and running it again, until it misses nothing. */
  async withState<T>(section: () => T | Promise<T>): Promise<T> {
    await this.kzgReady;
    for (;;) {
      try {
        return await section();
      } catch (error) {
        if (!(await this.loadMiss(error))) throw error;
      }
    }
  }

  /** The dev accounts with their opening balances: the state of the genesis block. */
  private genesisAccounts(): BlockChange[] {
    return this.accounts.map((account) => ({
      address: account.address,
      account: { nonce: 0n, balance: this.options.balance, codeHash: KECCAK256_NULL },
      storageCleared: false,
      storage: new Map(),
    }));
  }

  // ---- parts, for reading ----

  /** The state; replaced when a dump is loaded or the chain is reset. */
  get world(): WorldState {
    return this.worldState;
  }

  /** The blocks; replaced when a dump is loaded or the chain is reset. */
  get chain(): ChainStore {
    return this.blocks;
  }

  /**
   * Resolves once every reserved block's hash is known, walking there while other requests go
   * on: a read of a block (or BLOCKHASH) past the walk would otherwise walk there at once,
   * holding the event loop (a few seconds after hardhat_mine of a million blocks).
   */
  async reservedHashesKnown(): Promise<void> {
    if (!this.blocks.reservedHashesWalked) await this.hashWalk.finish();
  }

  /** How many state roots the trie can still go back to (bounded: see `forgettable`). */
  get stateRootsKept(): number {
    return this.trie.rootsKept;
  }

  /** Sequential or parallel block execution. */
  get executor(): BlockExecutorChoice {
    return this.blockExecutor;
  }

  // ---- the next block ----

  /** What the dev methods decided about the blocks to come. */
  get nextBlock(): NextBlockSettings {
    return this.settings;
  }

  /**
   * Changes settings of the blocks to come (evm_increaseTime, evm_setBlockGasLimit,
   * anvil_setCoinbase, ...); a field given as undefined is unpinned.
   */
  updateNextBlock(changes: Partial<NextBlockFields>): void {
    this.settings = this.settings.with(changes);
  }

  /** Now, in seconds, with the evm_increaseTime offset. */
  clock(): bigint {
    return this.settings.clock(wallClock());
  }

  /** Whether requests are printed where the devnet prints them (anvil_setLoggingEnabled). */
  get loggingEnabled(): boolean {
    return this.logging;
  }

  setLoggingEnabled(enabled: boolean): void {
    this.logging = enabled;
  }

  // ---- reads ----

  get head(): MinedBlock {
    return this.blocks.head;
  }

  /** The state after block `number`; a number past the head is an error. */
  stateAt(number: bigint): StateReader {
    const head = this.blocks.height;
    if (number > head) {
      throw new InvalidParamsError(
        `BlockOutOfRangeError: block height is ${head} but requested was ${number}`,
      );
    }
    return this.worldState.at(Number(number));
  }

  /**
   * The state after block `number`, kept as it is while blocks are mined and the state edited,
   * until released (for readers that yield to the event loop: calls, traces).
   */
  pinStateAt(number: bigint): PinnedState {
    this.stateAt(number); // the same range checks
    return this.worldState.pin(Number(number));
  }

  /**
   * The state after block `number` with its place in the state trie, for proofs: a past block's
   * root is its header's; the head's is the trie's current one, edits since the head included.
   */
  provableStateAt(number: bigint): ProvableState {
    const state = this.stateAt(number);
    const root = number === this.blocks.height ? undefined : this.headerAt(number).stateRoot;
    if (root !== undefined && !this.trie.knows(root)) {
      const window = this.options.provableBlocks ?? PROVABLE_BLOCKS;
      throw new ResourceNotFoundError(
        `the state trie of block ${number} is no longer kept: proofs are served for the last ${window} blocks`,
      );
    }
    return { trie: this.trie, root, state };
  }

  /**
   * The state block `number` started from: its parent's, with the state edits made in between
   * (tracing and reports re-execute blocks over it).
   */
  stateBefore(number: bigint): StateReader {
    const parent = this.stateAt(number - 1n);
    const edits = this.edits.before(number);
    return edits === undefined ? parent : new ChangesOverlay(parent, edits);
  }

  /** The nonce a sender's next transaction should use, counting its transactions in the pool. */
  pendingNonce(address: string): bigint {
    const stateNonce = this.worldState.getAccount(address)?.nonce ?? 0n;
    return this.pool.nextNonce(address, stateNonce);
  }

  /** The base fee of the next block. */
  nextBaseFee(): bigint | undefined {
    const parent = this.head.block.header;
    if (!this.common.isActivatedEIP(1559)) return undefined;
    if (this.settings.baseFee !== undefined) return this.settings.baseFee;
    // As anvil: the first block keeps the genesis base fee.
    if (parent.number === 0n) return parent.baseFeePerGas ?? this.options.baseFee;
    return parent.calcNextBaseFee();
  }

  /** The private key of a dev account, if the devnet holds it. */
  keyOf(address: string): Uint8Array | undefined {
    return this.keys.get(address.toLowerCase());
  }

  /**
   * `unsigned` signed with a dev account's key (undefined without one). The signed transaction
   * knows its sender's public key, so that mining it recovers nothing.
   */
  signAs(unsigned: TypedTransaction, address: string): TypedTransaction | undefined {
    const key = this.keyOf(address);
    if (key === undefined) return undefined;
    const tx = signTransaction(unsigned, key);
    tx.cache.senderPubKey ??= this.publicKeyOf(address.toLowerCase(), key);
    return tx;
  }

  private publicKeyOf(address: string, key: Uint8Array): Uint8Array {
    let publicKey = this.publicKeys.get(address);
    if (publicKey === undefined) {
      publicKey = publicKeyOf(key);
      this.publicKeys.set(address, publicKey);
    }
    return publicKey;
  }

  /** The hash of block `number` if at hand: the chain's, or a fork's remote block already fetched. */
  blockHashOf = (number: bigint): Uint8Array | undefined =>
    this.blocks.hashOf(number) ?? this.remote?.blockHashes.known(number);

  /** The hash of a fork's remote block (at or before the fork block), fetched if not at hand. */
  fetchBlockHash = async (number: bigint): Promise<Uint8Array | undefined> =>
    this.remote?.blockHashes.fetch(number);

  /** Whether transactions from `address` are accepted without a signature. */
  isImpersonated(address: string): boolean {
    return this.impersonation.covers(address);
  }

  // ---- transactions ----

  /**
   * Admits a signed transaction into the pool; with automine, mines it before returning.
   * Returns its hash.
   *
   * `answerBeforeMining` (automine): returns once the transaction is admitted, and mines its
   * block right after, as anvil does: a client sending one transaction after another has its
   * next one on the way while the devnet mines (an automined ERC-20 transfer over HTTP: ~3%
   * more a second on a 2-core machine). Until the block is mined `blockInFlight` holds it, and
   * whoever answers requests awaits it first (the RPC handler does for every request), so that
   * no request sees the chain without it. A block that then fails (a transaction valid on
   * admission but not at execution, which should not happen) is reported on stderr.
   */
  async sendTransaction(
    tx: TypedTransaction,
    sender: string,
    options: { answerBeforeMining?: boolean } = {},
  ): Promise<string> {
    const hash = bytesToHex(tx.hash());
    const admit = () => {
      if (this.pool.has(hash) || this.blocks.locateTransaction(hash) !== undefined) {
        throw new TransactionRejectedError("transaction already imported");
      }
      this.validateForPool(tx, sender);
      this.enterPool(tx, hash, sender);
    };
    if (!this.automine) {
      admit();
      return hash;
    }
    if (options.answerBeforeMining === true) return this.sendAnsweredBeforeMining(hash, admit);
    return this.mutex.run(async () => {
      admit();
      await this.mineAdmitted(hash);
      return hash;
    });
  }

  /**
   * A block being mined for a transaction whose sender already has its answer (see
   * sendTransaction's `answerBeforeMining`); undefined when there is none.
   */
  get blockInFlight(): Promise<void> | undefined {
    return this.answeredBlock;
  }

  private sendAnsweredBeforeMining(hash: string, admit: () => void): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      void this.mutex.run(async () => {
        try {
          admit();
        } catch (error) {
          reject(error);
          return;
        }
        let mined = () => {};
        this.answeredBlock = new Promise<void>((settle) => {
          mined = settle;
        });
        resolve(hash);
        try {
          // The answer's continuations (its response written) run before the block is mined.
          await new Promise<void>((next) => setImmediate(next));
          await this.mineAdmitted(hash);
        } catch (error) {
          console.error(`pevm-devnet: transaction ${hash} was answered, but its block failed:`, error);
        } finally {
          this.answeredBlock = undefined;
          mined();
        }
      });
    });
  }

  /** Mines the pool with the admitted transaction `hash` in it; throws when it is not mined. */
  private async mineAdmitted(hash: string): Promise<void> {
    const mined = await this.mineUnlocked();
    if (this.blocks.locateTransaction(hash) !== undefined) return;
    // Valid on admission but not at execution (should not happen): do not leave it behind.
    this.pool.remove(hash);
    const reason = mined.invalid.find((entry) => bytesToHex(entry.tx.hash()) === hash)?.reason;
    throw new InvalidInputError(`transaction could not be mined: ${reason ?? "not selected"}`);
  }

  /**
   * Sends a transaction that names no gas limit (a dev account's, or an impersonated one's), mined
   * at once (automine), in one execution: `withGas(gas)` makes it unsigned with a gas limit (its
   * nonce and fees chosen under the chain's lock), `sign` signs it. It runs at the block's gas
   * limit, and the block is sealed with it at the least gas that run shows it needs (see
   * mining/leastGasSeal.ts), the gas eth_estimateGas would have answered from its first run.
   * Returns its hash; undefined, with nothing mined or pooled, where the run cannot show that (the
   * caller then estimates and sends).
   */
  async sendFindingGas(
    sender: string,
    withGas: (gas: bigint) => TypedTransaction,
    sign: (unsigned: TypedTransaction) => TypedTransaction,
  ): Promise<string | undefined> {
    return this.mutex.run(async () => {
      // One transaction alone in its block, where the estimate's highest limit (the head's) is
      // the block's. On a fork, the block loads what it reads, as any block does (withState).
      const gasLimit = this.settings.gasLimit;
      if (!this.automine || this.pool.size > 0) return undefined;
      if (this.head.block.header.gasLimit !== gasLimit) return undefined;
      // A transaction's own gas cap (EIP-7825) is below the block's: the estimate knows it.
      if (this.common.isActivatedEIP(7825)) return undefined;
      let unsigned: TypedTransaction;
      try {
        unsigned = withGas(gasLimit);
      } catch {
        return undefined; // the ordinary path says what is wrong with the request
      }
      if ("authorizationList" in unsigned) return undefined;
      // A call's code; none for a deployment, whose init code is its data. Calls and deployments
      // whose run looked at its gas before would again: their run would be for nothing.
      const to = unsigned.to?.toString();
      const code = to === undefined ? undefined : this.worldState.getCode(to);
      if (this.gasObservingCalls.has(code, unsigned.data)) return undefined;
      try {
        this.validateForPool(unsigned, sender);
      } catch {
        return undefined; // with a lower gas limit it may be valid: the ordinary path tells
      }
      let hash: string | undefined;
      const plainTransfer =
        code?.length === 0 &&
        unsigned.data.length === 0 &&
        (!("accessList" in unsigned) || unsigned.accessList.length === 0);
      const seal = sealAtLeastGas(
        unsigned,
        gasLimit,
        (tx) => {
          const signed = sign(tx);
          const signedHash = bytesToHex(signed.hash());
          hash = signedHash;
          // Pooled while its block is sealed, as an admitted transaction is (a subscriber to
          // full pending transactions looks it up); the block's commit prunes it.
          if (!this.pool.has(signedHash)) this.enterPool(signed, signedHash, sender);
          return signed;
        },
        plainTransfer,
      );
      try {
        await this.mineUnlocked({
          transactions: [{ tx: impersonatedTx(unsigned, sender), sender }],
          watchGas: true,
          sealWith: seal,
        });
      } catch (error) {
        if (!(error instanceof NotSealable)) throw error;
        if (error.observedGas) this.gasObservingCalls.add(code, unsigned.data);
        return undefined;
      }
      return hash;
    });
  }

  /** Throws what makes `tx` from `sender` unfit for the pool now (nonce, balance, fees...). */
  private validateForPool(tx: TypedTransaction, sender: string): void {
    const stateNonce = this.worldState.getAccount(sender)?.nonce ?? 0n;
    validateTransaction(tx, {
      chainId: this.options.chainId,
      nextBaseFee: this.nextBaseFee(),
      blockGasLimit: this.settings.gasLimit,
      requireExactNonce: this.options.mining.mode === "auto" && this.automine,
      expectedNonce: this.pool.nextNonce(sender, stateNonce),
      sender: this.worldState.getAccount(sender),
    });
  }

  private enterPool(tx: TypedTransaction, hash: string, sender: string): void {
    this.pool.add(tx, hash, sender);
    this.emit("pendingTransaction", hash);
  }

  /**
   * Whether the transaction `hash` is mined, waiting up to `timeoutMs` for a block that holds
   * it (eth_sendRawTransactionSync).
   */
  async waitForTransaction(hash: string, timeoutMs: number): Promise<boolean> {
    if (this.blocks.locateTransaction(hash) !== undefined) return true;
    return new Promise<boolean>((resolve) => {
      const onBlock = () => {
        if (this.blocks.locateTransaction(hash) === undefined) return;
        finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      // A wait never keeps the process alive on its own.
      timer.unref();
      const finish = (mined: boolean) => {
        clearTimeout(timer);
        this.off("block", onBlock);
        resolve(mined);
      };
      this.on("block", onBlock);
    });
  }

  // ---- mining ----

  /** Whether each admitted transaction is mined at once. */
  get automine(): boolean {
    return this.miner.automine;
  }

  /** Switches between automine, interval mining and manual mining. */
  setMining(mining: MiningMode): void {
    this.miner.setMode(mining);
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
    return this.settings.envAfter(this.head.block.header, {
      wallClock: wallClock(),
      baseFee: this.nextBaseFee(),
      ...(timestamp === undefined ? {} : { timestamp }),
    });
  }

  /** Mines one block of the pool's transactions, or of `transactions` alone when given. */
  private async mineUnlocked(
    options: {
      timestamp?: bigint;
      transactions?: readonly ReorgTransaction[];
      /** See buildBlock's options of these names. */
      watchGas?: boolean;
      sealWith?: (execution: BlockExecution) => readonly TypedTransaction[];
    } = {},
  ): Promise<{ mined: MinedBlock; invalid: { tx: TypedTransaction; reason: string }[] }> {
    // A block on a reserved head needs its hash: the walk ends here, yielding as it goes.
    await this.hashWalk.finish();
    const parent = this.head.block.header;
    const env = this.nextEnv(options.timestamp);
    // A fork's block loads what it reads first; a miss still left runs it again.
    const { selected, built } = await this.withState(() => this.buildNext(parent, env, options));
    this.worldState.applyBlock(built.execution.changes);
    this.blockExecutor.committed(built.execution.changes);
    const mined: MinedBlock = {
      block: built.block,
      hash: bytesToHex(built.hash),
      number: built.block.header.number,
      receipts: built.receipts,
      senders: built.senders,
      ...(built.execution.ran && { ran: built.execution.ran, executionMs: built.execution.elapsedMs }),
      ...(built.access && { access: built.access }),
    };
    this.blocks.append(mined);
    for (const entry of selected) this.pool.remove(entry.hash);
    this.pool.prune((sender) => this.worldState.getAccount(sender)?.nonce ?? 0n);
    this.settings = this.settings.afterBlock({ timestamp: env.timestamp, wallClock: wallClock() });
    this.edits.sealBefore(mined.number);
    this.emit("block", mined);
    return { mined, invalid: built.invalid };
  }

  /** Selects the next block's transactions and builds it; commits nothing. */
  private async buildNext(
    parent: BlockHeader,
    env: NextBlockEnv,
    options: {
      transactions?: readonly ReorgTransaction[];
      watchGas?: boolean;
      sealWith?: (execution: BlockExecution) => readonly TypedTransaction[];
    },
  ) {
    const { transactions } = options;
    const selected =
      transactions?.map(({ tx, sender }) => ({ tx, sender, hash: bytesToHex(tx.hash()) })) ??
      this.pool.select({
        nonceOf: (sender) => this.worldState.getAccount(sender)?.nonce ?? 0n,
        baseFee: env.baseFeePerGas,
        order: this.options.order,
        gasLimit: env.gasLimit,
      });
    const fork = this.remote;
    const built = await buildBlock({
      common: this.common,
      parent,
      // The chain's hash of the head: a forked chain's first block keeps the remote's.
      parentHash: hexToBytes(this.head.hash as `0x${string}`),
      env,
      transactions: selected.map((entry) => entry.tx),
      senders: selected.map((entry) => entry.sender),
      preState: this.worldState,
      blockHashes: this.blockHashOf,
      execute:
        fork === undefined
          ? this.blockExecutor.execute
          : async (input) => {
              const together = !this.options.sequential;
              const contexts = (count: number) => this.discoveryContexts(count);
              await prefetchBlock(input, contexts, (keys) => this.loadState(keys), together);
              return this.blockExecutor.execute(input);
            },
      stateRoot: async (execution: BlockExecution) => this.applyBlockToTrie(execution.changes),
      // As anvil and Hardhat: an impersonated contract can send (EIP-3607 off on a devnet).
      allowSendersWithCode: true,
      ...(options.watchGas === true ? { watchGas: true } : {}),
      ...(options.sealWith === undefined ? {} : { sealWith: options.sealWith }),
    });
    return { selected, built };
  }

  // ---- dev controls (evm_, anvil_, hardhat_ methods) ----

  /**
   * Mines `count` blocks, `interval` seconds apart (anvil_mine, hardhat_mine), or the block
   * timestamp interval apart when one is set (as anvil); see mineBlocks.ts.
   */
  async mineBlocks(count: bigint, interval = 1n): Promise<void> {
    if (count <= 0n) return;
    const step = this.settings.timestampInterval ?? interval;
    await this.mutex.run(() =>
      mineBlocks(
        {
          head: () => this.head,
          mineOne: async (timestamp) => {
            const { mined, invalid } = await this.mineUnlocked(timestamp === undefined ? {} : { timestamp });
            return mined.block.transactions.length + invalid.length > 0;
          },
          onlyEmptyBlocksAhead: (took) => this.onlyEmptyBlocksAhead(took),
          reserve: (blocks, step) => this.reserveUnlocked(blocks, step),
        },
        count,
        step,
      ),
    );
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
    this.blocks.reserve(reservation);
    this.worldState.skipBlocks(Number(count));
    this.settings = this.settings.afterBlock({
      timestamp: head.block.header.timestamp + count * interval,
      wallClock: wallClock(),
    });
    this.edits.sealBefore(reservation.first);
    this.unannounced = reservation;
    this.hashWalk.start();
  }

  /**
   * Emits "block" for the head of the last reservation, once its hash is known (new-block
   * filters and newHeads see it; the blocks before it are not announced), unless the chain
   * has moved from it meanwhile.
   */
  private announceReservedHead(): void {
    const reservation = this.unannounced;
    this.unannounced = undefined;
    if (reservation === undefined || this.blocks.reserved.at(-1) !== reservation) return;
    if (this.blocks.height === reservation.last) this.emit("block", this.blocks.head);
  }

  /**
   * Changes accounts between blocks (setBalance, setCode, setNonce, setStorageAt). `changes` may
   * be a function: it then runs under the chain lock, so that an edit computed from the current
   * state (anvil_addBalance) cannot lose a concurrent one.
   */
  async editState(changes: BlockChange[] | (() => BlockChange[])): Promise<void> {
    await this.mutex.run(() =>
      this.withState(async () => {
        const edit = typeof changes === "function" ? changes() : changes;
        // The remote values come first: an edit's undo record must hold what it overwrote.
        await this.loadState(keysOf(edit));
        this.editUnlocked(edit);
      }),
    );
  }

  private editUnlocked(changes: BlockChange[]): void {
    this.worldState.applyEdit(changes);
    this.applyEditToTrie(changes);
    this.blockExecutor.committed(changes);
    this.edits.record(changes);
  }

  /** An edit of one account's fields, keeping the others. */
  accountEdit(address: string, fields: { balance?: bigint; nonce?: bigint; code?: Uint8Array }): BlockChange {
    const current = this.worldState.getAccount(address);
    const change: BlockChange = {
      address,
      account: accountWith(current, fields),
      storageCleared: false,
      storage: new Map(),
    };
    if (fields.code !== undefined) change.code = fields.code;
    return change;
  }

  // ---- chain edits: rollback and reorg ----

  /**
   * Takes the `depth` latest blocks off the chain (anvil_rollback): the head becomes block
   * `height - depth`, with the state it had (edits made since it are undone too). The removed
   * blocks' transactions are gone, not back in the pool; snapshots of later heads are used up.
   */
  async rollback(depth: bigint): Promise<void> {
    await this.mutex.run(async () => this.rewindUnlocked(this.ancestorAt(depth, "Rollback")));
  }

  /**
   * Replaces the `depth` latest blocks with as many new ones (anvil_reorg): the height stays,
   * the state goes back to the common ancestor, and the i-th new block holds the i-th list that
   * `blocksAt` gives (in that order; none from the pool, and those invalid there are left out).
   * `blocksAt` runs under the chain lock, told the common ancestor's number, so that the
   * transactions it makes (nonces, gas) see the chain the reorg starts from. The replaced
   * blocks' transactions are gone, so their senders' nonces are as the new blocks leave them.
   * Returns the new blocks.
   */
  async reorg(
    depth: bigint,
    blocksAt: (ancestor: bigint) => Promise<readonly (readonly ReorgTransaction[])[]>,
  ): Promise<MinedBlock[]> {
    return this.mutex.run(async () => {
      const ancestor = this.ancestorAt(depth, "Reorg");
      const blocks = await blocksAt(ancestor);
      if (BigInt(blocks.length) > depth) {
        throw new InvalidParamsError(`${blocks.length} blocks of transactions for a reorg of depth ${depth}`);
      }
      await this.rewindUnlocked(ancestor);
      const mined: MinedBlock[] = [];
      for (let i = 0; BigInt(i) < depth; i++) {
        mined.push((await this.mineUnlocked({ transactions: blocks[i] ?? [] })).mined);
      }
      return mined;
    });
  }

  /** The number of the block `depth` below the head; anvil's -32602 when that is below genesis. */
  private ancestorAt(depth: bigint, what: "Reorg" | "Rollback"): bigint {
    const height = this.blocks.height;
    if (depth > height) {
      throw new InvalidParamsError(
        `${what} depth must not exceed current chain height: current height ${height}, depth ${depth}`,
      );
    }
    return height - depth;
  }

  /** Makes block `number` the head again, its state as it was; under the lock. */
  private async rewindUnlocked(number: bigint): Promise<void> {
    const removed = [...this.blocks.builtRange(number + 1n, this.blocks.height)];
    // First: it refuses a block whose state is not kept (a loaded dump) before anything changed.
    this.worldState.revertTo(Number(number));
    this.blocks.truncate(number);
    await this.rollbackTrie(this.head.block.header.stateRoot);
    this.edits.rewind(number, []);
    this.snapshots.forgetAbove(number);
    this.blockExecutor.stateReplaced(() => this.worldState.snapshot());
    this.emit("blocksRemoved", removed);
  }

  // ---- snapshots, persistence, reset ----

  /** Remembers the chain as it is; `revert(id)` comes back to it. Ids are single-use. */
  async snapshot(): Promise<number> {
    return this.mutex.run(async () =>
      this.snapshots.take({
        head: this.blocks.height,
        edits: [...this.edits.pending],
        pool: [...this.pool.all()],
        nextBlock: this.settings,
      }),
    );
  }

  /**
   * Goes back to a snapshot: blocks, state, pool and clock as they were. The snapshot and every
   * later one are used up (Hardhat's rule). False for an unknown id.
   */
  async revert(id: number): Promise<boolean> {
    return this.mutex.run(async () => {
      const snapshot = this.snapshots.useUp(id);
      if (snapshot === undefined) return false;
      this.worldState.revertTo(Number(snapshot.head));
      this.blocks.truncate(snapshot.head);
      await this.rollbackTrie(this.head.block.header.stateRoot);
      for (const edit of snapshot.edits) {
        this.worldState.applyEdit(edit);
        this.applyEditToTrie(edit);
      }
      this.edits.rewind(snapshot.head, snapshot.edits);
      this.blockExecutor.stateReplaced(() => this.worldState.knownSnapshot(), this.worldState.lazy);
      this.pool.clear();
      for (const entry of snapshot.pool) this.pool.add(entry.tx, entry.hash, entry.sender);
      this.settings = snapshot.nextBlock;
      return true;
    });
  }

  /**
   * The chain as a dump (anvil_dumpState, --dump-state). A forked chain's names its remote and
   * fork block, and holds what the devnet knows: its own changes and what it loaded.
   */
  async dump(): Promise<DevnetDump> {
    return this.mutex.run(async () => {
      const fork = this.remote;
      return encodeChainDump({
        chainId: this.options.chainId,
        common: this.common,
        chain: this.blocks,
        accounts: fork === undefined ? this.worldState.snapshot() : this.worldState.knownSnapshot(),
        nextBlock: this.settings,
        ...(fork === undefined
          ? {}
          : {
              fork: {
                url: fork.options.url,
                blockNumber: `0x${fork.point.number.toString(16)}`,
                chainId: `0x${fork.chainId.toString(16)}`,
                blockHash: fork.point.hash,
              },
            }),
      });
    });
  }

  /**
   * Replaces the chain with a dump's: its blocks, receipts and state. The state of blocks before
   * the dump's head is not kept. The pool and snapshots are emptied.
   */
  async load(dump: unknown): Promise<void> {
    const loaded = decodeChainDump(dump, { chainId: this.options.chainId, common: this.common });
    const fork = loaded.fork === undefined ? undefined : await this.forkOfDump(loaded.fork);
    await this.mutex.run(async () => {
      await this.replaceChain(loaded.chain, loaded.accounts, fork);
      this.settings = this.settings.with({
        timeOffset: loaded.timeOffset,
        gasLimit: loaded.gasLimit,
        coinbase: loaded.coinbase,
      });
    });
  }

  /**
   * Puts the chain back to its genesis (anvil_reset, hardhat_reset): the genesis block and the
   * dev accounts' opening balances, an empty pool, no snapshots, and the clock, gas limit, fee
   * recipient, mining mode and impersonation it started with. With `forking`, the chain forks
   * instead: `url` (the current fork's remote when not given) at `blockNumber` (the remote's
   * latest when not given).
   */
  async reset(forking?: { url?: string; blockNumber?: bigint }): Promise<void> {
    let fork: Fork | undefined;
    if (forking !== undefined) {
      const url = forking.url ?? this.remote?.options.url;
      if (url === undefined)
        throw new InvalidParamsError("forking: jsonRpcUrl is required: this devnet does not fork");
      const base: ForkOptions = this.remote?.options ?? this.options.fork ?? { url };
      const options: ForkOptions = { ...base, url };
      // Another remote may be another chain: ask it.
      if (url !== base.url) delete options.chainId;
      if (forking.blockNumber === undefined) delete options.blockNumber;
      else options.blockNumber = forking.blockNumber;
      fork = await Fork.connect(options);
    }
    await this.mutex.run(async () => {
      // A fork's chain id is the remote's, unless the devnet was given one.
      if (fork !== undefined && !this.chainIdPinned) await this.useChainId(fork.chainId);
      await this.begin(fork);
      this.settings = NextBlockSettings.initial(this.options);
      this.impersonation.clear();
      this.miner.setMode(this.options.mining);
    });
  }

  /** The remote a forked chain's dump names, at its fork block; it must still have that block. */
  private async forkOfDump(dumped: DumpedFork): Promise<Fork> {
    const base: Partial<ForkOptions> = this.remote?.options ?? this.options.fork ?? {};
    const fork = await Fork.connect({
      ...base,
      url: dumped.url,
      blockNumber: BigInt(dumped.blockNumber),
      chainId: BigInt(dumped.chainId),
    });
    if (fork.point.hash.toLowerCase() !== dumped.blockHash.toLowerCase()) {
      fork.close();
      throw new InvalidParamsError(
        `the state dump forks ${dumped.url} at block ${fork.point.number}, which the remote now has with another hash`,
      );
    }
    return fork;
  }

  /** Puts `chain` in place with `accounts` as its state at the head (over `fork`'s); under the lock. */
  private async replaceChain(chain: ChainStore, accounts: BlockChange[], fork?: Fork): Promise<void> {
    this.blocks = chain;
    this.unannounced = undefined;
    this.hashWalk.start();
    this.worldState = WorldState.restored(accounts, Number(chain.height), {
      lazy: fork !== undefined,
      ...this.historyWindow(),
    });
    this.trie = await StateTrie.create();
    this.forgettable = { block: this.trie.apply(accounts) };
    this.provable.clear();
    if (this.remote !== fork) this.remote?.close();
    this.remote = fork;
    this.forkCommon = undefined;
    this.blockExecutor.stateReplaced(() => this.worldState.knownSnapshot(), fork !== undefined);
    this.pool.clear();
    this.snapshots.clear();
    this.edits.clear();
  }

  /** Points the trie back at `root`, rebuilding it from the state if it never held that root. */
  private async rollbackTrie(root: Uint8Array): Promise<void> {
    // The blocks from the new head on are gone: so are their roots (the head's is current again).
    const height = this.blocks.height;
    for (const kept of this.provable.dropFrom(height)) this.forgetUnlessKept(kept.root, root);
    this.forgettable = { block: root };
    try {
      this.trie.rollback(root);
    } catch {
      this.trie = await StateTrie.create();
      this.trie.apply(this.worldState.knownSnapshot());
    }
  }

  /** A block's changes into the trie; the roots nothing can go back to any more are forgotten. */
  private applyBlockToTrie(changes: BlockChange[]): Uint8Array {
    const root = this.trie.apply(changes);
    const { block, edit } = this.forgettable;
    if (edit !== undefined && (block === undefined || !equalsBytes(edit, block)))
      this.forgetUnlessKept(edit, root);
    // The superseded head's root stays for proofs while the block is among the provable ones.
    if (block !== undefined) this.provable.add(this.blocks.height, block);
    for (const old of this.provable.trimTo(this.options.provableBlocks ?? PROVABLE_BLOCKS)) {
      // A snapshot taken at that head goes back to its root (then replays the edits after it).
      if (!this.snapshots.holdsHead(old.height)) this.forgetUnlessKept(old.root, root);
    }
    this.forgettable = { block: root };
    return root;
  }

  /** Forgets `root` unless it is current or a provable block's (empty blocks repeat a root). */
  private forgetUnlessKept(root: Uint8Array, current: Uint8Array): void {
    if (this.provable.holds(root)) return;
    this.forgetRoot(root, current);
  }

  private applyEditToTrie(changes: BlockChange[]): void {
    const root = this.trie.apply(changes);
    const { block, edit } = this.forgettable;
    // An edit that puts the head block's state back has the block's root: keep that one.
    if (edit !== undefined && (block === undefined || !equalsBytes(edit, block)))
      this.forgetUnlessKept(edit, root);
    this.forgettable = { ...this.forgettable, edit: root };
  }

  /** Forgets `root` unless it is the trie's current one. */
  private forgetRoot(root: Uint8Array | undefined, current: Uint8Array): void {
    if (root !== undefined && !equalsBytes(root, current)) this.trie.forget(root);
  }

  /**
   * Points a forked devnet at another URL of the same remote (anvil_setRpcUrl): the fork block
   * and what was loaded stay.
   */
  async setRemoteUrl(url: string): Promise<void> {
    const fork = this.remote;
    if (fork === undefined)
      throw new InvalidParamsError("this devnet does not fork: nothing to point at a URL");
    await fork.setUrl(url);
  }

  // ---- calls ----

  /** The header a call at block `number` runs under. */
  headerAt(number: bigint): BlockHeader {
    const mined = this.blocks.byNumber(number);
    if (mined === undefined) {
      throw new InvalidParamsError(
        `BlockOutOfRangeError: block height is ${this.blocks.height} but requested was ${number}`,
      );
    }
    return mined.block.header;
  }

  /** Runs a message at block `number` (eth_call); nothing it does is kept. */
  call(request: MessageRequest, number: bigint, options: CallOptions = {}): Promise<MessageResult> {
    return this.withState(async () => {
      await this.loadState(keysOfRequest(request));
      return this.calls.call(request, number, options);
    });
  }

  /** The smallest gas limit with which the message succeeds at block `number`. */
  estimateGas(
    request: MessageRequest,
    number: bigint,
    overrides?: ReadonlyMap<string, AccountOverride>,
    signal?: AbortSignal,
  ): Promise<bigint> {
    return this.withState(async () => {
      await this.loadState(keysOfRequest(request));
      return this.calls.estimateGas(request, number, {
        ...(overrides === undefined ? {} : { overrides }),
        ...(signal === undefined ? {} : { signal }),
      });
    });
  }

  /** Runs blocks of calls on top of block `number` (eth_simulateV1); nothing is kept. */
  simulate(
    requests: readonly SimulatedBlockRequest[],
    number: bigint,
    options: SimulationOptions,
  ): Promise<SimulatedBlock[]> {
    const state = this.stateAt(number);
    const parent = this.blocks.byNumber(number);
    if (parent === undefined) throw new InternalError(`block ${number} is missing`);
    return simulateBlocks(
      {
        common: this.common,
        parent,
        state,
        blockHashOf: this.blockHashOf,
        fetchBlockHash: this.fetchBlockHash,
      },
      requests,
      options,
    );
  }

  /** Stops the miner and the workers; the devnet can be dropped afterwards. */
  async close(): Promise<void> {
    this.hashWalk.stop();
    this.miner.stop();
    this.removeAllListeners();
    this.remote?.close();
    await this.blockExecutor.close();
  }

  /** The block with this hash, or undefined. */
  blockByHash(hash: string): MinedBlock | undefined {
    return this.blocks.byBlockHash(hash);
  }

  /** The sealed block (for tests and tools that want ethereumjs objects). */
  blockByNumber(number: bigint): Block | undefined {
    return this.blocks.byNumber(number)?.block;
  }
}

/** The keys a state edit writes. */
function keysOf(changes: readonly BlockChange[]): StateKey[] {
  const keys: StateKey[] = [];
  for (const change of changes) {
    keys.push({ kind: "account", address: change.address });
    for (const slot of change.storage.keys()) keys.push({ kind: "storage", address: change.address, slot });
  }
  return keys;
}

/** What a call reads for sure: its sender, its target and its access list. */
function keysOfRequest(request: MessageRequest): StateKey[] {
  const keys: StateKey[] = [];
  if (request.from !== undefined) keys.push({ kind: "account", address: request.from.toLowerCase() });
  if (request.to !== undefined) keys.push({ kind: "account", address: request.to.toLowerCase() });
  for (const entry of request.accessList ?? []) {
    const address = entry.address.toLowerCase();
    keys.push({ kind: "account", address });
    for (const slot of entry.storageKeys) keys.push({ kind: "storage", address, slot: slot.toLowerCase() });
  }
  return keys;
}
