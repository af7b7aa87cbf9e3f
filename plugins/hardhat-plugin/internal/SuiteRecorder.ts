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
 * Everything the suite's connections executed, in order. It lives on the devnet thread, beside
 * the devnets that record into it and the report built from it: the recordings never cross to
 * the main thread. In a test worker process (`folder`, see RecordingFolder) each transaction goes
 * to the folder at once instead, for `hardhat test` to read back.
 */
export class SuiteRecorder {
  readonly transactions: RecordedTransaction[] = [];
  /** Transactions whose block could not be read back (reported as a warning). */
  missed = 0;

  constructor(private readonly folder?: string) {}

  record(tx: RecordedTransaction): void {
    if (this.folder === undefined) this.transactions.push(tx);
    else RecordingFolder.append(this.folder, tx);
  }

  clear(): void {
    this.transactions.length = 0;
    this.missed = 0;
  }
}
