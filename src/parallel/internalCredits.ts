/**
 * Tells a VersionedState which CALLs send value, and to whom, and which accounts BALANCE reads,
 * so that value a contract passes on to a plain account (a deposit forwarder paying an
 * exchange's hot wallet) is credited lazily, as a transaction's own value is (see
 * VersionedState.noteInternalCredit). Without it, every deposit through a forwarder reads the
 * hot wallet's balance exactly, and a block of them runs one after the other.
 *
 * It wraps two entries of the EVM's opcode table (`_opcodeMap`, not public; see
 * execution/internals/ethereumjsPatches.ts for the other such reliances): CALL's gas handler,
 * which reads the target first, and BALANCE. The table is rebuilt when the hardfork changes, so
 * the wrapping is done again after each rebuild.
 */
import { type OpcodeEntry, patchOpcodeTable } from "../execution/internals/opcodeTable.js";
import type { ExecutionContext } from "../execution/sequentialExecutor.js";
import type { AddressHex } from "../state/types.js";
import type { VersionedState } from "./VersionedState.js";

const CALL = 0xf1;
const BALANCE = 0x31;
const ADDRESS_MASK = (1n << 160n) - 1n;

interface RunState {
  stack: { peek(count: number): bigint[] };
}

const addressOf = (word: bigint): AddressHex => `0x${(word & ADDRESS_MASK).toString(16).padStart(40, "0")}`;

export function trackInternalCredits(execution: ExecutionContext, versioned: VersionedState): void {
  patchOpcodeTable<RunState>(execution.vm.evm, (map: OpcodeEntry<RunState>[]) => {
    const call = map[CALL];
    const gasOfCall = call?.gasHandler;
    if (call !== undefined && gasOfCall !== undefined) {
      map[CALL] = {
        ...call,
        gasHandler: async (runState, gas, common) => {
          const [, to, value] = runState.stack.peek(3) as [bigint, bigint, bigint];
          if (value !== 0n) versioned.noteInternalCredit(addressOf(to));
          try {
            return await gasOfCall(runState, gas, common);
          } finally {
            versioned.endInternalCredit();
          }
        },
      };
    }
    const balance = map[BALANCE];
    if (balance !== undefined) {
      map[BALANCE] = {
        ...balance,
        opHandler: (runState, common) => {
          versioned.noteBalanceRead(addressOf(runState.stack.peek(1)[0] as bigint));
          return balance.opHandler(runState, common);
        },
      };
    }
  });
}
