// The benchmark's suite on Hardhat's own network (EDR), no pevm plugin: the baseline.
import { createRequire } from "node:module";
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [hardhatNodeTestRunner],
  solidity: {
    version: "0.8.30",
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "prague" },
  },
  // Its own artifacts and cache: the plugin asks solc for storage layouts, and a shared cache
  // would make each run recompile after a run of the other config.
  paths: { sources: "contracts", artifacts: "artifacts-plain", cache: "cache-plain" },
});
