// The plugin's overhead benchmark (bench/hardhatPlugin.ts): several test files, each on its own
// connection, a few hundred transactions in all, over the examples' contracts, with the pevm
// plugin. hardhat.plain.config.ts is the same project on Hardhat's own network.
import { createRequire } from "node:module";
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import pevmPlugin from "@pevm-devnet/hardhat-plugin";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [hardhatNodeTestRunner, pevmPlugin],
  solidity: {
    version: "0.8.30",
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "prague" },
  },
  paths: { sources: "contracts", artifacts: "artifacts", cache: "cache" },
  pevm: { reportPath: "pevm-report.json" },
});
