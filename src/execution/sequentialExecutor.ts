/**
 * The sequential executor: runs a block's transactions one after another on one ethereumjs VM
 * over a JournaledState. It is the oracle the parallel executor is compared with, and the path
 * the devnet takes for small blocks and after any failure of the parallel engine.
 */

import { Block } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { EVMMockBlockchainInterface } from "@ethereumjs/evm";
import type { TypedTransaction } from "@ethereumjs/tx";
import { createVM, runTx, type VM } from "@ethereumjs/vm";
import "./internals/ethereumjsPatches.js";
import type { BlockExecution, BlockInput, TxGasSeen, TxOutcome } from "../execution/types.js";
import { JournaledState } from "../state/JournaledState.js";
import { EMPTY_STATE } from "../state/StateReader.js";
import type { EvmPacer } from "./EvmPacer.js";
import { GasProbe } from "./gasProbe.js";
import { applyPlainTransfer, plainTransferRules } from "./plainTransfer.js";
import { includedOutcome, invalidOutcome } from "./txOutcome.js";

/** A VM and its state, kept between blocks: building a VM costs far more than resetting one. */
export interface ExecutionContext {
  vm: VM;
  state: JournaledState;
  /**
   * Where BLOCKHASH looks: `lookup`, set per block, holds what is at hand; `fetch`, where set,
   * asks for a hash `lookup` lacks (a forked chain's remote blocks) and BLOCKHASH waits for it.
   */
  blockHashes: {
    lookup: (number: bigint) => Uint8Array | undefined;
    fetch?: ((number: bigint) => Promise<Uint8Array | undefined>) | undefined;
  };
}

const ZERO_HASH = new Uint8Array(32);

export async function createExecutionContext(
  common: Common,
  options: {
    allowSendersWithCode?: boolean;
    /** Lets long messages yield to the event loop and be aborted (calls; never blocks). */
    pacer?: EvmPacer;
  } = {},
): Promise<ExecutionContext> {
  const state = new JournaledState(EMPTY_STATE);
  state.allowSendersWithCode = options.allowSendersWithCode === true;
  const blockHashes: ExecutionContext["blockHashes"] = { lookup: () => undefined };
  const blockchain: EVMMockBlockchainInterface = {
    getBlock: async (number: number) => {
      const hash =
        blockHashes.lookup(BigInt(number)) ?? (await blockHashes.fetch?.(BigInt(number))) ?? ZERO_HASH;
      return { hash: () => hash };
    },
    putBlock: async () => {},
    shallowCopy() {
      return this;
    },
  };
  const { pacer } = options;
  const vm = await createVM({
    common,
    stateManager: state,
    blockchain,
    setHardfork: false,
    ...(pacer === undefined ? {} : { evmOpts: pacer.evmOptions() }),
  });
  pacer?.attach(vm.evm);
  // The state must know each transaction's sender to let one with code through (EIP-3607 off).
  vm.events.on("beforeTx", (tx: TypedTransaction) => state.beginTransaction(tx));
  return { vm, state, blockHashes };
}

export interface SequentialOptions {
  /**
   * Asked before each transaction after the first: may return a promise to wait for (yielding
   * to the event loop) or throw to give the run up (a devnet's rehearsal of a block: see
   * BlockExecutorChoice).
   */
  pace?: (index: number) => Promise<void> | undefined;
  /**
   * Apply plain transfers to the state directly instead of through runTx (plainTransfer.ts):
   * the parallel engine's way with blocks it runs in order. Off, this is the oracle: every
   * transaction goes through ethereumjs' runTx.
   */
  plainTransfers?: boolean;
}

/** Executes the block in order. Invalid transactions are reported and leave no trace. */
export async function executeBlockSequential(
  input: BlockInput,
  context?: ExecutionContext,
  options: SequentialOptions = {},
): Promise<BlockExecution> {
  const { pace } = options;
  const started = performance.now();
  const ctx = context ?? (await createExecutionContext(input.header.common));
  ctx.state.reset(input.preState);
  ctx.state.allowSendersWithCode = input.allowSendersWithCode === true;
  ctx.blockHashes.lookup = input.blockHashes ?? (() => undefined);
  const block = new Block(input.header);

  const outcomes: TxOutcome[] = [];
  const probe = input.watchGas === true ? GasProbe.of(ctx) : undefined;
  const gas: (TxGasSeen | undefined)[] = [];
  // Watched gas needs the EVM's view of each run.
  const transfers =
    options.plainTransfers === true && probe === undefined
      ? plainTransferRules(ctx.vm.common, block, ctx.vm.evm.precompiles)
      : undefined;
  let gasUsed = 0n;
  let plainTransfers = 0;
  for (let index = 0; index < input.transactions.length; index++) {
    const tx = input.transactions[index];
    if (tx === undefined) continue;
    if (pace !== undefined && index > 0) await pace(index);
    if (transfers !== undefined) {
      const transfer = await applyPlainTransfer(ctx.state, transfers, tx, index, gasUsed);
      if (transfer !== undefined) {
        plainTransfers++;
        gasUsed += transfer.gasUsed;
        outcomes.push(transfer);
        continue;
      }
    }
    probe?.reset();
    try {
      // The block gas limit is the block builder's to respect (it selects transactions whose gas
      // limits fit), as in the parallel engine, where cumulative gas is known only at the end.
      const result = await runTx(ctx.vm, {
        tx,
        block,
        blockGasUsed: gasUsed,
        skipBlockGasLimitValidation: true,
        skipHardForkValidation: true,
      });
      gasUsed += result.totalGasSpent;
      outcomes.push(includedOutcome(index, result));
      gas[index] = probe && { ...probe.seen(), gasRefund: result.gasRefund };
    } catch (error) {
      outcomes.push(invalidOutcome(index, error));
    }
  }
  return {
    outcomes,
    changes: ctx.state.changes(),
    gasUsed,
    elapsedMs: performance.now() - started,
    ...(probe === undefined ? {} : { gas }),
    ...(transfers === undefined ? {} : { plainTransfers }),
  };
}
