/**
 * Where dist/ was compiled again after the bundle was made (`tsc` alone rewrites every file of
 * it), the library's bundle holds older code than dist/ and the sources: loading it then fails
 * and says so, rather than run yesterday's devnet (the Hardhat plugin's thread loads it). The
 * command falls back to dist/ by itself (bin/pevm-devnet.js), the engine's workers too
 * (WorkerPool.bundledIfFresh). Only in a checkout (src/ beside dist/): in an installed package
 * the dates are those the extraction left, in the tarball's order, and say nothing.
 */
export const STALE_GUARD = ` import { existsSync as pevmExistsSync, statSync as pevmStatSync } from "node:fs"; if (pevmExistsSync(new URL("../../src", import.meta.url)) && (pevmStatSync(new URL("../index.js", import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? 0) > pevmStatSync(new URL(import.meta.url)).mtimeMs) throw new Error("pevm-devnet: dist/ was compiled after its bundle (dist/bundle/) was made, which holds older code: run \`npm run build\`");`;
