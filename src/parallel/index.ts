/** Public surface of block execution. */
export { executeBlockSequential } from "./sequentialExecutor.js";
export type { BlockExecution, BlockInput, TxOutcome } from "./types.js";
