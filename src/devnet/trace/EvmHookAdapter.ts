/**
 * EvmHookAdapter: listens to one ethereumjs EVM (`beforeMessage`, `step`, `afterMessage`) while a
 * transaction runs and calls a {@link Tracer}'s geth-style hooks.
 *
 * What ethereumjs does not say directly is reconstructed here, per frame on a stack that mirrors
 * the EVM's message stack:
 * - the frame type (CALL, STATICCALL, ...) is the opcode the parent frame ran last;
 * - `from` is the parent's executing account (under DELEGATECALL the message's caller is not);
 * - a CALL-family opcode costs, in geth's accounting, its own gas plus the gas it hands over
 *   (all but 1/64 of what is left, capped by the requested amount);
 * - SELFDESTRUCT is a frame of its own in geth: it is reported, with the balance it moves, when
 *   the frame that ran it ends without error;
 * - the return data of a frame is what its last child returned (a CREATE's only when it
 *   reverted), cleared by every CALL/CREATE opcode.
 *
 * Pacing: the `step` listener takes ethereumjs' callback form, so the EVM awaits it; every
 * `yieldEvery` opcodes it resolves through `setImmediate`, which lets the event loop answer other
 * requests while a long transaction is traced. With `stopWhenSatisfied`, once the tracer wants no
 * more opcodes the run is cut short with {@link TraceStopped} (the caller knows the outcome
 * from the receipt).
 */
import {
  type EVMInterface,
  type EVMResult,
  getActivePrecompiles,
  type InterpreterStep,
  type Message,
} from "@ethereumjs/evm";
import type { JournaledState } from "../../state/JournaledState.js";
import { gethOpcodeName, isCallOpcode, isCreateOpcode, OP } from "./opcodeNames.js";
import { wordToAddress } from "./stackWords.js";
import type { FrameType, Tracer, TxEnd, TxStart } from "./Tracer.js";
import { type FailedOpcode, isPreExecutionError, vmErrorMessage } from "./vmErrorMessage.js";

const EMPTY = new Uint8Array();

/** Thrown inside the EVM to end a run whose remaining opcodes no tracer needs. */
export class TraceStopped extends Error {
  constructor() {
    super("trace stopped: the tracer needs no more opcodes");
  }
}

export interface EvmHookAdapterOptions {
  /** Yield to the event loop after this many opcodes (default 2,000). */
  yieldEvery?: number;
  /** End the run (throw TraceStopped) once the tracer wants no more opcodes. */
  stopWhenSatisfied?: boolean;
}

interface ActiveFrame {
  message: Message;
  type: FrameType;
  /** The executing account, lowercase; known from the frame's first opcode. */
  address: string;
  addressObject: unknown;
  returnData: Uint8Array;
  /** The last opcode the frame ran. */
  last: FailedOpcode | undefined;
  /** A SELFDESTRUCT the frame ran: reported when the frame ends well. */
  selfdestruct: { to: string; value: bigint } | undefined;
}

/** The top frame's outcome, kept for the end of the transaction. */
export interface TopOutcome {
  output: Uint8Array;
  error: string | undefined;
  reverted: boolean;
}

export class EvmHookAdapter {
  private readonly frames: ActiveFrame[] = [];
  private readonly yieldEvery: number;
  private readonly stopWhenSatisfied: boolean;
  private readonly precompiles: Map<string, unknown>;
  private steps = 0;
  private top: TopOutcome | undefined;
  private start: TxStart | undefined;
  private attached = false;

  constructor(
    private readonly evm: EVMInterface,
    private readonly state: JournaledState,
    private readonly tracer: Tracer,
    options: EvmHookAdapterOptions = {},
  ) {
    this.yieldEvery = options.yieldEvery ?? 2_000;
    this.stopWhenSatisfied = options.stopWhenSatisfied === true;
    this.precompiles = getActivePrecompiles(evm.common) as Map<string, unknown>;
  }

