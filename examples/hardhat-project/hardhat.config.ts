import { createRequire } from "node:module";
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import { defineConfig } from "hardhat/config";

import pevmPlugin from "../../plugins/hardhat-plugin/index.js";

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [hardhatNodeTestRunner, pevmPlugin],
  solidity: {
    // solc-js from npm: compiles offline, no compiler download.
    version: "0.8.30",
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "prague" },
  },
  pevm: {
    threads: 4,
    reportPath: "pevm-report.json",
  },
});
