/**
 * What the plugin's main thread and its devnet thread (DevnetThread, devnetThreadMain) say to
 * each other. What the devnets record stays on the thread, where the report is built: an answer
 * carries only what was asked.
 */
import type { SuiteReport } from "../buildSuiteReport.js";
import type { DevnetOptions } from "../pevmDevnet.js";
import type { RecordedTransaction } from "../SuiteRecorder.js";

/** Hardhat's default simulated network has 20 accounts of the same mnemonic. */
export const HARDHAT_ACCOUNTS = 20;

export type ThreadCall =
  | {
      kind: "open";
      id: number;
      chain: number;
      accounts: number;
      /** Whether the devnet records its transactions into the run's recording. */
      recording: boolean;
      threads?: number;
      /** A forking network's remote, and its chain id. */
      fork?: DevnetOptions["fork"];
      chainId?: bigint;
    }
  | {
      kind: "request";
      id: number;
      devnet: number;
      method: string;
      params?: unknown[] | object;
      /** The test file the blocks this request mines are charged to (mining requests only). */
      file?: string;
    }
  | { kind: "close"; id: number; devnet: number }
  /** A suite run starts: the recording so far is dropped. */
  | { kind: "startRun"; id: number }
  /**
   * The run's report and its page, from what the thread's devnets recorded (once the blocks they
   * still execute again are done) followed by what test worker processes recorded.
   */
  | {
      kind: "report";
      id: number;
      fromWorkers: RecordedTransaction[];
      /** Lines of the workers' recordings that could not be read. */
      unreadable: number;
      buildInfoOutputs: string[];
      blockGasLimit: number;
    };

/** The answer to a "report" call. */
export interface BuiltReport {
  report: SuiteReport;
  html: string;
  /** Transactions mined but not recorded, the workers' unreadable ones included. */
  missed: number;
}

export interface ThreadAnswer {
  id: number;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
  /** For a send that mined its transaction: the receipt, asked for next (see ReceiptAhead). */
  receipt?: unknown;
}
