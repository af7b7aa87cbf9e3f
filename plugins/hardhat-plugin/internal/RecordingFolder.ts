/**
 * Where test worker processes leave what they recorded. Mocha's parallel mode runs test files in
 * child processes, each with its own Hardhat runtime and so its own plugin and SuiteRecorder:
 * `hardhat test` opens a folder and names it in the environment the children inherit; a child
 * appends each transaction it records to its own file there, as a line of JSON, at once (a
 * child may be ended without warning); `hardhat test` reads the files back when its runners are
 * done.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { RecordedTransaction } from "./SuiteRecorder.js";

const FOLDER = "PEVM_DEVNET_RECORDING_FOLDER";
const OWNER = "PEVM_DEVNET_RECORDING_OWNER";

export class RecordingFolder {
  private constructor(private readonly dir: string) {}

  /** Opens a folder for this run's child processes; `collect()` reads and removes it. */
  static open(): RecordingFolder {
    const dir = mkdtempSync(path.join(tmpdir(), "pevm-recording-"));
    process.env[FOLDER] = dir;
    process.env[OWNER] = String(process.pid);
    return new RecordingFolder(dir);
  }

  /** The folder this process should write to: set when it is a child of a `hardhat test`. */
  static ofChild(): string | undefined {
    const dir = process.env[FOLDER];
    return dir !== undefined && process.env[OWNER] !== String(process.pid) ? dir : undefined;
  }

  /** Appends one transaction a child process recorded. */
  static append(dir: string, tx: RecordedTransaction): void {
    appendFileSync(path.join(dir, `${process.pid}.jsonl`), `${JSON.stringify(tx)}\n`);
  }

  /**
   * What the child processes recorded, file by file, and the folder removed. A line cut short
   * (a child ended while writing it) counts in `unreadable`.
   */
  collect(): { transactions: RecordedTransaction[]; unreadable: number } {
    delete process.env[FOLDER];
    delete process.env[OWNER];
    const transactions: RecordedTransaction[] = [];
    let unreadable = 0;
    for (const name of readdirSync(this.dir).sort()) {
      for (const line of readFileSync(path.join(this.dir, name), "utf8").split("\n")) {
        if (line === "") continue;
        try {
          transactions.push(JSON.parse(line) as RecordedTransaction);
        } catch {
          unreadable++;
        }
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
    return { transactions, unreadable };
  }
}
