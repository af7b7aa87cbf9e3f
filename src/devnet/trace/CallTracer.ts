/**
 * geth's `callTracer`: the tree of call frames of a transaction, with `onlyTopCall` (the top frame
 * alone) and `withLog` (each frame's logs, with `position`: how many sub-calls the frame had made
 * before the log, and `index`: the log's index in the block, as its receipt numbers it).
 *
 * As in geth: the top frame's `gas` is the transaction's gas limit and its `gasUsed` the receipt's;
 * a failed frame has `error` and, for a revert, the revert data as `output` and a decoded
 * `revertReason`; a failed CREATE has no `to`; logs of failed frames (and of their children) are
 * dropped and take no index. The whole tree is always built, so that log indices count the logs
 * of sub-calls also under `onlyTopCall`.
 */
import { bytesToHex } from "@ethereumjs/util";
import { memorySlice } from "./memorySlice.js";
import { OP } from "./opcodeNames.js";
import { toQuantityHex as quantity, wordToHex64 } from "./stackWords.js";
import type { FrameEnter, FrameExit, FrameType, OpcodeStep, Tracer, TxEnd, TxStart } from "./Tracer.js";
import { unpackRevert } from "./unpackRevert.js";

export interface CallTracerConfig {
  onlyTopCall: boolean;
  withLog: boolean;
}

export interface CallLogJson {
  address: string;
  topics: string[];
  data: string;
  position: string;
  index: string;
}

/** A frame, keys in geth's order. */
export interface CallFrameJson {
  from: string;
  gas: string;
  gasUsed: string;
  to?: string;
  input: string;
  output?: string;
  error?: string;
  revertReason?: string;
  calls?: CallFrameJson[];
  logs?: CallLogJson[];
  value?: string;
  type: FrameType;
}

interface Frame {
  type: FrameType;
  from: string;
  to: string | undefined;
  input: Uint8Array;
  gas: bigint;
  gasUsed: bigint;
  value: bigint | undefined;
  output: Uint8Array | undefined;
  error: string | undefined;
  revertReason: string | undefined;
  calls: Frame[];
  logs: PendingLog[];
}

interface PendingLog {
  address: string;
  topics: string[];
  data: Uint8Array;
  position: number;
  /** Emission order within the transaction. */
  sequence: number;
  index: number;
}

export class CallTracer implements Tracer<CallFrameJson | Record<string, never>> {
  private readonly frames: Frame[] = [];
  private root: Frame | undefined;
  private gasLimit = 0n;
  private firstLogIndex = 0;
  private logCount = 0;

  constructor(private readonly config: CallTracerConfig) {}

  onTxStart(start: TxStart): void {
    this.gasLimit = start.tx.gasLimit;
    this.firstLogIndex = start.firstLogIndex;
  }

  onEnter(enter: FrameEnter): void {
    this.frames.push({
      type: enter.type,
      from: enter.from,
      to: enter.to,
      input: enter.input,
      gas: enter.depth === 0 ? this.gasLimit : enter.gas,
      gasUsed: 0n,
      value: enter.value,
      output: undefined,
      error: undefined,
      revertReason: undefined,
      calls: [],
      logs: [],
    });
  }

  wantsOpcodes(): boolean {
    return this.config.withLog;
  }

  onOpcode(step: OpcodeStep): void {
    if (step.code < OP.LOG0 || step.code > OP.LOG4) return;
    const frame = this.frames[this.frames.length - 1];
    const { stack } = step;
    const offset = stack[stack.length - 1];
    const size = stack[stack.length - 2];
    const count = step.code - OP.LOG0;
    if (frame === undefined || offset === undefined || size === undefined || stack.length < 2 + count) return;
    const topics: string[] = [];
    for (let i = 0; i < count; i++) topics.push(`0x${wordToHex64(stack[stack.length - 3 - i] as bigint)}`);
    frame.logs.push({
      address: step.address,
      topics,
      data: memorySlice(step.memory, offset, size),
      position: frame.calls.length,
      sequence: this.logCount++,
      index: 0,
    });
  }

  onExit(exit: FrameExit): void {
    const frame = this.frames.pop();
    if (frame === undefined) return;
    frame.gasUsed = exit.gasUsed;
    if (exit.createdAddress !== undefined) frame.to = exit.createdAddress;
    if (exit.error === undefined) frame.output = exit.output;
    else {
      frame.error = exit.error;
      if (frame.type === "CREATE" || frame.type === "CREATE2") frame.to = undefined;
      if (exit.reverted && exit.output.length > 0) {
        frame.output = exit.output;
        frame.revertReason = unpackRevert(exit.output);
      }
    }
    const parent = this.frames[this.frames.length - 1];
    if (parent === undefined) this.root = frame;
    else parent.calls.push(frame);
  }

  onTxEnd(end: TxEnd): void {
    if (this.root === undefined) return;
    this.root.gasUsed = end.gasUsed;
    const kept: PendingLog[] = [];
    dropFailedLogs(this.root, false, kept);
    kept.sort((a, b) => a.sequence - b.sequence);
    kept.forEach((log, rank) => {
      log.index = this.firstLogIndex + rank;
    });
  }

  result(): CallFrameJson | Record<string, never> {
    if (this.root === undefined) return {};
    return this.frameJson(this.root, true);
  }

  private frameJson(frame: Frame, top: boolean): CallFrameJson {
    const json: CallFrameJson = {
      from: frame.from,
      gas: quantity(frame.gas),
      gasUsed: quantity(frame.gasUsed),
    } as CallFrameJson;
    if (frame.to !== undefined) json.to = frame.to;
    json.input = bytesToHex(frame.input);
    if (frame.output !== undefined && frame.output.length > 0) json.output = bytesToHex(frame.output);
    if (frame.error !== undefined) json.error = frame.error;
    if (frame.revertReason !== undefined && frame.revertReason !== "") json.revertReason = frame.revertReason;
    const showCalls = !(top && this.config.onlyTopCall);
    if (showCalls && frame.calls.length > 0)
      json.calls = frame.calls.map((call) => this.frameJson(call, false));
    if (this.config.withLog && frame.logs.length > 0) {
      json.logs = frame.logs.map((log) => ({
        address: log.address,
        topics: log.topics,
        data: bytesToHex(log.data),
        position: quantity(this.config.onlyTopCall ? 0 : log.position),
        index: quantity(log.index),
      }));
    }
    if (frame.value !== undefined) json.value = quantity(frame.value);
    json.type = frame.type;
    return json;
  }
}

/** Empties the logs of failed frames and their children; collects the logs that took effect. */
function dropFailedLogs(frame: Frame, parentFailed: boolean, kept: PendingLog[]): void {
  const failed = parentFailed || frame.error !== undefined;
  if (failed) frame.logs = [];
  else kept.push(...frame.logs);
  for (const call of frame.calls) dropFailedLogs(call, failed, kept);
}
