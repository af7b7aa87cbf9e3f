/**
 * Wrapping entries of an EVM instance's opcode table (`_opcodeMap`, not public; see
 * ethereumjsPatches.ts). ethereumjs builds the table anew in `getActiveOpcodes` (a hardfork
 * change), so the wrapping is done again after each rebuild.
 */
import type { EVMInterface } from "@ethereumjs/evm";
import { forgetJumpAnalyses } from "./jumpAnalysisCache.js";

/** One entry of the table: what an opcode runs and, for dynamic gas, what it charges. */
export interface OpcodeEntry<RunState = unknown> {
  opHandler: (runState: RunState, common: unknown) => unknown;
  gasHandler?: (runState: RunState, gas: bigint, common: unknown) => Promise<bigint> | bigint;
}

interface EvmOpcodes {
  _opcodeMap: OpcodeEntry[];
  getActiveOpcodes(): unknown;
}

/**
 * Runs `install` on the EVM's table now and after each rebuild; `install` replaces the entries it
 * wraps (by opcode) with wrappers of the entries it finds.
 */
export function patchOpcodeTable<RunState>(
  evm: EVMInterface,
  install: (table: OpcodeEntry<RunState>[]) => void,
): void {
  const opcodes = evm as unknown as EvmOpcodes;
  const installInTable = () => {
    install(opcodes._opcodeMap as OpcodeEntry<RunState>[]);
    // Code analysed before holds the entries replaced (jumpAnalysisCache.ts).
    forgetJumpAnalyses(opcodes._opcodeMap);
  };
  const rebuild = opcodes.getActiveOpcodes.bind(opcodes);
  opcodes.getActiveOpcodes = () => {
    const active = rebuild();
    installInTable();
    return active;
  };
  installInTable();
}
