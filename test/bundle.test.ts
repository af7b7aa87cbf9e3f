/**
 * The one-file build, `pevm-devnet/bundle` (src/bundle.ts, scripts/bundle.mjs), as a host loads
 * it: a devnet from it answers and mines, its parallel engine runs a block on worker threads
 * started from the bundle's own worker, equal to the same block on dist/'s sequential devnet, and
 * the ethereumjs speed patches reach the bundle's copy of the EVM (one copy of each patched file).
 * The command runs from its own bundle (the CLI's tests run it through bin/pevm-devnet.js).
 */
import { execFile } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { Interface } from "ethers";
import { describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { createDevnet as createDevnetFromDist, type DevnetHandle } from "../dist/index.js";
import { STALE_GUARD } from "../scripts/staleBundleGuard.mjs";
import { loadArtifact } from "./support/artifacts.js";

const bundleUrl = new URL("../dist/bundle/index.js", import.meta.url);
type Bundle = typeof import("../dist/index.js") & typeof import("../dist/parallel/index.js");

const independent = loadArtifact("Independent");
const independentAbi = new Interface(independent.abi as never);

/** Block 1 deploys Independent; block 2 holds one `set` from each of 10 accounts. */
async function mineIndependentSets(handle: DevnetHandle): Promise<{ block: unknown; hashes: string[] }> {
  const request = (method: string, params: unknown[] = []) => handle.request({ method, params });
  const accounts = (await request("eth_accounts")) as string[];
  await request("eth_sendTransaction", [{ from: accounts[0], data: independent.bytecode }]);
  await request("evm_mine");
  const block1 = (await request("eth_getBlockByNumber", ["0x1", true])) as {
    transactions: { hash: string }[];
  };
  const deployment = block1.transactions[0]?.hash;
  const { contractAddress } = (await request("eth_getTransactionReceipt", [deployment])) as {
    contractAddress: string;
  };
  const hashes: string[] = [];
  for (const [i, from] of accounts.entries()) {
    const data = independentAbi.encodeFunctionData("set", [BigInt(i + 1)]);
    hashes.push(
      (await request("eth_sendTransaction", [{ from, to: contractAddress, data, gas: "0x30000" }])) as string,
    );
  }
  await request("evm_mine");
  // What execution decides (the timestamp, and so the hash, follow the clock).
  const { stateRoot, receiptsRoot, logsBloom, gasUsed, transactions } = (await request(
    "eth_getBlockByNumber",
    ["0x2", false],
  )) as Record<string, unknown>;
  return { block: { stateRoot, receiptsRoot, logsBloom, gasUsed, transactions }, hashes };
}

const options = {
  accounts: 10,
  mining: { mode: "manual" as const },
  genesisTimestamp: 1_700_000_000n,
  threads: 2,
  minParallelTransactions: 1,
  minParallelCodeShare: 0,
  learnExecutor: false,
};

describe("pevm-devnet/bundle", () => {
  it("runs a devnet whose engine executes a block on the bundle's own workers, equal to dist's sequential devnet", async () => {
    const bundle = (await import(bundleUrl.href)) as Bundle;
    const parallel = await bundle.createDevnet(options);
    const sequential = await createDevnetFromDist({ ...options, sequential: true });
    try {
      expect(await parallel.request({ method: "web3_clientVersion" })).toMatch(/^pevm-devnet\/v\d/);
      const onEngine = await mineIndependentSets(parallel);
      const inOrder = await mineIndependentSets(sequential);
      expect(parallel.devnet.head.ran).toMatchObject({ executor: "parallel", threads: 2 });
      expect(sequential.devnet.head.ran).toMatchObject({ executor: "sequential" });
      expect(onEngine).toEqual(inOrder);
    } finally {
      await Promise.all([parallel.close(), sequential.close()]);
    }
  });

  it("holds one copy of each EVM file the speed patches change, and no warning says they are off", async () => {
    const source = readFileSync(fileURLToPath(bundleUrl), "utf8");
    // The patches take them from the bundle itself, not from the installed package's files.
    expect(source).not.toContain('import.meta.resolve("@ethereumjs/evm")');
    // The opcode handler map, the Interpreter class and what its loop uses are each defined once.
    expect(source.match(/^var handlers\d* = \/\* @__PURE__ \*\/ new Map\(\[/gm)).toHaveLength(1);
    expect(source.match(/^var Interpreter\d* = class /gm)).toHaveLength(1);
    expect(source.match(/^var EVMError\d* = class /gm)).toHaveLength(1);
    expect(source.match(/^function consumeEip7928PostTargetCallOog\d*\(/gm)).toHaveLength(1);
    const warnings: string[] = [];
    const listener = (warning: Error & { code?: string }) => warnings.push(warning.code ?? "");
    process.on("warning", listener);
    try {
      await import(`${bundleUrl.href}?fresh`);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", listener);
    }
    expect(warnings).not.toContain("PEVM_ETHEREUMJS_PATCHES_OFF");
  });

  it("runs the command from dist/bundle/cli.js, or from dist/ where dist/ was compiled after the bundle", async () => {
    // A package of its own: the command's launcher, and two entries that say which one ran.
    const root = mkdtempSync(join(tmpdir(), "pevm-bin-"));
    try {
      mkdirSync(join(root, "bin"));
      mkdirSync(join(root, "src"));
      mkdirSync(join(root, "dist", "bundle"), { recursive: true });
      mkdirSync(join(root, "dist", "cli"));
      writeFileSync(join(root, "package.json"), '{ "type": "module" }');
      copyFileSync(
        fileURLToPath(new URL("../bin/pevm-devnet.js", import.meta.url)),
        join(root, "bin", "pevm-devnet.js"),
      );
      const bundled = join(root, "dist", "bundle", "cli.js");
      const compiled = join(root, "dist", "cli", "main.js");
      writeFileSync(bundled, 'console.log("bundle")');
      writeFileSync(compiled, 'console.log("dist")');
      const ran = async () =>
        (await promisify(execFile)(process.execPath, [join(root, "bin", "pevm-devnet.js")])).stdout.trim();
      utimesSync(compiled, 1_000_000, 1_000_000);
      utimesSync(bundled, 1_000_001, 1_000_001);
      expect(await ran()).toBe("bundle");
      utimesSync(compiled, 1_000_001, 1_000_001); // npm pack writes one date for every file
      expect(await ran()).toBe("bundle");
      utimesSync(compiled, 1_000_002, 1_000_002); // `tsc` alone, after the bundle was made
      expect(await ran()).toBe("dist");
      // Installed (no src/): the dates are the extraction's, and the bundle runs.
      rmSync(join(root, "src"), { recursive: true });
      expect(await ran()).toBe("bundle");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("refuses to load the library's bundle where dist/ was compiled after it, and says to build", async () => {
    // A checkout: src/ beside dist/.
    const root = mkdtempSync(join(tmpdir(), "pevm-stale-"));
    try {
      mkdirSync(join(root, "src"));
      mkdirSync(join(root, "dist", "bundle"), { recursive: true });
      const compiled = join(root, "dist", "index.js");
      const bundled = join(root, "dist", "bundle", "index.js");
      writeFileSync(compiled, "");
      writeFileSync(bundled, `${STALE_GUARD}\nexport const loaded = true;`);
      utimesSync(bundled, 1_000_001, 1_000_001);
      utimesSync(compiled, 1_000_002, 1_000_002);
      await expect(import(`${pathToFileURL(bundled).href}?stale`)).rejects.toThrow(/run `npm run build`/);
      utimesSync(compiled, 1_000_001, 1_000_001);
      expect(((await import(`${pathToFileURL(bundled).href}?fresh`)) as { loaded: boolean }).loaded).toBe(
        true,
      );
      // Installed (no src/): the dates are the extraction's, and it loads.
      utimesSync(compiled, 1_000_002, 1_000_002);
      rmSync(join(root, "src"), { recursive: true });
      const installed = (await import(`${pathToFileURL(bundled).href}?installed`)) as { loaded: boolean };
      expect(installed.loaded).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("runs the command from dist/bundle/cli.js, which finds the package's version", async () => {
    const bin = fileURLToPath(new URL("../bin/pevm-devnet.js", import.meta.url));
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const { stdout } = await promisify(execFile)(process.execPath, [bin, "--version"]);
    expect(stdout.trim()).toBe(`pevm-devnet ${manifest.version}`);
  });

  it("serves over WebSocket from dist/ beside the in-process connection, their subscriptions apart", async () => {
    const bundle = (await import(bundleUrl.href)) as Bundle;
    const handle = await bundle.createDevnet({ mining: { mode: "manual" } });
    try {
      const { wsUrl } = await handle.listen({ port: 0 });
      const heads: unknown[] = [];
      handle.on("message", (message) => heads.push(message.data));
      await handle.request({ method: "eth_subscribe", params: ["newHeads"] });
      const socket = new WebSocket(wsUrl);
      await new Promise((resolve, reject) => {
        socket.once("open", resolve);
        socket.once("error", reject);
      });
      const answered = new Promise((resolve) => socket.once("message", resolve));
      socket.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_subscribe", params: ["newHeads"] }));
      await answered;
      // The socket's close drops its own subscription only: the in-process one still hears blocks.
      await new Promise((resolve) => {
        socket.once("close", resolve);
        socket.close();
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      await handle.request({ method: "evm_mine" });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(heads).toHaveLength(1);
    } finally {
      await handle.close();
    }
  });
});
