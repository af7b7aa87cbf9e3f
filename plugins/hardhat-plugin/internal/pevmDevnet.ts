/**
 * The parts of pevm-devnet the plugin uses, from the root package's compiled `dist/`.
 *
 * Imported by relative path rather than as the `pevm-devnet` package: the report builders are not
 * in the package's `exports`, a `file:../..` dependency would need a second `npm install` (and a
 * symlink that makes Node load two copies), and Hardhat's loader (tsx) resolves these plain ESM
 * paths as they are. Run `npm run build` in the repository root first.
 */

export type {
  BlockReport,
  DependencyKind,
  EstimatedSpeedup,
  ReportLocation,
  TxReport,
} from "../../../dist/parallel/report/BlockReport.js";
export { buildBlockReport, locationKeyOf } from "../../../dist/parallel/report/buildBlockReport.js";
export { createDevnet, type DevnetHandle } from "../../../dist/rpc/createDevnet.js";
