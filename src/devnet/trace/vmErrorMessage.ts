/**
 * ethereumjs' EVM error names in geth's words ("revert" → "execution reverted"), as callTracer
 * frames and struct logs print them. Unknown names (precompile input errors, ...) pass through.
 */

const GETH_MESSAGES: Record<string, string> = {
  "out of gas": "out of gas",
  "code store out of gas": "contract creation code storage out of gas",
  "code size to deposit exceeds maximum code size": "max code size exceeded",
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
  /** Items on the stack before the opcode ran. */
  stackLength: number;
}

/** SSTORE needs more than this much gas left (EIP-2200's reentrancy sentry). */
const SSTORE_SENTRY = 2300n;

/**
 * geth's message for an ethereumjs error name, given the opcode the frame stopped on (if it ran
 * any). Invalid opcodes are named as geth names them: "invalid opcode: INVALID" for 0xfe,
 * "invalid opcode: opcode 0xc not defined" for a byte that is no opcode.
 */
export function vmErrorMessage(ethereumjsError: string, opcode: FailedOpcode | undefined): string {
  const error = errorName(ethereumjsError);
  if (error === "invalid opcode") {
    if (opcode === undefined || opcode.code === 0xfe) return "invalid opcode: INVALID";
    return `invalid opcode: opcode 0x${opcode.code.toString(16)} not defined`;
  }
  if (error === "out of gas" && opcode?.code === 0x55 && opcode.gasLeft <= SSTORE_SENTRY) {
    return "out of gas: not enough gas for reentrancy sentry";
  }
  if (error === "stack underflow" && opcode !== undefined) {
    return `stack underflow (${opcode.stackLength} <=> ${stackInputs(opcode.code)})`;
  }
  return GETH_MESSAGES[error] ?? error;
}

/**
 * Whether geth records the error on the failing opcode's struct log: only failures found before
 * the opcode runs (its gas, its stack) are; the others (REVERT, invalid jump, ...) end the frame
 * after the opcode was logged without one.
 */
export function isPreExecutionError(ethereumjsError: string): boolean {
  const error = errorName(ethereumjsError);
  return error === "out of gas" || error === "stack underflow" || error === "stack overflow";
}

/** The error without ethereumjs' location suffix ("invalid JUMP at <code hash>/<address>:<pc>"). */
function errorName(error: string): string {
  const at = error.indexOf(" at ");
  return at === -1 ? error : error.slice(0, at);
}

/** How many stack items an opcode takes (geth's minimum stack for it). */
function stackInputs(code: number): number {
  if (code >= 0x80 && code <= 0x8f) return code - 0x7f; // DUPn
  if (code >= 0x90 && code <= 0x9f) return code - 0x8e; // SWAPn
  if (code >= 0xa0 && code <= 0xa4) return code - 0x9e; // LOGn
  return STACK_INPUTS.get(code) ?? 0;
}

const STACK_INPUTS = new Map<number, number>([
  ...[0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0a, 0x0b].map((code): [number, number] => [code, 2]),
  [0x08, 3],
  [0x09, 3],
  ...[0x10, 0x11, 0x12, 0x13, 0x14, 0x16, 0x17, 0x18, 0x1a, 0x1b, 0x1c, 0x1d].map(
    (code): [number, number] => [code, 2],
  ),
  [0x15, 1],
  [0x19, 1],
  [0x20, 2],
  ...[0x31, 0x35, 0x3b, 0x3f, 0x40, 0x49, 0x50, 0x51, 0x54, 0x56, 0x5c, 0xff].map(
    (code): [number, number] => [code, 1],
  ),
  ...[0x52, 0x53, 0x55, 0x57, 0x5d, 0xf3, 0xfd].map((code): [number, number] => [code, 2]),
  ...[0x37, 0x39, 0x3e, 0x5e, 0xf0].map((code): [number, number] => [code, 3]),
  [0x3c, 4],
  [0xf5, 4],
  [0xf1, 7],
  [0xf2, 7],
  [0xf4, 6],
  [0xfa, 6],
]);
