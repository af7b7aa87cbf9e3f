/**
 * Opcode names as geth prints them in traces. ethereumjs names almost every opcode the same way;
 * where it does not (0x44 after the merge, undefined opcodes), geth's spelling wins, because the
 * tools that read traces match on these strings.
 */

export const OP = {
  SLOAD: 0x54,
  SSTORE: 0x55,
  BALANCE: 0x31,
  EXTCODESIZE: 0x3b,
  EXTCODECOPY: 0x3c,
  EXTCODEHASH: 0x3f,
  LOG0: 0xa0,
  LOG4: 0xa4,
  CREATE: 0xf0,
  CALL: 0xf1,
  CALLCODE: 0xf2,
  DELEGATECALL: 0xf4,
  CREATE2: 0xf5,
  STATICCALL: 0xfa,
  INVALID: 0xfe,
  SELFDESTRUCT: 0xff,
} as const;

/** The four message-call opcodes, whose geth gas cost includes the gas handed to the callee. */
export function isCallOpcode(code: number): boolean {
  return code === OP.CALL || code === OP.CALLCODE || code === OP.DELEGATECALL || code === OP.STATICCALL;
}

export function isCreateOpcode(code: number): boolean {
  return code === OP.CREATE || code === OP.CREATE2;
}

/**
 * geth's name of an opcode: ethereumjs' name, except 0x44 (geth keeps "DIFFICULTY") and bytes
 * that are no opcode ("opcode 0xc not defined").
 */
export function gethOpcodeName(code: number, ethereumjsName: string): string {
  if (code === 0x44) return "DIFFICULTY";
  if (ethereumjsName === "INVALID" && code !== OP.INVALID) return `opcode 0x${code.toString(16)} not defined`;
  return ethereumjsName;
}
