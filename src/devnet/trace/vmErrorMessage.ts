/**
 * ethereumjs' EVM error names in geth's words ("revert" → "execution reverted"), as callTracer
 * frames and struct logs print them. Unknown names (precompile input errors, ...) pass through.
 */

const GETH_MESSAGES: Record<string, string> = {
  "out of gas": "out of gas",
  "code store out of gas": "contract creation code storage out of gas",
  "code size to deposit exceeds maximum code size": "max code size exceeded",
  "stack underflow": "stack underflow",
  "stack overflow": "stack limit reached 1024 (1023)",
  "invalid JUMP": "invalid jump destination",
  "value out of range": "return data out of bounds",
  revert: "execution reverted",
  "static state change": "write protection",
  "create collision": "contract address collision",
  "insufficient balance": "insufficient balance for transfer",
  "invalid bytecode deployed": "invalid code: must not begin with 0xef",
  "initcode exceeds max initcode size": "max initcode size exceeded",
};

/** What the frame was doing when it failed, for the messages that name it. */
export interface FailedOpcode {
  /** The opcode byte (the real byte, also for undefined opcodes). */
  code: number;
  /** Gas left before the opcode ran. */
  gasLeft: bigint;
}

/** SSTORE needs more than this much gas left (EIP-2200's reentrancy sentry). */
const SSTORE_SENTRY = 2300n;

/**
 * geth's message for an ethereumjs error name, given the opcode the frame stopped on (if it ran
 * any). Invalid opcodes are named as geth names them: "invalid opcode: INVALID" for 0xfe,
 * "invalid opcode: opcode 0xc not defined" for a byte that is no opcode.
 */
export function vmErrorMessage(error: string, opcode: FailedOpcode | undefined): string {
  if (error === "invalid opcode") {
    if (opcode === undefined || opcode.code === 0xfe) return "invalid opcode: INVALID";
    return `invalid opcode: opcode 0x${opcode.code.toString(16)} not defined`;
  }
  if (error === "out of gas" && opcode?.code === 0x55 && opcode.gasLeft <= SSTORE_SENTRY) {
    return "out of gas: not enough gas for reentrancy sentry";
  }
  return GETH_MESSAGES[error] ?? error;
}

/**
 * Whether geth records the error on the failing opcode's struct log: only failures found before
 * the opcode runs (its gas, its stack) are; the others (REVERT, invalid jump, ...) end the frame
 * after the opcode was logged without one.
 */
export function isPreExecutionError(error: string): boolean {
  return error === "out of gas" || error === "stack underflow" || error === "stack overflow";
}
