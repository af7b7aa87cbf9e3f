/**
 * The parts of pevm-devnet the plugin uses, from the package's one-file build
 * (`pevm-devnet/bundle`: its public API in one module, which the devnet thread loads on every
 * `hardhat test` in a fraction of the time of the ~700 modules behind `pevm-devnet`); every other
 * file of the plugin imports them from here. Only the devnet thread loads them.
 */

export {
  type BlockReport,
  buildBlockReport,
  createDevnet,
  type DependencyKind,
  type DevnetHandle,
  type DevnetOptions,
  type EstimatedSpeedup,
  locationKeyOf,
  type MinedBlock,
  type ReportLocation,
  type ReportPage,
  type ReportSection,
  renderReportHtml,
  reportLocation,
  reportMinedBlock,
  type TxLabel,
  type TxReport,
} from "pevm-devnet/bundle";