  /** Whether an address is a precompile at this fork. */
  isPrecompile = (address: string): boolean => this.precompiles.has(address.slice(2).toLowerCase());

  /** Starts listening; call before runTx, with what the tracer needs to know of the transaction. */
  txStart(start: Omit<TxStart, "isPrecompile" | "state">): void {
    const events = this.events();
    this.start = { ...start, state: this.state, isPrecompile: this.isPrecompile };
    this.tracer.onTxStart?.(this.start);
    events.on("beforeMessage", this.onBeforeMessage);
    events.on("afterMessage", this.onAfterMessage);
    events.on("step", this.onStep);
    this.attached = true;
  }

  /**
   * Stops listening and ends the transaction for the tracer. `outcome` replaces what the run
   * produced (a run cut short by TraceStopped has no outcome of its own).
   */
  txEnd(gasUsed: bigint, outcome?: TopOutcome): void {
    this.detach();
    const top = outcome ?? this.top;
    const end: TxEnd = {
      gasUsed,
      output: top?.output ?? EMPTY,
      error: top?.error,
      reverted: top?.reverted ?? false,
      state: this.state,
    };
    this.tracer.onTxEnd?.(end);
  }

  /** Stops listening (idempotent). */
  detach(): void {
    if (!this.attached) return;
    const events = this.events();
    events.off("beforeMessage", this.onBeforeMessage);
    events.off("afterMessage", this.onAfterMessage);
    events.off("step", this.onStep);
    this.attached = false;
  }

  private events() {
    const events = this.evm.events;
    if (events === undefined) throw new Error("the EVM has no event emitter to trace with");
    return events;
  }

  private readonly onBeforeMessage = (message: Message): void => {
    const depth = this.frames.length;
    const parent = this.frames[depth - 1];
    const type =
      parent === undefined ? (message.to === undefined ? "CREATE" : "CALL") : frameType(parent, message);
    const frame: ActiveFrame = {
      message,
      type,
      address: message.to?.toString() ?? "",
      addressObject: undefined,
      returnData: EMPTY,
      last: undefined,
      selfdestruct: undefined,
    };
    this.frames.push(frame);
    if (this.tracer.onEnter === undefined) return;
    let to: string | undefined;
    if (parent === undefined) to = this.start?.to ?? message.to?.toString();
    else if (type === "DELEGATECALL" || type === "CALLCODE") to = message.codeAddress.toString();
    else if (type !== "CREATE" && type !== "CREATE2") to = message.to?.toString();
    this.tracer.onEnter({
      depth,
      type,
      from: parent === undefined ? message.caller.toString() : parent.address,
      to,
      // ethereumjs passes views of the caller's memory: copy what is kept.
      input: message.data.slice(),
      gas: message.gasLimit,
      value: type === "STATICCALL" ? undefined : message.value,
    });
  };

  private readonly onAfterMessage = (result: EVMResult): void => {
    const frame = this.frames.pop();
    if (frame === undefined) return;
    const depth = this.frames.length;
    const failure = result.execResult.exceptionError?.error;
    const error = failure === undefined ? undefined : vmErrorMessage(failure, frame.last);
    const reverted = failure === "revert";
    const output = result.execResult.returnValue.slice();
    if (failure !== undefined && frame.last !== undefined && isPreExecutionError(failure)) {
      this.tracer.onFault?.(depth + 1, error as string);
    }
    if (failure === undefined && frame.selfdestruct !== undefined && this.tracer.onEnter !== undefined) {
      this.tracer.onEnter({
        depth: depth + 1,
        type: "SELFDESTRUCT",
        from: frame.address,
        to: frame.selfdestruct.to,
        input: EMPTY,
        gas: 0n,
        value: frame.selfdestruct.value,
      });
      this.tracer.onExit?.({
        depth: depth + 1,
        output: EMPTY,
        gasUsed: 0n,
        error: undefined,
        reverted: false,
        createdAddress: undefined,
      });
    }
    const create = frame.type === "CREATE" || frame.type === "CREATE2";
    this.tracer.onExit?.({
      depth,
      output,
      gasUsed: result.execResult.executionGasUsed,
      error,
      reverted,
      createdAddress: create ? result.createdAddress?.toString() : undefined,
    });
    const parent = this.frames[depth - 1];
    if (parent === undefined) {
      this.top = { output, error, reverted };
      return;
    }
    if (create) parent.returnData = reverted ? output : EMPTY;
    else parent.returnData = failure === undefined || reverted ? output : EMPTY;
  };

