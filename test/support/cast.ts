import { spawn } from "node:child_process";
import { foundryBinary } from "./anvil.js";

export interface CastResult {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit code; -1 if cast was killed by a signal (e.g. the timeout). */
  readonly code: number;
}

export interface CastOptions {
  /** Kill cast after this many milliseconds (default 60 s). */
  readonly timeoutMs?: number;
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs the real `cast` binary with `args` and collects its output. Never rejects on a non-zero exit. */
export function cast(args: readonly string[], options: CastOptions = {}): Promise<CastResult> {
  return new Promise<CastResult>((resolve, reject) => {
    const child = spawn(foundryBinary("cast"), args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1", ...options.env },
      timeout: options.timeoutMs ?? 60_000,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => stdout.push(c));
    child.stderr.on("data", (c: Buffer) => stderr.push(c));
    child.once("error", reject);
    child.once("close", (code) => {
      resolve({
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        code: code ?? -1,
      });
    });
  });
}
