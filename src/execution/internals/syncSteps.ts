/**
 * ethereumjs' interpreter loop, without a wait where nothing waits.
 *
 * ethereumjs runs every opcode through `await this.runStep(...)`, an async method: each PUSH,
 * DUP or JUMP costs a promise and a turn of the microtask queue, though only the opcodes that read
 * the state (SLOAD, BALANCE, CALL...) and the dynamic gas handlers return promises. An ERC-20
 * transfer runs 270 opcodes, ~250 of them synchronous. This loop runs a step synchronously and
 * awaits only what a step returns as a promise: 3,000 automined ERC-20 transfers in one process
 * took 593-617 µs each against 629-664, and allocate ~250 KB each against ~360.
 *
 * A step does what ethereumjs' `runStep` does, in its order: the dynamic gas, the invalid-opcode
 * check, the gas, the program counter, EIP-7928's pending post-target out-of-gas, the handler,
 * the access witness. The loop around it is `run`'s: the jump analysis at the first jump, the
 * error handling at the end of a frame. ethereumjs' own `run` still runs what this does not
 * cover, so that the rest stays exactly as ethereumjs does it: EOF code, a frame with `step`
 * listeners (the tracers) or the EVM's DEBUG, the profiler, and code-chunk gas (EIP-6800/7864).
 * Those are decided when a frame starts: tracers attach before a transaction runs.
 *
 * Synchronous steps give nothing else a turn, not even a microtask's: a long message shares the
 * thread only where EvmPacer.ts's JUMPDEST hands back a promise, which this loop awaits.
 *
 * ethereumjsPatches.ts puts this in place of `Interpreter.prototype.run` (the class is not
 * exported). Correctness does not depend on it: ethereumjs' loop gives the same results, slower.
 */
import { EthereumJSErrorWithoutCode } from "@ethereumjs/util";

type OpcodeInfo = {
  code: number;
  feeBigInt: bigint;
  dynamicGas: boolean;
  isAsync: boolean;
  isInvalid: boolean;
};
type GasHandler = (runState: RunState, gas: bigint, common: Common) => bigint | Promise<bigint>;
type OpEntry = {
  opcodeInfo: OpcodeInfo;
  opHandler: (runState: RunState, common: Common) => unknown;
  gasHandler: GasHandler;
};
type Common = { isActivatedEIP(eip: number): boolean };
type Witness = { commit(): void; revert(): void } | undefined;
type RunState = {
  code: Uint8Array;
  programCounter: number;
  opCode: number;
  gasLeft: bigint;
  validJumps: unknown;
  cachedPushes: unknown;
  shouldDoJumpAnalysis: boolean;
  env: { accessWitness?: Witness };
  eip8037BurnLeftoverAfterCreateHaltOntoAlive?: boolean;
};
type Analysis = { jumps: unknown; pushes: unknown; opcodesCached: OpEntry[] };
export type RunResult = { runState: RunState; exceptionError: unknown };
type Interpreter = {
  common: Common;
  _runState: RunState;
  _env: { chargeCodeAccesses?: boolean };
  _evm: { DEBUG: boolean; events: { listenerCount(event: string): number } };
  profilerOpts?: { enabled?: boolean };
  _getValidJumpDestinations(code: Uint8Array): Analysis;
  lookupOpInfo(opcode: number): OpEntry;
  useGas(gas: bigint, context: OpcodeInfo): void;
};
export type InterpreterRun = (
  this: Interpreter,
  code: Uint8Array,
  opts?: { pc?: number },
) => Promise<RunResult>;

/** What ethereumjs' interpreter module and its neighbours give this loop. */
export interface LoopParts {
  /** `errors.js`: the EVM's error class, with its messages. */
  EVMError: { new (message: string): object; errorMessages: Record<string, string> };
  /** `opcodes/EIP7928.js`: traps a CALL's pending post-target out-of-gas at the next step. */
  consumeEip7928PostTargetCallOog(runState: RunState): void;
}

const EOF_FORMAT = 0xef;
const JUMP = 0x56;
const JUMPI = 0x57;
const JUMPSUB = 0x5e;
/** How ethereumjs tells its EVM errors (ends of a frame) from bugs. */
const EVM_ERROR_TYPE = "EVMError";

/**
 * Marks the loop with the `run` it stands in for: a second copy of this module (a test runner
 * loads one per test file over the same ethereumjs) wraps ethereumjs' method, not the first copy's.
 */
const WRAPPED = Symbol.for("pevm-devnet.syncSteps.wrapped");

