/**
 * Which script a pool's workers run: the one-file build of the worker where it was built after
 * dist/'s (scripts/bundle.mjs runs after tsc), else dist's own.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { bundledIfFresh } from "../../src/parallel/WorkerPool.js";

describe("bundledIfFresh", () => {
  let root = "";
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /**
   * A checkout (src/ beside dist/, unless `installed`) whose dist/ has parallel/worker.js and, at
   * `bundleAge` seconds relative to it, bundle/worker.js.
   */
  function builtDist(bundleAge?: number, installed = false): URL {
    root = mkdtempSync(join(tmpdir(), "pevm-package-"));
    if (!installed) mkdirSync(join(root, "src"));
    const dist = join(root, "dist");
    mkdirSync(join(dist, "parallel"), { recursive: true });
    const worker = join(dist, "parallel", "worker.js");
    writeFileSync(worker, "");
    utimesSync(worker, 1_000_000, 1_000_000);
    if (bundleAge !== undefined) {
      mkdirSync(join(dist, "bundle"));
      const bundled = join(dist, "bundle", "worker.js");
      writeFileSync(bundled, "");
      utimesSync(bundled, 1_000_000 + bundleAge, 1_000_000 + bundleAge);
    }
    return pathToFileURL(worker);
  }

  it("takes the bundled worker built after dist's, or at the same time (npm pack's dates)", () => {
    for (const age of [10, 0]) {
      const worker = builtDist(age);
      expect(bundledIfFresh(worker).href).toBe(new URL("../bundle/worker.js", worker).href);
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("keeps dist's worker when the bundle is older (dist/ rebuilt alone) or missing", () => {
    let worker = builtDist(-10);
    expect(bundledIfFresh(worker)).toBe(worker);
    rmSync(root, { recursive: true, force: true });
    worker = builtDist();
    expect(bundledIfFresh(worker)).toBe(worker);
  });

  it("takes the bundled worker in an installed package, whatever dates the extraction left", () => {
    const worker = builtDist(-10, true);
    expect(bundledIfFresh(worker).href).toBe(new URL("../bundle/worker.js", worker).href);
  });

  it("is the bundle's own worker from inside the bundle", () => {
    const inBundle = pathToFileURL(join(builtDist(0).pathname, "../../bundle/worker.js"));
    expect(bundledIfFresh(inBundle).href).toBe(inBundle.href);
  });
});
