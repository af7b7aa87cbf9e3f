/**
 * The mocha project in mocha's parallel mode: each test file runs in a worker process with its
 * own Hardhat runtime, and the plugin's report still counts every file's transactions.
 * `hardhat --config hardhat.mocha-parallel.config.ts test`.
 */
import { createRequire } from "node:module";
import hardhatMocha from "@nomicfoundation/hardhat-mocha";
import pevmPlugin from "@pevm-devnet/hardhat-plugin";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [hardhatMocha, pevmPlugin],
  solidity: {
    version: "0.8.30",
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "prague" },
  },
  paths: {
    sources: "src",
    tests: { mocha: "test-mocha" },
    artifacts: "hardhat-artifacts-mocha",
    cache: "hardhat-cache-mocha",
  },
  test: { mocha: { parallel: true, jobs: 2 } },
  pevm: {
    threads: 4,
    reportPath: "pevm-report.mocha-parallel.json",
  },
});
