/**
 * How a devnet is started: its chain, accounts, block limits, mining and execution. The defaults
 * are anvil's.
 */
import { availableParallelism } from "node:os";
import { DEFAULT_HARDFORK } from "../execution/hardforks.js";
import { DEFAULT_MNEMONIC } from "./accounts/devAccounts.js";
import type { ForkOptions } from "./fork/ForkOptions.js";
import type { MiningMode } from "./mining/Miner.js";
import type { MiningOrder } from "./txpool/TxPool.js";

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
  /**
   * Start the parallel engine's workers and their warm-up at the devnet's first idle moment (the
   * CLI does), instead of after the first block the engine could take (a devnet per test
   * connection should not start threads it may never use). Either way the warm-up waits until no
   * request has come for a moment, pauses while requests come, and the engine takes no block
   * before it is over.
   */
  warmUpWorkers?: boolean;
  /**
   * How many recent blocks keep their state trie, for eth_getProof at those blocks (default 256);
   * older blocks' trie roots are forgotten, so that a long run's memory stays bounded.
   */
  provableBlocks?: number;
  /**
   * Keep the state of the last N blocks only, the head's included (anvil's --prune-history):
   * calls and reads at older blocks answer an error, and their undo records are dropped.
   * Undefined (the default) keeps every block's state.
   */
  pruneHistory?: number;
  /**
   * Keep each mined transaction's read and write sets, recorded while the block is built
   * (`pevm_getBlockReport` then reads them instead of executing the block again). Off by default:
   * they cost memory for every block.
   */
  recordAccess?: boolean;
  /** Genesis timestamp in seconds; now when not given. */
  genesisTimestamp?: bigint;
  /** Fork a remote chain at one of its blocks (--fork-url and its flags). */
  fork?: ForkOptions;
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

/** anvil's default tip suggestion: 1 gwei. */
export const DEFAULT_PRIORITY_FEE = 1_000_000_000n;
