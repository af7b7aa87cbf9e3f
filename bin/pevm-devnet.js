#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm install` through the prepare script), bundled
// into one file with its dependencies (scripts/bundle.mjs): it starts ~150 ms sooner than from
// dist/'s ~700 modules. In a checkout (src/ beside dist/), where dist/ was compiled again after the
// bundle was made (`tsc` alone rewrites every file of it), the bundle holds older code: dist's own
// entry runs instead. In an installed package the dates are the extraction's and say nothing.
import { existsSync, statSync } from "node:fs";

const bundled = new URL("../dist/bundle/cli.js", import.meta.url);
const compiled = new URL("../dist/cli/main.js", import.meta.url);

function mtime(url) {
  try {
    return statSync(url).mtimeMs;
  } catch {
    return undefined;
  }
}

const bundleTime = mtime(bundled);
const compiledTime = mtime(compiled);
const checkout = existsSync(new URL("../src", import.meta.url));
const stale = checkout && compiledTime !== undefined && bundleTime !== undefined && compiledTime > bundleTime;
const entry = bundleTime === undefined || stale ? compiled : bundled;

import(entry.href).catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND") {
    console.error("pevm-devnet is not built: run `npm run build` (npm install does it).");
    process.exit(1);
  }
  throw error;
});
