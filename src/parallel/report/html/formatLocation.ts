import type { ReportLocation } from "../BlockReport.js";

/** `0x7099…79c8`: enough of an address to tell accounts apart on a page. */
export function shortHex(hex: string): string {
  return hex.length <= 14 ? hex : `${hex.slice(0, 6)}…${hex.slice(-4)}`;
}

/**
 * A location without names: `balance(0x7099…79c8)`, `0x5fbd…0aa3[slot 3]`, a large (hashed)
 * slot shortened like an address.
 * @example
 * formatLocation({ address: "0x5fbdb2315678afecb367f032d93f642f64180aa3", kind: "storage", slot: "0x…03" });
 * // "0x5fbd…0aa3[slot 3]"
 */
export function formatLocation(location: ReportLocation): string {
  const owner = shortHex(location.address);
  if (location.kind !== "storage" || location.slot === undefined) return `${location.kind}(${owner})`;
  const slot = BigInt(location.slot);
  const shown = slot < 1n << 32n ? slot.toString() : shortHex(`0x${slot.toString(16)}`);
  return `${owner}[slot ${shown}]`;
}
