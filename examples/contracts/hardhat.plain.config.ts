/**
 * The example project on Hardhat's own network (EDR), without the pevm plugin: the baseline
 * bench/hardhatPlugin.ts times `hardhat test` with the plugin against. Same artifacts and cache as
 * hardhat.config.ts.
 */
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
  paths: { sources: "src", artifacts: "hardhat-artifacts-plain", cache: "hardhat-cache-plain" },
});
