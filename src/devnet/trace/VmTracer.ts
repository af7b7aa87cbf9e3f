/**
 * Parity's `vmTrace` in reth's form: per frame, the code it ran and its operations, each with its
 * `pc`, `cost` (gas before less gas after: a CALL or CREATE counts the gas it hands over), the
 * opcode's name, and `ex`: `used` (the gas left before the operation, as reth has it), `push`
 * (what the operation left on the stack; for a CALL or CREATE, read before the callee runs, the
 * word under its arguments), `mem` (the memory before it, whole, at offset = its size, as reth
 * records it) and `store` (null: reth records no storage changes here). A CALL, CREATE and
 * their kin carry the frame they entered as `sub`; calls into precompiles have none. Checked
 * field for field against anvil, which builds it with reth's code.
 *
 * A frame's `code` is its code before the transaction ("0x" for the contracts it creates). A byte
 * that is no opcode is named as revm names it, "UNKNOWN(0x0C)".
 */
import { bytesToHex } from "@ethereumjs/util";
import type { JournaledState } from "../../state/JournaledState.js";
import { isCreateOpcode } from "./opcodeNames.js";
import { toQuantityHex as quantity } from "./stackWords.js";
import type { FrameEnter, OpcodeStep, Tracer, TxStart } from "./Tracer.js";

export interface VmTraceJson {
  code: string;
  ops: VmInstructionJson[];
}

/** One operation, keys in reth's order. */
export interface VmInstructionJson {
  cost: number;
  ex: {
    used: number;
    push: string[];
    mem: { off: number; data: string } | null;
    store: null;
  } | null;
  pc: number;
  sub: VmTraceJson | null;
  op: string;
}

interface VmFrame {
  trace: VmTraceJson;
  /** The last operation, whose `push` is read from the next operation's stack. */
  pending: { instruction: VmInstructionJson; outputs: number } | undefined;
  /** The CALL or CREATE being run, which the next frame entered belongs to. */
  entering: VmInstructionJson | undefined;
}

export class VmTracer implements Tracer<VmTraceJson | null> {
  /** One entry per entered frame; null for frames with no trace of their own. */
  private readonly frames: (VmFrame | null)[] = [];
  private root: VmTraceJson | null = null;
  private state: JournaledState | undefined;
  private isPrecompile: (address: string) => boolean = () => false;

  onTxStart(start: TxStart): void {
    this.state = start.state;
    this.isPrecompile = start.isPrecompile;
  }

  onEnter(enter: FrameEnter): void {
    const parent = this.frames[this.frames.length - 1];
    if (
      enter.type === "SELFDESTRUCT" ||
      (enter.depth > 0 && enter.to !== undefined && this.isPrecompile(enter.to))
    ) {
      this.frames.push(null);
      return;
    }
    const create = enter.type === "CREATE" || enter.type === "CREATE2";
    const code =
      create || enter.to === undefined
        ? new Uint8Array()
        : (this.state?.readCode(enter.to) ?? new Uint8Array());
    const trace: VmTraceJson = { code: bytesToHex(code), ops: [] };
    if (parent === undefined) this.root = trace;
    else if (parent !== null) {
      if (parent.entering !== undefined) parent.entering.sub = trace;
      parent.entering = undefined;
    }
    this.frames.push({ trace, pending: undefined, entering: undefined });
  }

  wantsOpcodes(): boolean {
    return true;
  }

  onOpcode(step: OpcodeStep): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined || frame === null) return;
    settle(frame, step.stack);
    let cost = step.cost;
    if (isCreateOpcode(step.code)) {
      const left = step.gas - cost;
      if (left > 0n) cost += left - left / 64n;
    }
    // An operation that runs out of gas uses up what was left.
    if (cost > step.gas) cost = step.gas;
    const instruction: VmInstructionJson = {
      cost: Number(cost),
      ex: {
        used: Number(step.gas),
        push: [],
        mem: { off: step.memory.length, data: bytesToHex(step.memory) },
        store: null,
      },
      pc: step.pc,
      sub: null,
      op: step.name.startsWith("opcode ")
        ? `UNKNOWN(0x${step.code.toString(16).toUpperCase().padStart(2, "0")})`
        : step.name,
    };
    frame.trace.ops.push(instruction);
    frame.entering = undefined;
    const inputs = CALL_INPUTS.get(step.code);
    if (inputs === undefined) {
      frame.pending = { instruction, outputs: stackOutputs(step.code) };
      return;
    }
    // reth reads a call's push before the callee runs: the word under its arguments.
    const under = step.stack[step.stack.length - inputs - 1];
    if (instruction.ex !== null && under !== undefined) instruction.ex.push = [quantity(under)];
    frame.entering = instruction;
  }

  onExit(): void {
    const frame = this.frames.pop();
    if (frame !== null && frame !== undefined) frame.pending = undefined;
  }

  result(): VmTraceJson | null {
    return this.root;
  }
}

/** Gives the frame's last operation its pushed values, now on top of `stack`. */
function settle(frame: VmFrame, stack: readonly bigint[]): void {
  const { pending } = frame;
  if (pending === undefined || pending.instruction.ex === null) return;
  const pushed = pending.outputs === 0 ? [] : stack.slice(Math.max(0, stack.length - pending.outputs));
  pending.instruction.ex.push = pushed.map((word) => quantity(word));
  frame.pending = undefined;
}

/** The stack arguments of the opcodes that enter a frame. */
const CALL_INPUTS = new Map([
  [0xf0, 3], // CREATE
  [0xf1, 7], // CALL
  [0xf2, 7], // CALLCODE
  [0xf4, 6], // DELEGATECALL
  [0xf5, 4], // CREATE2
  [0xfa, 6], // STATICCALL
]);

/** How many stack items an opcode leaves (DUPn and SWAPn count every item they touch, as revm). */
function stackOutputs(code: number): number {
  if (code >= 0x5f && code <= 0x7f) return 1; // PUSH0 to PUSH32
  if (code >= 0x80 && code <= 0x8f) return code - 0x80 + 2; // DUPn: n + 1
  if (code >= 0x90 && code <= 0x9f) return code - 0x90 + 2; // SWAPn: n + 1
  return NO_OUTPUT.has(code) ? 0 : 1;
}

/** Opcodes that push nothing. */
const NO_OUTPUT = new Set([
  0x00, // STOP
  0x37, // CALLDATACOPY
  0x39, // CODECOPY
  0x3c, // EXTCODECOPY
  0x3e, // RETURNDATACOPY
  0x50, // POP
  0x52, // MSTORE
  0x53, // MSTORE8
  0x55, // SSTORE
  0x56, // JUMP
  0x57, // JUMPI
  0x5b, // JUMPDEST
  0x5d, // TSTORE
  0x5e, // MCOPY
  0xa0, // LOG0
  0xa1,
  0xa2,
  0xa3,
  0xa4, // LOG4
  0xf3, // RETURN
  0xfd, // REVERT
  0xfe, // INVALID
  0xff, // SELFDESTRUCT
]);
