/**
 * Runs a message (eth_call, eth_estimateGas) as a transaction over a state that is thrown away.
 * Execution contexts (a VM each) are pooled: building one costs milliseconds, and concurrent
 * calls must not share one. A long message yields to the event loop now and then (EvmPacer), so
 * the state it reads must not change under it, and it ends when its signal is aborted.
 */
import type { BlockHeader } from "@ethereumjs/block";
import { Block } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { Log } from "@ethereumjs/evm";
import type { TypedTransaction } from "@ethereumjs/tx";
import { runTx } from "@ethereumjs/vm";
import { EvmPacer, MessageAborted } from "../../execution/EvmPacer.js";
import { GasProbe } from "../../execution/gasProbe.js";
import { createExecutionContext, type ExecutionContext } from "../../execution/sequentialExecutor.js";
import { isStateMiss } from "../../state/StateMiss.js";
import type { StateReader } from "../../state/StateReader.js";

export interface MessageResult {
  /** The message was not valid as a transaction (e.g. value above the sender's balance). */
  invalid?: string;
  returnValue: Uint8Array;
  /** The EVM error ("revert", "out of gas", ...), undefined on success. */
  error: string | undefined;
  gasUsed: bigint;
  gasRefund: bigint;
  logs: Log[];
  /** With `reportAccessList`: the addresses and slots the message touched. */
  accessList?: { address: string; storageKeys: string[] }[];
  /** The least gas left at any SSTORE of the run ("none" if none ran), where it was watched. */
  leastGasAtSstore?: bigint | "none";
  /** Whether an opcode that looks at the gas left ran (see gasProbe), where it was watched. */
  observedGas?: boolean;
  /** The least gas limit the message is valid with (intrinsic gas, EIP-7623's calldata floor). */
  minimumGasLimit?: bigint;
}

/** A pooled execution context, the pacer its EVM consults, and its gas probe. */
type PacedContext = { context: ExecutionContext; pacer: EvmPacer; probe: GasProbe };

export class CallRunner {
  private idle: PacedContext[] = [];

  constructor(private readonly common: Common) {}

  async run(options: {
    tx: TypedTransaction;
    header: BlockHeader;
    state: StateReader;
    blockHashes: (number: bigint) => Uint8Array | undefined;
    fetchBlockHash?: (number: bigint) => Promise<Uint8Array | undefined>;
    /** Charge no base fee (a call that names no fee, as geth does). */
    noBaseFee: boolean;
    reportAccessList?: boolean;
    /** Aborted when nobody waits for the answer any more: the run ends with MessageAborted. */
    signal?: AbortSignal;
  }): Promise<MessageResult> {
    if (options.signal?.aborted === true) throw new MessageAborted();
    const paced = this.idle.pop() ?? (await this.createContext());
    const { context, pacer, probe } = paced;
    pacer.begin(options.signal);
    probe.reset();
    let reusable = true;
    try {
      context.state.reset(options.state);
      context.blockHashes.lookup = options.blockHashes;
      context.blockHashes.fetch = options.fetchBlockHash;
      const header = options.noBaseFee ? withZeroBaseFee(options.header) : options.header;
      const block = messageBlockOf(header);
      try {
        const result = await runTx(context.vm, {
          tx: options.tx,
          block,
          skipNonce: true,
          skipBlockGasLimitValidation: true,
          skipHardForkValidation: true,
          reportAccessList: options.reportAccessList === true,
        });
        const accessList = result.accessList?.map((item) => ({
          address: item.address,
          storageKeys: item.storageKeys,
        }));
        return {
          ...(accessList === undefined ? {} : { accessList }),
          returnValue: result.execResult.returnValue,
          error: result.execResult.exceptionError?.error,
          gasUsed: result.totalGasSpent,
          gasRefund: result.gasRefund,
          logs: result.execResult.logs ?? [],
          ...probe.seen(),
          minimumGasLimit: options.tx.getMinimumGasLimit(),
        };
      } catch (error) {
        // State not loaded yet (a fork's) is for the caller to load, not a verdict on the call.
        if (isStateMiss(error)) throw error;
        if (pacer.aborted) {
          // Cut short inside the EVM: its journal may be mid-frame, so the context is dropped.
          reusable = false;
          throw new MessageAborted();
        }
        return {
          invalid: error instanceof Error ? error.message : String(error),
          returnValue: new Uint8Array(),
          error: undefined,
          gasUsed: 0n,
          gasRefund: 0n,
          logs: [],
        };
      }
    } finally {
      pacer.end();
      context.state.reset();
      if (reusable) this.idle.push(paced);
    }
  }

  private async createContext(): Promise<PacedContext> {
    const pacer = new EvmPacer();
    const context = await createExecutionContext(this.common, { allowSendersWithCode: true, pacer });
    return { context, pacer, probe: GasProbe.of(context) };
  }
}

/**
 * Each header's zero-fee twin, made once per header. With automine every transaction makes a new
 * head, so the twin is made for nearly every estimate: building it as a new header (from its JSON,
 * validated) cost ~40 µs, a tenth of a test suite's estimate. The twin is a copy of the header's
 * fields on its prototype, base fee zeroed: runTx and the EVM read a header's fields and
 * getBlobGasPrice() (which reads them through `this`), never its hash (whose cache it shares).
 * (A header as the twin's prototype cost as much: V8 turns an object made a prototype into a
 * slower kind.)
 */
const zeroBaseFeeTwins = new WeakMap<BlockHeader, BlockHeader>();

function withZeroBaseFee(header: BlockHeader): BlockHeader {
  if (header.baseFeePerGas === undefined) return header;
  let twin = zeroBaseFeeTwins.get(header);
  if (twin === undefined) {
    twin = Object.assign(Object.create(Object.getPrototypeOf(header)) as BlockHeader, header, {
      baseFeePerGas: 0n,
    });
    zeroBaseFeeTwins.set(header, twin);
  }
  return twin;
}

/** The empty block a message runs in, one per header (a Block checks its header when made). */
const messageBlocks = new WeakMap<BlockHeader, Block>();

function messageBlockOf(header: BlockHeader): Block {
  let block = messageBlocks.get(header);
  if (block === undefined) {
    block = new Block(header);
    messageBlocks.set(header, block);
  }
  return block;
}
