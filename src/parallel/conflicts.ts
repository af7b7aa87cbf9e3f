/**
 * Conflicts between the transactions of a block: transaction i depends on an earlier j when j
 * wrote a location that i read (Block-STM must run i after j). Each read is charged to the
 * closest earlier writer of that location, the one whose value i actually saw.
 */
import { parseLocation } from "./locations.js";
import type { LocationKey, TxIndex } from "./types.js";

export interface Conflict {
  /** The earlier transaction. */
  tx: TxIndex;
  location: LocationKey;
}

export function findConflicts(
  reads: readonly LocationKey[][],
  writes: readonly LocationKey[][],
): Conflict[][] {
  const writers = new Map<LocationKey, TxIndex[]>();
  writes.forEach((keys, tx) => {
    for (const key of keys) {
      const list = writers.get(key);
      if (list === undefined) writers.set(key, [tx]);
      else list.push(tx);
    }
  });
  return reads.map((keys, tx) => {
    const conflicts: Conflict[] = [];
    for (const key of keys) {
      const list = writers.get(key);
      if (list === undefined) continue;
      let closest = -1;
      for (const writer of list) {
        if (writer >= tx) break;
        closest = writer;
      }
      if (closest >= 0) conflicts.push({ tx: closest, location: key });
    }
    return conflicts;
  });
}

/** The locations most conflicted on, with how many transactions waited on each. */
export function hotLocations(
  conflicts: readonly Conflict[][],
  limit: number,
): { location: LocationKey; transactions: number }[] {
  const counts = new Map<LocationKey, number>();
  for (const list of conflicts) {
    for (const key of new Set(list.map((c) => c.location))) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([location, transactions]) => ({ location, transactions }));
}

/** "storage 0xabc…[0x01…]" for people. */
export function describeLocation(key: LocationKey): string {
  const { kind, address, slot } = parseLocation(key);
  return slot === undefined ? `${kind} ${address}` : `${kind} ${address}[${slot}]`;
}
