/** Public surface of block execution. */

export { executeBlockSequential } from "../execution/sequentialExecutor.js";
export type { BlockExecution, BlockInput, TxOutcome } from "../execution/types.js";
export { type Conflict, findConflicts, hotLocations } from "./conflicts.js";
export { type ExecuteBlockOptions, executeBlock } from "./executeBlock.js";
export { executeBlockRecorded, type RecordedExecution, type TxAccess } from "./executeBlockRecorded.js";
export { type ParallelDetails, ParallelExecutor } from "./ParallelExecutor.js";
export type {
  BlockReport,
  DependencyKind,
  EstimatedSpeedup,
  ReportLocation,
  TxConflict,
  TxReport,
} from "./report/BlockReport.js";
export {
  type BlockReportInput,
  buildBlockReport,
  locationKeyOf,
  reportLocation,
  type TxFacts,
} from "./report/buildBlockReport.js";
export type { ReportSection, TxLabel } from "./report/html/ReportSection.js";
export { type ReportPage, renderReportHtml } from "./report/html/renderReportHtml.js";
