/**
 * Traces a message as debug_traceCall does: like eth_call (the state after block `number`, that
 * block's header, a message without fees paying none), with geth's state overrides and block
 * overrides, on a fresh execution context whose changes are thrown away. The run yields to the
 * event loop as it goes, over a pinned state (blocks may be mined meanwhile), and ends when
 * `signal` is aborted.
 */
import { Block, type BlockHeader, createBlockHeader, type HeaderData } from "@ethereumjs/block";
import { EvmPacer, MessageAborted } from "../../execution/EvmPacer.js";
import { createExecutionContext } from "../../execution/sequentialExecutor.js";
import { isStateMiss } from "../../state/StateMiss.js";
import { invalidMessageError } from "../call/estimateGas.js";
import { hasFeeFields, type MessageRequest, messageTx, ZERO_ADDRESS } from "../call/messageTx.js";
import { type AccountOverride, OverriddenState } from "../call/OverriddenState.js";
import type { Devnet } from "../Devnet.js";
import { runTracedTransaction } from "./runTracedTransaction.js";
import { TraceBudget } from "./TraceBudget.js";
import { createTracer, type TracerSpec } from "./TracerSpec.js";

/** geth's block overrides of debug_traceCall (the fields a devnet block has). */
export interface BlockOverrides {
  number?: bigint;
  time?: bigint;
  gasLimit?: bigint;
  feeRecipient?: string;
  prevRandao?: Uint8Array;
  baseFeePerGas?: bigint;
}

export interface TraceCallOptions {
  overrides?: ReadonlyMap<string, AccountOverride>;
  blockOverrides?: BlockOverrides;
  /** Aborted when nobody waits for the trace any more. */
  signal?: AbortSignal;
}

/** The tracer's result for the message run at block `number`. */
export async function traceCall(
  devnet: Devnet,
  request: MessageRequest,
  number: bigint,
  spec: TracerSpec,
  options: TraceCallOptions = {},
): Promise<unknown> {
  const base = devnet.pinStateAt(number);
  try {
    const { overrides } = options;
    const state =
      overrides === undefined || overrides.size === 0 ? base : new OverriddenState(base, overrides);
    const header = blockHeader(devnet.headerAt(number), options.blockOverrides, !hasFeeFields(request));
    const sender = request.from ?? ZERO_ADDRESS;
    const tx = messageTx(devnet.common, request, {
      gasLimit: header.gasLimit,
      nonce: state.getAccount(sender)?.nonce ?? 0n,
      baseFee: header.baseFeePerGas,
    });
    const pacer = new EvmPacer();
    const context = await createExecutionContext(devnet.common, { allowSendersWithCode: true, pacer });
    context.state.reset(state);
    context.blockHashes.lookup = devnet.blockHashOf;
    context.blockHashes.fetch = devnet.fetchBlockHash;
    const tracer = createTracer(
      spec,
      new TraceBudget(spec.tracer === "structLogger" ? spec.limit : undefined),
    );
    pacer.begin(options.signal);
    try {
      await runTracedTransaction(context, {
        tx,
        sender,
        block: new Block(header),
        blockGasUsed: 0n,
        tracer,
        firstLogIndex: 0,
        message: true,
      });
    } catch (error) {
      if (isStateMiss(error)) throw error;
      if (pacer.aborted) throw new MessageAborted();
      // Not valid as a transaction (value above the balance, ...): geth answers with the reason.
      throw invalidMessageError(error instanceof Error ? error.message : String(error));
    }
    return tracer.result();
  } finally {
    base.release();
  }
}

/** The header the message runs under: the block's, overridden, with a zero base fee if it names no fee. */
function blockHeader(
  header: BlockHeader,
  overrides: BlockOverrides | undefined,
  noBaseFee: boolean,
): BlockHeader {
  const zeroFee = noBaseFee && header.baseFeePerGas !== undefined;
  if (overrides === undefined && !zeroFee) return header;
  const data: HeaderData = { ...header.toJSON() };
  if (overrides?.number !== undefined) data.number = overrides.number;
  if (overrides?.time !== undefined) data.timestamp = overrides.time;
  if (overrides?.gasLimit !== undefined) data.gasLimit = overrides.gasLimit;
  if (overrides?.feeRecipient !== undefined) data.coinbase = overrides.feeRecipient as `0x${string}`;
  if (overrides?.prevRandao !== undefined) data.mixHash = overrides.prevRandao;
  if (overrides?.baseFeePerGas !== undefined && header.baseFeePerGas !== undefined) {
    data.baseFeePerGas = overrides.baseFeePerGas;
  }
  if (zeroFee) data.baseFeePerGas = 0n;
  return createBlockHeader(data, { common: header.common, skipConsensusFormatValidation: true });
}
