/**
 * The least gas left at any SSTORE of a message's run: SSTORE fails when 2,300 gas or less is
 * left (EIP-2200's sentry), which is the one way code that cannot observe its gas (see
 * gasObservingCode) can fail under a lower gas limit than its run consumed. With it, an
 * estimate whose first run shows the sentry holds at the gas consumed needs no second run.
 *
 * It wraps SSTORE's gas handler in an EVM instance's opcode table (`_opcodeMap`, not public; see
 * execution/internals/ethereumjsPatches.ts), where the sentry is checked, again after each
 * rebuild of the table (a hardfork change).
 */

import { patchOpcodeTable } from "../../execution/internals/opcodeTable.js";
import type { ExecutionContext } from "../../execution/sequentialExecutor.js";

const SSTORE = 0x55;

interface RunState {
  interpreter: { getGasLeft(): bigint };
}

export class SstoreGasProbe {
  /** Since the last `reset`: the least gas left at an SSTORE, or undefined if none ran. */
  least: bigint | undefined;
  /** Whether the EVM's table had SSTORE where expected: without it, `least` says nothing. */
  installed = false;

  /** Installs the probe in the context's EVM. */
  constructor(execution: ExecutionContext) {
    patchOpcodeTable<RunState>(execution.vm.evm, (table) => {
      const entry = table[SSTORE];
      const gasOfSstore = entry?.gasHandler;
      this.installed = entry !== undefined && gasOfSstore !== undefined;
      if (entry === undefined || gasOfSstore === undefined) return;
      table[SSTORE] = {
        ...entry,
        gasHandler: (runState, gas, common) => {
          const left = runState.interpreter.getGasLeft();
          if (this.least === undefined || left < this.least) this.least = left;
          return gasOfSstore(runState, gas, common);
        },
      };
    });
  }

  reset(): void {
    this.least = undefined;
  }
}
