import type { TxIndex } from "../../types.js";
import type { BlockReport, ReportLocation } from "../BlockReport.js";
import { formatLocation } from "./formatLocation.js";

/** What people know a transaction as, beyond its hash. */
export interface TxLabel {
  /** Short, drawn under the transaction when there is room: "Vault.deposit", "call 0x5fbd…0aa3". */
  label: string;
  /** More lines for its tooltip: sender, value, test. */
  detail?: string;
}

/** One block (or one test file's transactions taken as a block) on a report page. */
export interface ReportSection {
  title: string;
  /** A line under the title. */
  subtitle?: string;
  report: BlockReport;
  /** Per transaction, by index. */
  transactions?: readonly (TxLabel | undefined)[];
  /**
   * A location's name for people (a Solidity variable: `Vault.totalDeposits`), read by `tx`;
   * undefined falls back to its kind, address and slot.
   */
  nameLocation?: (location: ReportLocation, tx: TxIndex) => string | undefined;
}

/**
 * Names already given, per section and location object: a page names each conflict's location in
 * its graph's arc, its transaction's tooltip and the transaction table, and a name (a Solidity
 * variable found from storage layouts) is the costly part of each.
 */
const named = new WeakMap<ReportSection, Map<ReportLocation, { tx: TxIndex; name: string }>>();

/** The name a section gives a location: its own where it has one, else the raw form. */
export function locationName(section: ReportSection, location: ReportLocation, tx: TxIndex): string {
  let names = named.get(section);
  if (names === undefined) {
    names = new Map();
    named.set(section, names);
  }
  const known = names.get(location);
  if (known?.tx === tx) return known.name;
  const name = section.nameLocation?.(location, tx) ?? formatLocation(location);
  names.set(location, { tx, name });
  return name;
}
