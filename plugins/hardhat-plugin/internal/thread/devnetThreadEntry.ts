/**
 * Where the devnet thread starts: V8's compile cache first (Node ≥ 22.1; kept in the system's
 * temporary folder), so that the devnet's few hundred modules load from cached code from the
 * second run of `hardhat test` on, then the thread itself.
 */
import module from "node:module";

module.enableCompileCache?.();
await import("./devnetThreadMain.js");