/** Whether ethereumjs' own loop must run this frame (see the module comment). */
function needsEthereumjsLoop(interpreter: Interpreter, code: Uint8Array): boolean {
  const { common } = interpreter;
  return (
    (code[0] === EOF_FORMAT && common.isActivatedEIP(3540)) ||
    interpreter.profilerOpts?.enabled === true ||
    interpreter._evm.DEBUG ||
    interpreter._evm.events.listenerCount("step") > 0 ||
    ((common.isActivatedEIP(6800) || common.isActivatedEIP(7864)) &&
      interpreter._env.chargeCodeAccesses === true)
  );
}

/** `run`, with synchronous steps run synchronously. */
export function syncStepsRun(ethereumjsRun: InterpreterRun, parts: LoopParts): InterpreterRun {
  const original = (ethereumjsRun as { [WRAPPED]?: InterpreterRun })[WRAPPED] ?? ethereumjsRun;
  const { EVMError, consumeEip7928PostTargetCallOog } = parts;

  /** The step's rest once its gas is known; a promise only where its handler returned one. */
  function charged(interpreter: Interpreter, entry: OpEntry, gas: bigint): Promise<void> | undefined {
    const runState = interpreter._runState;
    const info = entry.opcodeInfo;
    if (info.isInvalid) throw new EVMError(EVMError.errorMessages.INVALID_OPCODE as string);
    interpreter.useGas(gas, info);
    runState.programCounter++;
    consumeEip7928PostTargetCallOog(runState);
    const done = entry.opHandler(runState, interpreter.common);
    if (info.isAsync && done instanceof Promise) return done.then(() => runState.env.accessWitness?.commit());
    runState.env.accessWitness?.commit();
    return undefined;
  }

  function step(interpreter: Interpreter, entry: OpEntry): Promise<void> | undefined {
    const info = entry.opcodeInfo;
    if (!info.dynamicGas) return charged(interpreter, entry, info.feeBigInt);
    const gas = entry.gasHandler(interpreter._runState, info.feeBigInt, interpreter.common);
    if (typeof gas === "bigint") return charged(interpreter, entry, gas);
    return gas.then((dynamic) => charged(interpreter, entry, dynamic));
  }

  const run: InterpreterRun = async function (this: Interpreter, code, opts = {}) {
    if (needsEthereumjsLoop(this, code)) return original.call(this, code, opts);
    const runState = this._runState;
    runState.code = code;
    runState.programCounter = opts.pc ?? runState.programCounter;
    const start = runState.programCounter;
    if (start !== 0 && (start < 0 || start >= code.length))
      throw EthereumJSErrorWithoutCode("Internal error: program counter not in range");
    let error: unknown;
    // Until the first jump, opcodes are looked up one by one, as ethereumjs does.
    let analysed: OpEntry[] | undefined;
    while (runState.programCounter < runState.code.length) {
      const pc = runState.programCounter;
      let entry: OpEntry;
      if (analysed === undefined) {
        const opcode = runState.code[pc] as number;
        if (opcode === JUMP || opcode === JUMPI || opcode === JUMPSUB) {
          const { jumps, pushes, opcodesCached } = this._getValidJumpDestinations(runState.code);
          runState.validJumps = jumps;
          runState.cachedPushes = pushes;
          runState.shouldDoJumpAnalysis = false;
          analysed = opcodesCached;
        }
        runState.opCode = opcode;
        entry = this.lookupOpInfo(opcode);
      } else {
        entry = analysed[pc] as OpEntry;
        runState.opCode = entry.opcodeInfo.code;
      }
      try {
        const pending = step(this, entry);
        if (pending !== undefined) await pending;
      } catch (thrown) {
        runState.env.accessWitness?.revert();
        const evmError = thrown as { errorType?: unknown; error?: unknown };
        if (!("errorType" in evmError && evmError.errorType === EVM_ERROR_TYPE)) throw thrown;
        // STOP ends a frame through the same throw, and is no error.
        if (evmError.error !== EVMError.errorMessages.STOP) error = thrown;
        break;
      }
    }
    if (
      error === undefined &&
      runState.eip8037BurnLeftoverAfterCreateHaltOntoAlive === true &&
      runState.gasLeft > 0n
    ) {
      // EIP-8037: a CREATE that halted onto a live account burns the frame's gas left.
      runState.gasLeft = 0n;
      error = new EVMError(EVMError.errorMessages.OUT_OF_GAS as string);
    }
    return { runState, exceptionError: error };
  };
  return Object.assign(run, { [WRAPPED]: original });
}
