/**
 * Vocabulary of tracing: the hooks a tracer receives while one transaction runs, in geth's terms
 * (geth's `tracing.Hooks`: OnTxStart, OnEnter, OnOpcode, OnFault, OnExit, OnTxEnd), so that each
 * tracer reads like its geth counterpart and produces geth's output. {@link EvmHookAdapter}
 * turns ethereumjs' EVM events into these hooks.
 *
 * Depths follow geth: frames count from 0 (the transaction's own call), opcodes from 1.
 */
import type { TypedTransaction } from "@ethereumjs/tx";
import type { JournaledState } from "../../state/JournaledState.js";

/** How a frame was entered; the string is what callTracer prints as `type`. */
export type FrameType =
  | "CALL"
  | "CALLCODE"
  | "DELEGATECALL"
  | "STATICCALL"
  | "CREATE"
  | "CREATE2"
  | "SELFDESTRUCT";

export interface TxStart {
  tx: TypedTransaction;
  /** Lowercase sender. */
  from: string;
  /** The recipient, or the address a contract creation deploys to. */
  to: string;
  /** Whether the transaction creates a contract. */
  create: boolean;
  coinbase: string;
  /** The state before the transaction: reads here are the pre-state. */
  state: JournaledState;
  /** Index of the transaction's first log in its block (callTracer's log `index`). */
  firstLogIndex: number;
  isPrecompile(address: string): boolean;
}

export interface FrameEnter {
  depth: number;
  type: FrameType;
  from: string;
  /** Absent for CREATE and CREATE2 below the top: the address is known on exit. */
  to: string | undefined;
  input: Uint8Array;
  gas: bigint;
  /** Absent for STATICCALL, as in geth. */
  value: bigint | undefined;
}

export interface FrameExit {
  depth: number;
  output: Uint8Array;
  gasUsed: bigint;
  /** geth's message, e.g. "execution reverted", "out of gas"; undefined on success. */
  error: string | undefined;
  reverted: boolean;
  /** The deployed address, for CREATE and CREATE2 frames. */
  createdAddress: string | undefined;
}

export interface OpcodeStep {
  pc: number;
  /** The opcode byte. */
  code: number;
  /** geth's name of the opcode. */
  name: string;
  /** Gas left before the opcode. */
  gas: bigint;
  /** geth's cost: for CALL-family opcodes it includes the gas handed to the callee. */
  cost: bigint;
  /** 1 for the transaction's own code. */
  depth: number;
  /** Bottom first, as geth prints it. */
  stack: readonly bigint[];
  /** Memory before the opcode runs. */
  memory: Uint8Array;
  /** The executing account (whose storage SLOAD reads). */
  address: string;
  /** The transaction's refund counter. */
  refund: bigint;
  /** What the last call of this frame returned. */
  returnData: Uint8Array;
  state: JournaledState;
}

export interface TxEnd {
  /** Gas charged to the sender (the receipt's gasUsed). */
  gasUsed: bigint;
  output: Uint8Array;
  error: string | undefined;
  reverted: boolean;
  /** The state after the transaction. */
  state: JournaledState;
}

/**
 * A tracer: it receives the hooks of one transaction, then gives its JSON result. Every hook is
 * optional; a tracer that leaves out `onOpcode` costs almost nothing per opcode.
 */
export interface Tracer<Result = unknown> {
  onTxStart?(start: TxStart): void;
  onEnter?(enter: FrameEnter): void;
  onOpcode?(step: OpcodeStep): void;
  /** The last opcode logged at `depth` failed before it ran (out of gas, stack). */
  onFault?(depth: number, error: string): void;
  onExit?(exit: FrameExit): void;
  onTxEnd?(end: TxEnd): void;
  /**
   * False once the tracer wants no more opcodes (a struct logger past its size limit): the
   * adapter stops building steps for it.
   */
  wantsOpcodes?(): boolean;
  result(): Result;
}
