import type { ReportLocation } from "./pevmDevnet.js";
import { RecordingFolder } from "./RecordingFolder.js";

/** One transaction the suite executed, as recorded right after it was mined. */
export interface RecordedTransaction {
  /** The test file that sent it (project-relative), or "(unknown)". */
  file: string;
  /**
   * The connection (chain) it ran on, numbered from 0 in the order they were opened (in a test
   * worker process, from a number of its own: see RecordingFolder).
   */
  chain: number;
  hash: string;
  from: string;
  /** null for a contract creation. */
  to: string | null;
  input: string;
  /** The contract a creation made. */
  createdAddress: string | null;
  /** Runtime code of the contract called or created ("0x" for none). */
  code: string;
  gas: number;
  reads: ReportLocation[];
  writes: ReportLocation[];
}

/**
 * Everything the suite's connections executed, in order. One per process: the network hook
 * handlers write to it, the `test` task override reads it once the runners have finished (a
 * test worker process passes what it records on through the RecordingFolder).
 */
export class SuiteRecorder {
  readonly transactions: RecordedTransaction[] = [];
  /** Transactions whose block could not be read back (reported as a warning). */
  missed = 0;

  record(tx: RecordedTransaction): void {
    const folder = RecordingFolder.ofChild();
    if (folder === undefined) this.transactions.push(tx);
    else RecordingFolder.append(folder, tx);
  }

  clear(): void {
    this.transactions.length = 0;
    this.missed = 0;
  }
}

export const suiteRecorder = new SuiteRecorder();
