/**
 * Otterscan's views of a transaction's Parity-style traces, as anvil builds them:
 * - internal operations (ots_getInternalOperations): every CALL that moves ether (type 0), every
 *   SELFDESTRUCT (1, from the destroyed account to its beneficiary, with the balance), CREATE (2)
 *   and CREATE2 (3), the transaction's own frame included;
 * - trace entries (ots_traceTransaction): the call frames (creations and self-destructs are not
 *   listed), each with its depth and its output.
 */
import type { ParityCallAction, ParityCreateAction } from "./ParityTracer.js";
import type { LocalizedParityTrace } from "./parityBlockTraces.js";

export const OPERATION = { transfer: 0, selfDestruct: 1, create: 2, create2: 3 } as const;

export interface InternalOperation {
  type: (typeof OPERATION)[keyof typeof OPERATION];
  from: string;
  to: string;
  value: string;
}

export interface OtsTraceEntry {
  type: string;
  depth: number;
  from: string;
  to: string;
  value: string;
  input: string;
  output: string;
}

export function internalOperations(traces: readonly LocalizedParityTrace[]): InternalOperation[] {
  const operations: InternalOperation[] = [];
  for (const { action, result } of traces) {
    if ("refundAddress" in action) {
      operations.push({
        type: OPERATION.selfDestruct,
        from: action.address,
        to: action.refundAddress,
        value: action.balance,
      });
    } else if ("init" in action) {
      const create = action as ParityCreateAction;
      operations.push({
        type: create.creationMethod === "create2" ? OPERATION.create2 : OPERATION.create,
        from: create.from,
        to: result !== null && "address" in result ? result.address : ZERO_ADDRESS,
        value: create.value,
      });
    } else if (action.callType === "call" && BigInt(action.value) !== 0n) {
      operations.push({ type: OPERATION.transfer, from: action.from, to: action.to, value: action.value });
    }
  }
  return operations;
}

export function otsTraceEntries(traces: readonly LocalizedParityTrace[]): OtsTraceEntry[] {
  return traces.flatMap(({ action, result, traceAddress }) => {
    if (!("callType" in action)) return [];
    const call = action as ParityCallAction;
    return [
      {
        type: call.callType.toUpperCase(),
        depth: traceAddress.length,
        from: call.from,
        to: call.to,
        value: call.value,
        input: call.input,
        output: result !== null && "output" in result ? result.output : "0x",
      },
    ];
  });
}

const ZERO_ADDRESS = `0x${"00".repeat(20)}`;
