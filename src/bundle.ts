/**
 * The library's API (the package's main entry, `pevm-devnet/devnet` and `pevm-devnet/parallel`)
 * in one file with its dependencies, for hosts that load it often, each time in a fresh thread or
 * process: the Hardhat plugin's devnet thread loads it on every `hardhat test`. `npm run build`
 * bundles this module into dist/bundle/index.js, with the parallel engine's worker beside it
 * (scripts/bundle.mjs); the package exports it as `pevm-devnet/bundle`. One file loads in a
 * fraction of the time of dist/'s ~700 modules (each resolved, read and linked on its own).
 */
export * from "./devnet/index.js";
export * from "./index.js";
export * from "./parallel/index.js";
