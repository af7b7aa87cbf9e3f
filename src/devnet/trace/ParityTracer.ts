/**
 * Parity-style traces (OpenEthereum's `trace_*`, as reth and anvil serve them): the call frames
 * of a transaction as a flat list in depth-first order, each with its `traceAddress` (the path of
 * child indices from the top frame) and `subtraces` (its number of children), and optionally the
 * transaction's `stateDiff`.
 *
 * Built from the same frame hooks as geth's callTracer, with Parity's accounting: the top frame's
 * `gas` is what the transaction had left after its intrinsic gas, and `gasUsed` what its code
 * used (no intrinsic gas, no refund); a STATICCALL carries `value: 0x0`; a SELFDESTRUCT is a
 * `suicide` trace, last child of the frame that ran it, with no result; a reverted frame keeps
 * its result (the revert data as `output`, or as `code` with the address a creation would have
 * had) next to `error: "Reverted"`, any other failure has a null result.
 * With `vmTrace`, {@link VmTracer} records the operations in reth's form, as anvil does.
 */
import { bytesToHex } from "@ethereumjs/util";
import { PrestateTracer } from "./PrestateTracer.js";
import { parityErrorMessage } from "./parityErrorMessage.js";
import { toQuantityHex as quantity } from "./stackWords.js";
import { type StateDiffJson, stateDiffOf } from "./stateDiffOf.js";
import type { FrameEnter, FrameExit, FrameType, OpcodeStep, Tracer, TxEnd, TxStart } from "./Tracer.js";
import { type VmTraceJson, VmTracer } from "./VmTracer.js";

/** Which parts of a replay to build (Parity's `traceTypes`). */
export interface ParityTraceTypes {
  trace: boolean;
  stateDiff: boolean;
  vmTrace: boolean;
}

export interface ParityTracerOptions extends ParityTraceTypes {
  /**
   * Whether calls into precompiles are frames: anvil lists them in the traces of mined
   * transactions, and leaves them out of replays and calls (as reth does everywhere).
   */
  precompileCalls: boolean;
}

export interface ParityCallAction {
  from: string;
  callType: "call" | "callcode" | "delegatecall" | "staticcall";
  gas: string;
  input: string;
  to: string;
  value: string;
}

export interface ParityCreateAction {
  from: string;
  gas: string;
  init: string;
  value: string;
  creationMethod: "create" | "create2";
}

export interface ParitySelfdestructAction {
  address: string;
  balance: string;
  refundAddress: string;
}

export type ParityTraceResult =
  | { gasUsed: string; output: string }
  | { address: string; code: string; gasUsed: string };

/** One frame, keys in reth's order for replays. */
export interface ParityTraceJson {
  type: "call" | "create" | "suicide";
  action: ParityCallAction | ParityCreateAction | ParitySelfdestructAction;
  error?: string;
  result: ParityTraceResult | null;
  subtraces: number;
  traceAddress: number[];
}

/** What trace_replay* and trace_call answer for one transaction. */
export interface ParityReplayJson {
  output: string;
  stateDiff: StateDiffJson | null;
  trace: ParityTraceJson[];
  vmTrace: VmTraceJson | null;
}

interface Frame {
  enter: FrameEnter;
  exit: FrameExit | undefined;
  children: Frame[];
}

export class ParityTracer implements Tracer<ParityReplayJson> {
  private readonly frames: Frame[] = [];
  private root: Frame | undefined;
  private output: Uint8Array = new Uint8Array();
  private readonly prestate: PrestateTracer | undefined;
  private stateDiff: StateDiffJson | null = null;
  private readonly vm: VmTracer | undefined;
  private isPrecompile: (address: string) => boolean = () => false;

  constructor(private readonly types: ParityTracerOptions) {
    if (types.stateDiff) {
      this.prestate = new PrestateTracer({ diffMode: false, disableCode: false, disableStorage: false });
    }
    if (types.vmTrace) this.vm = new VmTracer();
  }

  onTxStart(start: TxStart): void {
    this.isPrecompile = start.isPrecompile;
    this.prestate?.onTxStart(start);
    this.vm?.onTxStart(start);
  }

