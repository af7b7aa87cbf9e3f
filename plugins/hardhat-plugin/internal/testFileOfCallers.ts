import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The test file (project-relative) that is sending a request: the first frame of the call stack
 * under one of the test directories. node:test and mocha run the files in-process and one after
 * another, and V8's async stack traces keep the test's frame across the awaits of the provider
 * chain.
 *
 * The frames are read as V8's call sites, not as the stack's text: formatting the text (through
 * the source maps Hardhat's test runners enable) cost ~0.3 ms for every transaction a test sent.
 */
export function testFileOfCallers(testDirs: readonly string[], root: string): string | undefined {
  for (const name of callerFiles()) {
    const file = name.startsWith("file://") ? fileURLToPath(name) : name;
    if (!path.isAbsolute(file) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    if (testDirs.some((dir) => file.startsWith(dir + path.sep))) return path.relative(root, file);
  }
  return undefined;
}

/** The files of the current stack's frames, async ones included, deep enough to reach the test. */
function callerFiles(): string[] {
  const { prepareStackTrace, stackTraceLimit } = Error;
  const holder: { stack?: unknown } = {};
  try {
    Error.stackTraceLimit = 80;
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(holder, callerFiles);
    const sites = holder.stack as NodeJS.CallSite[] | undefined;
    return (sites ?? []).flatMap((site) => site.getFileName() ?? []);
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}
