/**
 * BenchWorld: the pre-state the in-process benchmarks execute blocks on, built directly instead
 * of mined through a devnet. Accounts are funded by writing the state (a WorldState block of
 * balances); contracts are deployed and set up by real transactions run with
 * executeBlockSequential and committed with `world.applyBlock`, so every slot holds what the
 * EVM wrote.
 *
 * What it holds, for `holders` accounts and `pools` AMM pools:
 * - a deployer and the holders, each with 1,000 ETH;
 * - `token`: an ERC-20 every holder holds 1,000 units of;
 * - `counter` (Counter) and `nft` (Nft);
 * - `pools`: each a Pair over its own two Tokens with 10^6 units of liquidity a side; holder i
 *   trades on pool i % pools, holds 1,000 units of its token0 and has approved the pair for it.
 */
import type { BlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { TypedTransaction } from "@ethereumjs/tx";
import { KECCAK256_NULL, KECCAK256_RLP } from "@ethereumjs/util";
import { buildGenesisBlock, pendingHeader } from "../dist/devnet/block/BlockBuilder.js";
import { decodeRawTransaction } from "../dist/execution/decodeRawTransaction.js";
import {
  createExecutionContext,
  type ExecutionContext,
  executeBlockSequential,
} from "../dist/execution/sequentialExecutor.js";
import type { BlockExecution } from "../dist/execution/types.js";
import type { BlockChange } from "../dist/state/JournaledState.js";
import { WorldState } from "../dist/state/WorldState.js";
import { creationCode, pairCalls, pairCreation, tokenCalls, tokenCreation } from "./contracts.ts";
import { Progress } from "./progress.ts";
import {
  type BenchAccount,
  benchAccount,
  createBenchCommon,
  freshAddress,
  signTx,
  type TxSpec,
} from "./signing.ts";

export const ETHER = 10n ** 18n;
/** Token units (18 decimals). */
export const UNIT = 10n ** 18n;
export const BLOCK_GAS_LIMIT = 1_000_000_000n;
export const BASE_FEE = 7n;
export const COINBASE = freshAddress(0xc0, 0);

const HOLDER_TOKENS = 1_000n * UNIT;
const POOL_LIQUIDITY = 1_000_000n * UNIT;
const SETUP_BLOCK_SIZE = 2_000;
const GAS = { deploy: 3_000_000n, call: 200_000n };

export interface Pool {
  pair: string;
  token0: string;
  token1: string;
}

export interface BenchWorldOptions {
  holders: number;
  /** AMM pools to deploy (0: none, and no Counter or Nft either). */
  pools: number;
}

export class BenchWorld {
  readonly common: Common;
  readonly world = new WorldState();
  readonly deployer = benchAccount(0);
  readonly holders: BenchAccount[];
  token = "";
  counter = "";
  nft = "";
  pools: Pool[] = [];
  private head: BlockHeader;
  private readonly context: ExecutionContext;

  private constructor(common: Common, context: ExecutionContext, holders: number) {
    this.common = common;
    this.context = context;
    this.holders = Array.from({ length: holders }, (_, i) => benchAccount(i + 1));
    this.head = buildGenesisBlock(common, this.env(0n), KECCAK256_RLP).header;
  }

  /** Builds the world, printing progress on stderr. */
  static async build(options: BenchWorldOptions): Promise<BenchWorld> {
    const common = createBenchCommon();
    const bench = new BenchWorld(common, await createExecutionContext(common), options.holders);
    await bench.setUp(options.pools);
    return bench;
  }

  /** The pool holder `index` trades on. */
  poolOf(index: number): Pool {
    return this.pools[index % this.pools.length] as Pool;
  }

  nonceOf(address: string): bigint {
    return this.world.getAccount(address)?.nonce ?? 0n;
  }

  /** The header of a block on top of the current state (not committed). */
  nextHeader(): BlockHeader {
    return pendingHeader(this.common, this.head, this.env(this.head.number + 1n));
  }

  /**
   * Signs transactions (with a progress line) and admits them as the devnet does
   * (decodeRawTransaction: sender recovered once and claimed, raw bytes kept): timed runs then
   * pay no recovery, as blocks the devnet builds.
   */
  sign(label: string, specs: readonly TxSpec[]): { transactions: TypedTransaction[]; senders: string[] } {
    const progress = new Progress(label, specs.length);
    const transactions: TypedTransaction[] = [];
    const senders: string[] = [];
    for (const spec of specs) {
      const { tx, sender } = decodeRawTransaction(signTx(this.common, spec).serialize(), this.common);
      senders.push(sender);
      transactions.push(tx);
      progress.tick();
    }
    progress.done();
    return { transactions, senders };
  }

  /** Executes a block sequentially on the state, checks every transaction succeeded, commits it. */
  async commit(transactions: readonly TypedTransaction[]): Promise<BlockExecution> {
    const execution = await executeBlockSequential(
      { header: this.nextHeader(), transactions, preState: this.world },
      this.context,
    );
    assertAllSucceeded("setup block", execution);
    this.world.applyBlock(execution.changes);
    this.head = this.nextHeader();
    return execution;
  }

  private env(number: bigint) {
    return {
      timestamp: 1_700_000_000n + number * 12n,
      gasLimit: BLOCK_GAS_LIMIT,
      coinbase: COINBASE,
      baseFeePerGas: BASE_FEE,
      prevRandao: new Uint8Array(32).fill(Number(number % 256n)),
    };
  }

  private async setUp(poolCount: number): Promise<void> {
    const funded: BlockChange[] = [this.deployer, ...this.holders].map((account) => ({
      address: account.address,
      account: { nonce: 0n, balance: 1_000n * ETHER, codeHash: KECCAK256_NULL },
      storageCleared: false,
      storage: new Map(),
    }));
    this.world.applyBlock(funded);
    this.head = this.nextHeader();

    const deployer = this.deployer;
    let nonce = 0n;
    const fromDeployer = (spec: Omit<TxSpec, "from" | "nonce">): TxSpec => ({
      from: deployer,
      nonce: nonce++,
      ...spec,
    });

    // Contracts whose constructors need no addresses.
    const creations: TxSpec[] = [
      fromDeployer({ data: tokenCreation("Bench", "BNCH", 0n), gasLimit: GAS.deploy }),
    ];
    if (poolCount > 0) {
      creations.push(fromDeployer({ data: creationCode("Counter"), gasLimit: GAS.deploy }));
      creations.push(fromDeployer({ data: creationCode("Nft"), gasLimit: GAS.deploy }));
      for (let p = 0; p < 2 * poolCount; p++) {
        creations.push(
          fromDeployer({ data: tokenCreation(`Pool${p >> 1}`, `P${p}`, 0n), gasLimit: GAS.deploy }),
        );
      }
    }
    const created = (
      await this.commit(this.sign("setup: sign deployments", creations).transactions)
    ).outcomes.map((o) => (o.kind === "included" ? (o.contractAddress ?? "") : ""));
    this.token = created[0] as string;
    let pairSpecs: TxSpec[] = [];
    if (poolCount > 0) {
      this.counter = created[1] as string;
      this.nft = created[2] as string;
      const poolTokens = created.slice(3);
      pairSpecs = Array.from({ length: poolCount }, (_, p) =>
        fromDeployer({
          data: pairCreation(poolTokens[2 * p] as string, poolTokens[2 * p + 1] as string),
          gasLimit: GAS.deploy,
        }),
      );
      const pairs = (await this.commit(this.sign("setup: sign pairs", pairSpecs).transactions)).outcomes;
      this.pools = pairs.map((o, p) => ({
        pair: o.kind === "included" ? (o.contractAddress ?? "") : "",
        token0: poolTokens[2 * p] as string,
        token1: poolTokens[2 * p + 1] as string,
      }));
    }

    // Balances and liquidity, from the deployer.
    const funding: TxSpec[] = [];
    for (const holder of this.holders) {
      funding.push(
        fromDeployer({
          to: this.token,
          data: tokenCalls.mint(holder.address, HOLDER_TOKENS),
          gasLimit: GAS.call,
        }),
      );
    }
    for (const pool of this.pools) {
      for (const token of [pool.token0, pool.token1]) {
        funding.push(
          fromDeployer({
            to: token,
            data: tokenCalls.mint(deployer.address, POOL_LIQUIDITY),
            gasLimit: GAS.call,
          }),
        );
        funding.push(fromDeployer({ to: token, data: tokenCalls.approveAll(pool.pair), gasLimit: GAS.call }));
      }
      funding.push(
        fromDeployer({
          to: pool.pair,
          data: pairCalls.addLiquidity(POOL_LIQUIDITY, POOL_LIQUIDITY),
          gasLimit: GAS.call,
        }),
      );
    }
    if (poolCount > 0) {
      this.holders.forEach((holder, i) => {
        funding.push(
          fromDeployer({
            to: this.poolOf(i).token0,
            data: tokenCalls.mint(holder.address, HOLDER_TOKENS),
            gasLimit: GAS.call,
          }),
        );
      });
    }
    // Each holder approves its pool's pair once.
    const approvals: TxSpec[] =
      poolCount === 0
        ? []
        : this.holders.map((holder, i) => ({
            from: holder,
            nonce: 0n,
            to: this.poolOf(i).token0,
            data: tokenCalls.approveAll(this.poolOf(i).pair),
            gasLimit: GAS.call,
          }));
    const setup = this.sign("setup: sign mints, liquidity, approvals", [
      ...funding,
      ...approvals,
    ]).transactions;
    const progress = new Progress("setup: execute setup blocks", setup.length);
    for (let start = 0; start < setup.length; start += SETUP_BLOCK_SIZE) {
      const block = setup.slice(start, start + SETUP_BLOCK_SIZE);
      await this.commit(block);
      progress.tick(block.length);
    }
    progress.done(`${this.holders.length.toLocaleString("en-US")} holders, ${this.pools.length} pools`);
  }
}

/** Throws unless every transaction of the block was included and did not fail. */
export function assertAllSucceeded(what: string, execution: BlockExecution): void {
  for (const outcome of execution.outcomes) {
    if (outcome.kind === "invalid")
      throw new Error(`${what}: transaction ${outcome.index} invalid: ${outcome.reason}`);
    if (outcome.error !== undefined)
      throw new Error(`${what}: transaction ${outcome.index} failed: ${outcome.error}`);
  }
}
