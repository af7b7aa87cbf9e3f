import { createRequire } from "node:module";
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import pevmPlugin from "@pevm-devnet/hardhat-plugin";
import { defineConfig } from "hardhat/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  plugins: [hardhatNodeTestRunner, pevmPlugin],
  solidity: {
    // solc-js from npm: compiles offline, no compiler download.
    version: "0.8.30",
    path: require.resolve("solc/soljson.js"),
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "prague" },
  },
  // The sources are the examples' contracts; Hardhat's artifacts stay apart from the committed
  // artifacts/ that the devnet's own tests use.
  paths: { sources: "src", artifacts: "hardhat-artifacts", cache: "hardhat-cache" },
  pevm: {
    threads: 4,
    reportPath: "pevm-report.json",
  },
});
