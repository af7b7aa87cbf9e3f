import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { define } from "../define.js";

const PACKAGE_NAME = "pevm-devnet";

let clientVersion: string | undefined;

/**
 * "pevm-devnet/v<version>". The version comes from our package.json, found by walking up from
 * this file: the same code runs from src/ (tests) and from dist/ (the published package).
 */
export const web3_clientVersion = define({
  name: "web3_clientVersion",
  params: [],
  handler: () => {
    clientVersion ??= `${PACKAGE_NAME}/v${readPackageVersion()}`;
    return clientVersion;
  },
});

function readPackageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = readManifest(join(dir, "package.json"));
    if (manifest?.name === PACKAGE_NAME && typeof manifest.version === "string") return manifest.version;
    const parent = dirname(dir);
    if (parent === dir) return "0.0.0";
    dir = parent;
  }
}

function readManifest(path: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
