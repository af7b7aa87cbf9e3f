#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm install` through the prepare script).
import("../dist/cli/main.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND") {
    console.error("pevm-devnet is not built: run `npm run build` (npm install does it).");
    process.exit(1);
  }
  throw error;
});
