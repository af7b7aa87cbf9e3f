/**
 * V8 collects the young generation (a scavenge, every few milliseconds while the EVM runs: an
 * ERC-20 transfer allocates ~270 KB) with helper threads, and the collecting thread waits for
 * them. When the parallel engine keeps every core busy with its own threads, the helpers find no
 * idle core and each scavenge stretches. Scavenging on the collecting thread alone was faster on
 * 2 cores, 2,000 ERC-20 transfers, in paired runs with the flag toggled between them: the engine
 * on 2 threads 1-13% (three sessions: 0.866, 0.939, 0.992 of the time), sequential execution
 * 0-8%.
 *
 * The flag holds for the whole process, so only the process's owner sets it (the command line),
 * never the library: a host application keeps V8's defaults.
 */
import { availableParallelism } from "node:os";
import { setFlagsFromString } from "node:v8";

/** Turns parallel scavenging off when `threads` busy threads leave no core idle; says whether. */
export function scavengeOnCollectingThread(threads: number, cores = availableParallelism()): boolean {
  if (threads < cores) return false;
  setFlagsFromString("--no-parallel-scavenge");
  return true;
}