  onEnter(enter: FrameEnter): void {
    const frame: Frame = { enter, exit: undefined, children: [] };
    const parent = this.frames[this.frames.length - 1];
    const hidden =
      !this.types.precompileCalls && enter.depth > 0 && enter.to !== undefined && this.isPrecompile(enter.to);
    if (parent === undefined) this.root = frame;
    else if (!hidden) parent.children.push(frame);
    this.frames.push(frame);
    this.vm?.onEnter(enter);
  }

  wantsOpcodes(): boolean {
    return this.prestate !== undefined || this.vm !== undefined;
  }

  onOpcode(step: OpcodeStep): void {
    this.prestate?.onOpcode(step);
    this.vm?.onOpcode(step);
  }

  onExit(exit: FrameExit): void {
    this.vm?.onExit();
    const frame = this.frames.pop();
    if (frame !== undefined) frame.exit = exit;
  }

  onTxEnd(end: TxEnd): void {
    this.output = end.output;
    if (this.prestate !== undefined)
      this.stateDiff = stateDiffOf(this.prestate.touched(), this.prestate.createdAddresses(), end.state);
  }

  result(): ParityReplayJson {
    const trace: ParityTraceJson[] = [];
    if (this.types.trace && this.root !== undefined) flatten(this.root, [], trace);
    return {
      output: bytesToHex(this.output),
      stateDiff: this.stateDiff,
      trace,
      vmTrace: this.vm?.result() ?? null,
    };
  }
}

function flatten(frame: Frame, traceAddress: number[], into: ParityTraceJson[]): void {
  into.push(frameJson(frame, traceAddress));
  frame.children.forEach((child, index) => {
    flatten(child, [...traceAddress, index], into);
  });
}

function frameJson(frame: Frame, traceAddress: number[]): ParityTraceJson {
  const { enter, exit } = frame;
  const subtraces = frame.children.length;
  if (enter.type === "SELFDESTRUCT") {
    return {
      type: "suicide",
      action: { address: enter.from, balance: quantity(enter.value ?? 0n), refundAddress: enter.to ?? "" },
      result: null,
      subtraces,
      traceAddress,
    };
  }
  const error = exit?.error === undefined ? undefined : parityErrorMessage(exit.error);
  const gasUsed = quantity(exit?.gasUsed ?? 0n);
  const output = exit?.output ?? new Uint8Array();
  const kept = error === undefined || exit?.reverted === true;
  if (enter.type === "CREATE" || enter.type === "CREATE2") {
    const json: ParityTraceJson = {
      type: "create",
      action: {
        from: enter.from,
        gas: quantity(enter.gas),
        init: bytesToHex(enter.input),
        value: quantity(enter.value ?? 0n),
        creationMethod: enter.type === "CREATE" ? "create" : "create2",
      },
      result: null,
      subtraces,
      traceAddress,
    };
    if (error !== undefined) json.error = error;
    if (kept)
      json.result = { address: exit?.createdAddress ?? enter.to ?? "", code: bytesToHex(output), gasUsed };
    return reorder(json);
  }
  const json: ParityTraceJson = {
    type: "call",
    action: {
      from: enter.from,
      callType: callTypeOf(enter.type),
      gas: quantity(enter.gas),
      input: bytesToHex(enter.input),
      to: enter.to ?? "",
      value: quantity(enter.value ?? 0n),
    },
    result: kept ? { gasUsed, output: bytesToHex(output) } : null,
    subtraces,
    traceAddress,
  };
  if (error !== undefined) json.error = error;
  return reorder(json);
}

/** Keys in reth's order (error before result). */
function reorder(json: ParityTraceJson): ParityTraceJson {
  const { type, action, error, result, subtraces, traceAddress } = json;
  return error === undefined
    ? { type, action, result, subtraces, traceAddress }
    : { type, action, error, result, subtraces, traceAddress };
}

function callTypeOf(type: FrameType): ParityCallAction["callType"] {
  switch (type) {
    case "CALLCODE":
      return "callcode";
    case "DELEGATECALL":
      return "delegatecall";
    case "STATICCALL":
      return "staticcall";
    default:
      return "call";
  }
}
