/**
 * Tells a VersionedState when code observes the running contract's balance (SELFBALANCE,
 * SELFDESTRUCT) and when it sends value from it (CALL, CALLCODE, CREATE, CREATE2), so that a
 * lazy contract's placeholder balance (see VersionedState) never decides what the code does:
 * an observation runs the incarnation again with that balance exact, and a debit records the
 * balance the contract must have had for the EVM's own check to pass. BALANCE of any account is
 * tracked with the internal credits (internalCredits.ts).
 *
 * Like internalCredits.ts it wraps entries of the EVM's opcode table (`_opcodeMap`, not public).
 */
import { type OpcodeEntry, patchOpcodeTable } from "../execution/internals/opcodeTable.js";
import type { ExecutionContext } from "../execution/sequentialExecutor.js";
import type { AddressHex } from "../state/types.js";
import type { VersionedState } from "./VersionedState.js";

const SELFBALANCE = 0x47;
const CREATE = 0xf0;
const CALL = 0xf1;
const CALLCODE = 0xf2;
const CREATE2 = 0xf5;
const SELFDESTRUCT = 0xff;

interface RunState {
  stack: { peek(count: number): bigint[] };
  interpreter: { getAddress(): { toString(): string }; getSelfBalance(): bigint };
}

const running = (runState: RunState): AddressHex => runState.interpreter.getAddress().toString();

export function trackContractBalances(execution: ExecutionContext, versioned: VersionedState): void {
  patchOpcodeTable<RunState>(execution.vm.evm, (map: OpcodeEntry<RunState>[]) => {
    // Observers: before the first handler that runs (SELFDESTRUCT's gas handler reads the balance).
    for (const opcode of [SELFBALANCE, SELFDESTRUCT]) {
      const entry = map[opcode];
      if (entry === undefined) continue;
      const { gasHandler, opHandler } = entry;
      map[opcode] =
        gasHandler !== undefined
          ? {
              ...entry,
              gasHandler: (runState, gas, common) => {
                versioned.noteBalanceRead(running(runState));
                return gasHandler(runState, gas, common);
              },
            }
          : {
              ...entry,
              opHandler: (runState, common) => {
                versioned.noteBalanceRead(running(runState));
                return opHandler(runState, common);
              },
            };
    }
    // Senders of value: the operation handler checks the balance; the stack still holds the value.
    const sends: [opcode: number, valueAt: number][] = [
      [CALL, 2],
      [CALLCODE, 2],
      [CREATE, 0],
      [CREATE2, 0],
    ];
    for (const [opcode, valueAt] of sends) {
      const entry = map[opcode];
      if (entry === undefined) continue;
      const { opHandler } = entry;
      map[opcode] = {
        ...entry,
        opHandler: (runState, common) => {
          const value = runState.stack.peek(valueAt + 1)[valueAt] as bigint;
          if (value !== 0n)
            versioned.noteValueSent(running(runState), value, runState.interpreter.getSelfBalance());
          return opHandler(runState, common);
        },
      };
    }
  });
}
