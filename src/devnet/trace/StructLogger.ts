/**
 * geth's default tracer, the struct (opcode) logger: one entry per opcode with pc, op, gas,
 * gasCost, depth and the stack; memory, storage and return data behind geth's `enableMemory`,
 * `disableStorage` and `enableReturnData`; the transaction's `gas`, `failed` and `returnValue`.
 * Entries are geth's "legacy" JSON: memory as 64-digit words and storage keys and values as 64
 * hex digits, all without 0x; `returnData` 0x-prefixed; `refund` and `error` only when set.
 *
 * Output is bounded by a {@link TraceBudget} (bytes of JSON, estimated as entries are made): past
 * it the log is cut, as geth cuts it at its `limit`, and the logger asks for no more opcodes.
 */
import { bytesToHex } from "@ethereumjs/util";
import { OP } from "./opcodeNames.js";
import { bytesToHex64, wordToHex64 } from "./stackWords.js";
import type { TraceBudget } from "./TraceBudget.js";
import type { OpcodeStep, Tracer, TxEnd } from "./Tracer.js";

export interface StructLoggerOptions {
  enableMemory: boolean;
  disableStack: boolean;
  disableStorage: boolean;
  enableReturnData: boolean;
}

/** One opcode, keys in geth's order. */
export interface StructLogEntry {
  pc: number;
  op: string;
  gas: number;
  gasCost: number;
  depth: number;
  error?: string | undefined;
  stack?: string[];
  returnData?: string;
  memory?: string[];
  storage?: Record<string, string>;
  refund?: number;
}

export interface StructLoggerResult {
  gas: number;
  failed: boolean;
  returnValue: string;
  structLogs: StructLogEntry[];
}

/** JSON bytes of an entry's fixed part (keys, punctuation, small numbers). */
const ENTRY_OVERHEAD = 80;

export class StructLogger implements Tracer<StructLoggerResult> {
  private readonly logs: StructLogEntry[] = [];
  /** Slots seen per account, as geth keeps them: the storage shown is the account's whole map. */
  private readonly storage = new Map<string, Map<string, string>>();
  private full = false;
  private outcome: StructLoggerResult | undefined;

  constructor(
    private readonly options: StructLoggerOptions,
    private readonly budget: TraceBudget,
  ) {}

  wantsOpcodes(): boolean {
    return !this.full;
  }

  onOpcode(step: OpcodeStep): void {
    if (this.full) return;
    const entry: StructLogEntry = {
      pc: step.pc,
      op: step.name,
      gas: Number(step.gas),
      gasCost: Number(step.cost),
      depth: step.depth,
      error: undefined,
    };
    let size = ENTRY_OVERHEAD + step.name.length;
    if (!this.options.disableStack) {
      const stack = step.stack.map((word) => `0x${word.toString(16)}`);
      for (const word of stack) size += word.length + 3;
      entry.stack = stack;
    }
    if (this.options.enableReturnData && step.returnData.length > 0) {
      entry.returnData = bytesToHex(step.returnData);
      size += entry.returnData.length + 16;
    }
    if (this.options.enableMemory && step.memory.length > 0) {
      entry.memory = memoryWords(step.memory);
      size += entry.memory.length * 67;
    }
    if (!this.options.disableStorage && (step.code === OP.SLOAD || step.code === OP.SSTORE)) {
      const storage = this.touch(step);
      if (storage !== undefined) {
        entry.storage = storage;
        size += Object.keys(storage).length * 134;
      }
    }
    if (step.refund > 0n) entry.refund = Number(step.refund);
    if (!this.budget.spend(size)) {
      this.full = true;
      return;
    }
    this.logs.push(entry);
  }

  onFault(depth: number, error: string): void {
    const last = this.logs[this.logs.length - 1];
    if (last !== undefined && last.depth === depth && !this.full) last.error = error;
  }

  onTxEnd(end: TxEnd): void {
    const failed = end.error !== undefined;
    this.outcome = {
      gas: Number(end.gasUsed),
      failed,
      // geth: the output when successful, the revert data when reverted, otherwise nothing.
      returnValue: bytesToHex(failed && !end.reverted ? new Uint8Array() : end.output),
      structLogs: this.logs,
    };
  }

  result(): StructLoggerResult {
    return this.outcome ?? { gas: 0, failed: false, returnValue: "0x", structLogs: this.logs };
  }

  /** Records the slot an SLOAD reads or an SSTORE writes; the account's slots so far. */
  private touch(step: OpcodeStep): Record<string, string> | undefined {
    const { stack } = step;
    const key = stack[stack.length - 1];
    if (key === undefined) return undefined;
    let value: string;
    if (step.code === OP.SLOAD) {
      value = bytesToHex64(step.state.readStorage(step.address, `0x${wordToHex64(key)}`));
    } else {
      const written = stack[stack.length - 2];
      if (written === undefined) return undefined;
      value = wordToHex64(written);
    }
    let slots = this.storage.get(step.address);
    if (slots === undefined) {
      slots = new Map();
      this.storage.set(step.address, slots);
    }
    slots.set(wordToHex64(key), value);
    return Object.fromEntries(slots);
  }
}

/** Memory as geth prints it: 32-byte words of 64 hex digits. */
function memoryWords(memory: Uint8Array): string[] {
  const hex = Buffer.from(memory.buffer, memory.byteOffset, memory.length).toString("hex");
  const words: string[] = [];
  for (let i = 0; i + 64 <= hex.length; i += 64) words.push(hex.slice(i, i + 64));
  return words;
}
