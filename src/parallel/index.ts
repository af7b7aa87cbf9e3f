/** Public surface of block execution. */
export { type Conflict, findConflicts, hotLocations } from "./conflicts.js";
export { type ExecuteBlockOptions, executeBlock } from "./executeBlock.js";
export { type ParallelDetails, ParallelExecutor } from "./ParallelExecutor.js";
export { executeBlockSequential } from "./sequentialExecutor.js";
export type { BlockExecution, BlockInput, TxOutcome } from "./types.js";
