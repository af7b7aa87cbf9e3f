/** Read and write logs from pairs, for tests that spell them out. */
import type { LocationKey, ReadLog, Version, WriteLog } from "../../src/parallel/types.js";

export function writeLog(...pairs: [LocationKey, unknown][]): WriteLog {
  return { keys: pairs.map(([key]) => key), values: pairs.map(([, value]) => value) };
}

export function readLog(...pairs: [LocationKey, Version][]): ReadLog {
  return { keys: pairs.map(([key]) => key), versions: pairs.map(([, version]) => version) };
}
