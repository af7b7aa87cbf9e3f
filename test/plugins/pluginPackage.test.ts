/**
 * The plugin as a user gets it: `npm pack` of pevm-devnet and of the plugin, both tarballs
 * installed into a fresh Hardhat 3 project with no network, then `hardhat test` there prints the
 * report. Offline: npm takes every other package from its cache, which the repository's own
 * `npm install` filled, pinned by a lockfile made from the repository's (npm cannot resolve a
 * version range offline); peer dependencies are checked from the lockfile alone
 * (--legacy-peer-deps), for the same reason.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.join(root, "node_modules/.bin");

/** What the fresh project needs besides the two tarballs, at the repository's versions. */
const FROM_REGISTRY = ["hardhat", "@nomicfoundation/hardhat-node-test-runner"];

const CONFIG = `import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import pevmPlugin from "@pevm-devnet/hardhat-plugin";
import { defineConfig } from "hardhat/config";

export default defineConfig({ plugins: [hardhatNodeTestRunner, pevmPlugin] });
`;

const TEST = `import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";

describe("transfers", () => {
  it("moves ether between distinct accounts on pevm-devnet", async () => {
    const { provider } = await network.create();
    const accounts = await provider.request({ method: "eth_accounts" });
    for (let i = 0; i < 4; i++) {
      await provider.request({
        method: "eth_sendTransaction",
        params: [{ from: accounts[i], to: accounts[10 + i], value: "0x1" }],
      });
    }
    const report = await provider.request({ method: "pevm_getBlockReport", params: ["latest"] });
    assert.equal(report.transactions.length, 1);
  });
});
`;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe("hardhat plugin: installed from npm pack tarballs into a fresh project, offline", () => {
  let work = "";
  let project = "";
  let stdout = "";

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "pevm-plugin-package-"));
    project = path.join(work, "project");
    const pack = async (dir: string) => {
      const { stdout: out } = await run(
        "npm",
        ["pack", "--ignore-scripts", "--pack-destination", work, dir],
        {
          cwd: root,
        },
      );
      return out.trim().split("\n").at(-1) as string;
    };
    const devnetTarball = await pack(".");
    const pluginTarball = await pack("./plugins/hardhat-plugin");

    const rootManifest = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    const devDependencies: Record<string, string> = {
      "pevm-devnet": `file:../${devnetTarball}`,
      "@pevm-devnet/hardhat-plugin": `file:../${pluginTarball}`,
    };
    for (const name of FROM_REGISTRY) devDependencies[name] = rootManifest.devDependencies[name] as string;
    const manifest = { name: "fresh-hardhat-project", private: true, type: "module", devDependencies };
    const lock = JSON.parse(await readFile(path.join(root, "package-lock.json"), "utf8")) as {
      packages: Record<string, { link?: boolean }>;
    };
    // The repository's registry packages pin the versions; npm leaves out those not needed.
    const packages: Record<string, unknown> = { "": { name: manifest.name, devDependencies } };
    for (const [where, entry] of Object.entries(lock.packages)) {
      if (where.startsWith("node_modules/") && entry.link !== true && !where.endsWith("/pevm-devnet")) {
        packages[where] = entry;
      }
    }
    await mkdir(path.join(project, "test"), { recursive: true });
    await writeFile(path.join(project, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(
      path.join(project, "package-lock.json"),
      `${JSON.stringify({ name: manifest.name, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
    );
    await writeFile(path.join(project, "hardhat.config.ts"), CONFIG);
    await writeFile(path.join(project, "test", "transfers.ts"), TEST);

    await run(
      "npm",
      ["install", "--offline", "--ignore-scripts", "--legacy-peer-deps", "--no-audit", "--no-fund"],
      { cwd: project, timeout: 240_000 },
    );
    // Hardhat 3 needs Node 22: node_modules/.bin of the repository holds the `node@22` package's.
    // No compilation: the project has no contracts, and Hardhat would fetch solc's version list.
    const hardhat = path.join(project, "node_modules/hardhat/dist/src/cli.js");
    const result = await run(path.join(bin, "node"), [hardhat, "test", "--no-compile"], {
      cwd: project,
      env: { ...process.env, FORCE_COLOR: "0" },
      timeout: 90_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    stdout = result.stdout;
  }, 360_000);

  afterAll(async () => {
    if (work !== "") await rm(work, { recursive: true, force: true });
  });

  it("ships JavaScript and declarations only, importing pevm-devnet by its entry points", async () => {
    const installed = path.join(project, "node_modules/@pevm-devnet/hardhat-plugin");
    const files = await filesUnder(installed);
    expect(files.some((f) => f.endsWith(path.join("dist", "index.js")))).toBe(true);
    expect(files.some((f) => f.endsWith(path.join("dist", "index.d.ts")))).toBe(true);
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    for (const file of files.filter((f) => f.endsWith(".js"))) {
      const source = await readFile(file, "utf8");
      expect(source, file).not.toMatch(/from "(\.\.\/)+dist\/|pevm-devnet\/dist\//);
    }
  });

  it("runs the suite on pevm-devnet and prints the report after it", () => {
    expect(stdout).toContain("1 passing");
    const tests = stdout.indexOf("1 passing");
    expect(stdout.indexOf("Parallel Execution Report")).toBeGreaterThan(tests);
    expect(stdout).toMatch(/test\/transfers\.ts\s+│ 4\s+│/);
  });
});
