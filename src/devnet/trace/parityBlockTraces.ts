/**
 * The Parity-style traces of a mined block's transactions (trace_block, trace_transaction),
 * each located in the chain: block hash and number, transaction hash and position.
 */
import type { MinedBlock } from "../chain/types.js";
import type { Devnet } from "../Devnet.js";
import type { ParityReplayJson, ParityTraceJson } from "./ParityTracer.js";
import { traceMinedBlock } from "./traceMinedBlock.js";

/** A trace with where it happened, keys in anvil's order. */
export interface LocalizedParityTrace {
  action: ParityTraceJson["action"];
  blockHash: string;
  blockNumber: number;
  error?: string;
  result: ParityTraceJson["result"];
  subtraces: number;
  traceAddress: number[];
  transactionHash: string;
  transactionPosition: number;
  type: ParityTraceJson["type"];
}

/** Every trace of the block, or of its transaction `only` alone. */
export async function parityBlockTraces(
  devnet: Devnet,
  mined: MinedBlock,
  options: { only?: number } = {},
): Promise<LocalizedParityTrace[]> {
  const spec = {
    tracer: "parity",
    trace: true,
    stateDiff: false,
    vmTrace: false,
    precompileCalls: true,
  } as const;
  const traces = await traceMinedBlock(devnet, mined, spec, options);
  const first = options.only ?? 0;
  return traces.flatMap(({ txHash, result }, offset) =>
    (result as ParityReplayJson).trace.map((trace) => localized(trace, mined, txHash, first + offset)),
  );
}

function localized(
  trace: ParityTraceJson,
  mined: MinedBlock,
  transactionHash: string,
  transactionPosition: number,
): LocalizedParityTrace {
  const json: LocalizedParityTrace = {
    action: trace.action,
    blockHash: mined.hash,
    blockNumber: Number(mined.number),
  } as LocalizedParityTrace;
  if (trace.error !== undefined) json.error = trace.error;
  json.result = trace.result;
  json.subtraces = trace.subtraces;
  json.traceAddress = trace.traceAddress;
  json.transactionHash = transactionHash;
  json.transactionPosition = transactionPosition;
  json.type = trace.type;
  return json;
}
