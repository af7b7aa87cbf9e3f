/**
 * What the plugin's main thread and its devnet thread (DevnetThread, devnetThreadMain) say to
 * each other. Every answer carries what the devnet recorded since the last one, so that the
 * suite's recording on the main thread is complete once a request is answered.
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
  /** Waits for recordings still under way (blocks executed again), on every devnet. */
  | { kind: "flush"; id: number }
  /** The suite's report and its page, built where the devnet's report code is loaded already. */
  | {
      kind: "report";
      id: number;
      transactions: RecordedTransaction[];
      buildInfoOutputs: string[];
      blockGasLimit: number;
    };

/** The answer to a "report" call. */
export interface BuiltReport {
  report: SuiteReport;
  html: string;
}

export interface ThreadAnswer {
  id: number;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
  /** For a send that mined its transaction: the receipt, asked for next (see ReceiptAhead). */
  receipt?: unknown;
  recorded: RecordedTransaction[];
  missed: number;
}
