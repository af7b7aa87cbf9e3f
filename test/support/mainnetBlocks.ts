import { fileURLToPath } from "node:url";

/** The mainnet block fixtures in the repository (test/fixtures/mainnet-blocks, see its README). */
export const MAINNET_BLOCKS = fileURLToPath(new URL("../fixtures/mainnet-blocks/", import.meta.url));
