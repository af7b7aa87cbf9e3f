/**
 * The parts of pevm-devnet the plugin uses, from the package's public entry points; every other
 * file of the plugin imports them from here.
 */

export { createDevnet, type DevnetHandle, type DevnetOptions } from "pevm-devnet";
export { type MinedBlock, reportMinedBlock } from "pevm-devnet/devnet";
export {
  type BlockReport,
  buildBlockReport,
  type DependencyKind,
  type EstimatedSpeedup,
  locationKeyOf,
  type ReportLocation,
  type ReportPage,
  type ReportSection,
  renderReportHtml,
  reportLocation,
  type TxLabel,
  type TxReport,
} from "pevm-devnet/parallel";
