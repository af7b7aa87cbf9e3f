/**
 * The same project under the mocha runner (`@nomicfoundation/hardhat-mocha`):
 * `hardhat --config hardhat.mocha.config.ts test` runs the mocha tests of `test-mocha/` on
 * pevm-devnet and prints the plugin's report. Its own artifacts, cache and report file, so that it
 * can run beside the node:test configuration.
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
  pevm: {
    threads: 4,
    reportPath: "pevm-report.mocha.json",
  },
});
