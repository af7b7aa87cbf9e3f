import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The test file (project-relative) among the frames of `stack`: the first frame under one of the
 * test directories. node:test and mocha run the files in-process and one after another, and
 * V8's async stack traces keep the test's frame across the awaits of the provider chain.
 */
export function testFileOfStack(
  stack: string,
  testDirs: readonly string[],
  root: string,
): string | undefined {
  for (const line of stack.split("\n")) {
    const match = /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?\s*$/.exec(line.trim());
    if (match?.[1] === undefined) continue;
    const file = match[1].startsWith("file://") ? fileURLToPath(match[1]) : match[1];
    if (file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    if (testDirs.some((dir) => file.startsWith(dir + path.sep))) return path.relative(root, file);
  }
  return undefined;
}

/** The current call stack, deep enough to reach the test through Hardhat's hook chain. */
export function captureStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 80;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  return stack;
}
