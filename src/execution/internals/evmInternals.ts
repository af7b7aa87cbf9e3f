/**
 * The modules of @ethereumjs/evm that its entry point does not export, which ethereumjsPatches.ts
 * patches or reads: the opcode handler map, the Interpreter, and what the Interpreter's loop
 * uses (the EVM's errors, EIP-7928's pending out-of-gas). Loaded from the
 * installed package's files. The one-file build (scripts/bundle.mjs) replaces this module with
 * one that imports the same files statically, so that the patches reach the bundle's own copy
 * of the EVM rather than a second one loaded beside it.
 */
export interface EvmInternals {
  /** `dist/esm/opcodes/functions.js`: `handlers`, the opcode handler map. */
  functions: Record<string, unknown>;
  /** `dist/esm/interpreter.js`: `Interpreter`. */
  interpreter: Record<string, unknown>;
  /** `dist/esm/errors.js`: `EVMError`. */
  errors: Record<string, unknown>;
  /** `dist/esm/opcodes/EIP7928.js`: `consumeEip7928PostTargetCallOog`. */
  eip7928: Record<string, unknown>;
}

export async function evmInternals(): Promise<EvmInternals> {
  const file = async (path: string) =>
    (await import(new URL(path, import.meta.resolve("@ethereumjs/evm")).href)) as Record<string, unknown>;
  const [functions, interpreter, errors, eip7928] = await Promise.all([
    file("./opcodes/functions.js"),
    file("./interpreter.js"),
    file("./errors.js"),
    file("./opcodes/EIP7928.js"),
  ]);
  return { functions, interpreter, errors, eip7928 };
}
