/**
 * Whether code can take another path when given less gas. Without such opcodes a message runs the
 * same steps under any gas limit that lets it finish, so the gas it consumed is the least it
 * needs, provided SSTORE's 2,300-gas sentry and the calldata floor allow that limit (see
 * estimateGas). Estimates of such calls (most token and test-suite contracts) then take one run
 * instead of three.
 */

import { GAS_OBSERVING_OPCODES } from "../../execution/gasProbe.js";

const PUSH1 = 0x60;
const PUSH32 = 0x7f;
/** EIP-7702: an account's code that delegates to another's runs that other code. */
const DELEGATION_PREFIX = [0xef, 0x01, 0x00];

export function observesGas(code: Uint8Array): boolean {
  if (DELEGATION_PREFIX.every((byte, i) => code[i] === byte)) return true;
  for (let pc = 0; pc < code.length; pc++) {
    const op = code[pc] as number;
    if (op >= PUSH1 && op <= PUSH32) pc += op - PUSH1 + 1;
    else if (GAS_OBSERVING_OPCODES.has(op)) return true;
  }
  return false;
}