  /** ethereumjs awaits a two-argument listener: `resolve` is how the run yields. */
  private readonly onStep = (step: InterpreterStep, resolve?: (result?: unknown) => void): void => {
    this.observe(step);
    if (++this.steps % this.yieldEvery === 0) setImmediate(() => resolve?.());
    else resolve?.();
  };

  private observe(step: InterpreterStep): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame === undefined) return;
    if (frame.addressObject !== step.address) {
      frame.addressObject = step.address;
      frame.address = step.address.toString();
    }
    let code = step.opcode.code;
    if (step.opcode.name === "INVALID") {
      // ethereumjs reports every undefined byte as 0xfe; the code says which byte it was.
      const bytes = frame.message.code;
      if (bytes instanceof Uint8Array) code = bytes[step.pc] ?? code;
    }
    frame.last = { code, gasLeft: step.gasLeft, stackLength: step.stack.length };
    const tracer = this.tracer;
    if (tracer.onOpcode !== undefined && tracer.wantsOpcodes?.() !== false) {
      let cost = step.opcode.dynamicFee ?? BigInt(step.opcode.fee);
      if (isCallOpcode(code)) cost += forwardedGas(step.gasLeft - cost, step.stack[step.stack.length - 1]);
      tracer.onOpcode({
        pc: step.pc,
        code,
        name: gethOpcodeName(code, step.opcode.name),
        gas: step.gasLeft,
        cost,
        depth: step.depth + 1,
        stack: step.stack,
        memory: step.memory,
        address: frame.address,
        refund: step.gasRefund,
        returnData: frame.returnData,
        state: this.state,
      });
      if (this.stopWhenSatisfied && tracer.wantsOpcodes?.() === false) throw new TraceStopped();
    }
    if (isCallOpcode(code) || isCreateOpcode(code)) frame.returnData = EMPTY;
    else if (code === OP.SELFDESTRUCT) {
      const beneficiary = step.stack[step.stack.length - 1] ?? 0n;
      frame.selfdestruct = {
        to: wordToAddress(beneficiary),
        value: this.state.readAccount(frame.address)?.balance ?? 0n,
      };
    }
  }
}

/** The type of a child frame: the opcode its parent ran last (message fields as a fallback). */
function frameType(parent: ActiveFrame, message: Message): FrameType {
  switch (parent.last?.code) {
    case OP.CALL:
      return "CALL";
    case OP.CALLCODE:
      return "CALLCODE";
    case OP.DELEGATECALL:
      return "DELEGATECALL";
    case OP.STATICCALL:
      return "STATICCALL";
    case OP.CREATE:
      return "CREATE";
    case OP.CREATE2:
      return "CREATE2";
  }
  if (message.to === undefined) return message.salt === undefined ? "CREATE" : "CREATE2";
  if (message.delegatecall) return "DELEGATECALL";
  return message.isStatic ? "STATICCALL" : "CALL";
}

/** The gas a CALL-family opcode hands over: all but 1/64 of what is left, at most the request. */
function forwardedGas(available: bigint, requested: bigint | undefined): bigint {
  if (available < 0n) return 0n;
  const cap = available - available / 64n;
  return requested !== undefined && requested < cap ? requested : cap;
}
