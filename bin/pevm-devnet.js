#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm install` through the prepare script), bundled
// into one file with its dependencies (scripts/bundle.mjs): it starts ~150 ms sooner than from
// dist/'s ~700 modules.
import("../dist/bundle/cli.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND") {
    console.error("pevm-devnet is not built: run `npm run build` (npm install does it).");
    process.exit(1);
  }
  throw error;
});
