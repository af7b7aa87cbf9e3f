/**
 * What a message's run did that a lower gas limit could change, for an estimate to answer from
 * fewer runs:
 * - the least gas left at any SSTORE: SSTORE fails when 2,300 gas or less is left (EIP-2200's
 *   sentry), the one way a run that never looks at its gas can fail under a limit lower than it
 *   consumed;
 * - whether an opcode ran that looks at the gas or passes on a share of it (gasObservingCode's,
 *   and SELFBALANCE: a delegated sender's code sees the balance its gas limit was charged to). The
 *   code a suite deploys often holds a CALL that its calls never reach (an ERC-721's receiver
 *   check, minting to an account without code): a run that reached none took the one path any
 *   limit it succeeds under takes, whatever the code holds.
 *
 * It wraps entries of an EVM instance's opcode table (`_opcodeMap`, not public; see
 * execution/internals/ethereumjsPatches.ts), again after each rebuild of the table (a hardfork
 * change).
 */

import { type OpcodeEntry, patchOpcodeTable } from "../../execution/internals/opcodeTable.js";
import type { ExecutionContext } from "../../execution/sequentialExecutor.js";
import { GAS_OBSERVING_OPCODES } from "./gasObservingCode.js";

const SSTORE = 0x55;
const SELFBALANCE = 0x47;
const GAS = 0x5a;

interface RunState {
  interpreter: { getGasLeft(): bigint };
}

export class GasProbe {
  /** Since the last `reset`: the least gas left at an SSTORE, or undefined if none ran. */
  leastAtSstore: bigint | undefined;
  /** Since the last `reset`: whether an opcode that looks at the gas ran. */
  observedGas = false;
  /** Whether the EVM's table had SSTORE where expected: without it, `leastAtSstore` says nothing. */
  sstoreWatched = false;
  /** Whether every gas-observing opcode was found and watched: without it, `observedGas` says nothing. */
  gasWatched = false;

  /** Installs the probe in the context's EVM. */
  constructor(execution: ExecutionContext) {
    patchOpcodeTable<RunState>(execution.vm.evm, (table) => {
      this.watchSstore(table);
      // GAS is in every hardfork's table; an opcode missing from it (SELFBALANCE before
      // Istanbul) cannot run.
      this.gasWatched = table[GAS] !== undefined;
      for (const opcode of [...GAS_OBSERVING_OPCODES, SELFBALANCE]) this.watchOpcode(table, opcode);
    });
  }

  reset(): void {
    this.leastAtSstore = undefined;
    this.observedGas = false;
  }

  private watchSstore(table: OpcodeEntry<RunState>[]): void {
    const entry = table[SSTORE];
    const gasOfSstore = entry?.gasHandler;
    this.sstoreWatched = entry !== undefined && gasOfSstore !== undefined;
    if (entry === undefined || gasOfSstore === undefined) return;
    table[SSTORE] = {
      ...entry,
      gasHandler: (runState, gas, common) => {
        const left = runState.interpreter.getGasLeft();
        if (this.leastAtSstore === undefined || left < this.leastAtSstore) this.leastAtSstore = left;
        return gasOfSstore(runState, gas, common);
      },
    };
  }

  /** Marks the run when the opcode's gas is charged (CALL works out its share there) or it runs. */
  private watchOpcode(table: OpcodeEntry<RunState>[], opcode: number): void {
    const entry = table[opcode];
    if (entry === undefined) return;
    const { opHandler, gasHandler } = entry;
    table[opcode] = {
      ...entry,
      opHandler: (runState, common) => {
        this.observedGas = true;
        return opHandler(runState, common);
      },
      ...(gasHandler === undefined
        ? {}
        : {
            gasHandler: (runState: RunState, gas: bigint, common: unknown) => {
              this.observedGas = true;
              return gasHandler(runState, gas, common);
            },
          }),
    };
  }
}
