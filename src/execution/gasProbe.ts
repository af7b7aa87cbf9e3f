/**
 * What a transaction's run did that a lower gas limit could change, for finding the least gas it
 * needs from fewer runs (devnet/call/estimateGas.ts):
 * - the least gas left at any SSTORE: SSTORE fails when 2,300 gas or less is left (EIP-2200's
 *   sentry), the one way a run that never looks at its gas can fail under a limit lower than it
 *   consumed;
 * - whether an opcode ran that looks at the gas or passes on a share of it (GAS_OBSERVING_OPCODES),
 *   or at the balance a gas limit is charged to: SELFBALANCE and SELFDESTRUCT, which read and send
 *   it where the running code is the sender's own (a delegated sender, an impersonated contract). The
 *   code a suite deploys often holds a CALL that its calls never reach (an ERC-721's receiver
 *   check, minting to an account without code): a run that reached none took the one path any
 *   limit it succeeds under takes, whatever the code holds.
 *
 * It wraps entries of an EVM instance's opcode table (`_opcodeMap`, not public; see
 * internals/ethereumjsPatches.ts), again after each rebuild of the table (a hardfork change).
 */

import { type OpcodeEntry, patchOpcodeTable } from "./internals/opcodeTable.js";
import type { ExecutionContext } from "./sequentialExecutor.js";

/** Opcodes whose effect depends on the gas left (or on the balance the gas limit was charged to). */
export const GAS_OBSERVING_OPCODES: ReadonlySet<number> = new Set([
  0x31, // BALANCE: the sender's balance drops by the gas limit times the price
  0x5a, // GAS
  0xf0, // CREATE: forwards all but 1/64 of what is left
  0xf1, // CALL
  0xf2, // CALLCODE
  0xf4, // DELEGATECALL
  0xf5, // CREATE2
  0xfa, // STATICCALL
]);

const SSTORE = 0x55;
const SELFBALANCE = 0x47;
const SELFDESTRUCT = 0xff;
const GAS = 0x5a;

interface RunState {
  interpreter: { getGasLeft(): bigint };
}

/** What one run showed of its gas, where the probe watched it. */
export interface GasSeen {
  /** The least gas left at any SSTORE ("none" if none ran); absent where SSTORE was not watched. */
  leastGasAtSstore?: bigint | "none";
  /** Whether an opcode that looks at the gas ran; absent where they were not watched. */
  observedGas?: boolean;
}

/** One probe per execution context, installed on first use. */
const probes = new WeakMap<ExecutionContext, GasProbe>();

export class GasProbe {
  /** Since the last `reset`: the least gas left at an SSTORE, or undefined if none ran. */
  private leastAtSstore: bigint | undefined;
  /** Since the last `reset`: whether an opcode that looks at the gas ran. */
  private observedGas = false;
  /** Whether the EVM's table had SSTORE where expected: without it, `leastAtSstore` says nothing. */
  private sstoreWatched = false;
  /** Whether the gas-observing opcodes were found and watched: without it, `observedGas` says nothing. */
  private gasWatched = false;

  /** The context's probe, installed in its EVM the first time. */
  static of(execution: ExecutionContext): GasProbe {
    let probe = probes.get(execution);
    if (probe === undefined) {
      probe = new GasProbe(execution);
      probes.set(execution, probe);
    }
    return probe;
  }

  private constructor(execution: ExecutionContext) {
    patchOpcodeTable<RunState>(execution.vm.evm, (table) => {
      this.watchSstore(table);
      // GAS is in every hardfork's table; an opcode missing from it (SELFBALANCE before
      // Istanbul) cannot run.
      this.gasWatched = table[GAS] !== undefined;
      for (const opcode of [...GAS_OBSERVING_OPCODES, SELFBALANCE, SELFDESTRUCT])
        this.watchOpcode(table, opcode);
    });
  }

  reset(): void {
    this.leastAtSstore = undefined;
    this.observedGas = false;
  }

  /** What the run since the last `reset` showed. */
  seen(): GasSeen {
    return {
      ...(this.sstoreWatched ? { leastGasAtSstore: this.leastAtSstore ?? "none" } : {}),
      ...(this.gasWatched ? { observedGas: this.observedGas } : {}),
    };
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
