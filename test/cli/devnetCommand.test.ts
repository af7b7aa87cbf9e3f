/**
 * The real `pevm-devnet` command, spawned as users run it (`node bin/pevm-devnet.js`, which loads
 * the build in dist/): start-up banner, serving, Ctrl-C, --help, --version, usage errors and the
 * flags that shape the chain.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_ADDRESSES, ANVIL_DEV_KEYS } from "../support/anvil.js";
import { getFreePort } from "../support/freePort.js";
import { rpcEnvelope, rpcResult } from "../support/jsonRpc.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = `${ROOT}bin/pevm-devnet.js`;
const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8")) as { version: string };

interface CliProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once stdout matches `pattern`; rejects on exit or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

const running = new Set<CliProcess>();

function startCli(args: readonly string[]): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk.toString("utf8");
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const cli: CliProcess = {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = out.match(pattern);
          if (match === null) return false;
          cleanup();
          resolve(match);
          return true;
        };
        const onExit = () => {
          if (check()) return;
          cleanup();
          reject(new Error(`pevm-devnet exited before printing ${pattern}:\n${out}\n${err}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`pevm-devnet did not print ${pattern} within ${timeoutMs} ms:\n${out}\n${err}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          child.stdout?.off("data", check);
          child.off("exit", onExit);
        };
        if (check()) return;
        child.stdout?.on("data", check);
        child.once("exit", onExit);
      });
    },
  };
  running.add(cli);
  void exited.then(() => running.delete(cli));
  return cli;
}

/** Runs the command to completion (for --help, --version, usage errors). */
async function runCli(args: readonly string[], timeoutMs = 20_000) {
  const cli = startCli(args);
  const timer = setTimeout(() => cli.child.kill("SIGKILL"), timeoutMs);
  const { code } = await cli.exited;
  clearTimeout(timer);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** Starts a devnet on a free port and waits for its "Listening on" line. */
async function startDevnet(extraArgs: readonly string[] = []) {
  const port = await getFreePort();
  const cli = startCli(["--port", String(port), ...extraArgs]);
  await cli.waitForOutput(/Listening on 127\.0\.0\.1:\d+/);
  return { cli, port, url: `http://127.0.0.1:${port}` };
}

/** Starts a devnet with --silent on a free port and waits until it answers. */
async function startSilentDevnet() {
  const port = await getFreePort();
  const cli = startCli(["--port", String(port), "--silent"]);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(url, cli);
  return { cli, port, url };
}

/** Polls until the port answers JSON-RPC (for --silent, which prints no "Listening on"). */
async function waitUntilServing(url: string, cli: CliProcess, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (cli.child.exitCode !== null) throw new Error(`pevm-devnet exited: ${cli.stderr()}`);
    try {
      const envelope = await rpcEnvelope(url, "eth_chainId");
      if (typeof envelope.result === "string") return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`pevm-devnet did not serve ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(() => {
  if (!existsSync(`${ROOT}dist/bundle/cli.js`)) {
    throw new Error("dist/ is missing: run `npm run build` (npm test does) before this test");
  }
});

describe("pevm-devnet (the devnet command)", () => {
  afterEach(async () => {
    // Whatever a failed test left running.
    for (const cli of running) {
      cli.child.kill("SIGKILL");
      await cli.exited;
    }
  });

  it("prints the accounts with their private keys and where it listens, then serves JSON-RPC", async () => {
    const { cli, port, url } = await startDevnet();
    const out = cli.stdout();
    expect(out).toContain(`Listening on 127.0.0.1:${port}`);
    expect(out).toContain("Available Accounts");
    expect(out).toContain("Private Keys");
    for (const address of ANVIL_DEV_ADDRESSES) expect(out).toContain(address);
    for (const key of ANVIL_DEV_KEYS) expect(out).toContain(key);
    expect(out).toContain("10000.000000000000000000 ETH");
    expect(out).toContain("test test test test test test test test test test test junk");

    expect(await rpcResult(url, "eth_chainId")).toBe("0x7a69");
    expect(await rpcResult(url, "eth_blockNumber")).toBe("0x0");
    // Without --silent each request's method is printed.
    await cli.waitForOutput(/^eth_blockNumber$/m, 5_000);
    expect(cli.stderr()).toBe("");

    const started = Date.now();
    cli.child.kill("SIGINT");
    const { code, signal } = await cli.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
    // The port is free again.
    await expect(rpcEnvelope(url, "eth_chainId")).rejects.toThrow();
  });

  it("SIGTERM stops it too, with exit code 0", async () => {
    const { cli } = await startSilentDevnet();
    cli.child.kill("SIGTERM");
    expect((await cli.exited).code).toBe(0);
  });

  it("--silent prints nothing, and still serves", async () => {
    const { cli, url } = await startSilentDevnet();
    expect(await rpcResult(url, "eth_accounts")).toHaveLength(10);
    cli.child.kill("SIGINT");
    expect((await cli.exited).code).toBe(0);
    expect(cli.stdout()).toBe("");
    expect(cli.stderr()).toBe("");
  });

  it("--chain-id 1337 is what eth_chainId and net_version serve", async () => {
    const { cli, url } = await startDevnet(["--chain-id", "1337"]);
    expect(await rpcResult(url, "eth_chainId")).toBe("0x539");
    expect(await rpcResult(url, "net_version")).toBe("1337");
    expect(cli.stdout()).toMatch(/Chain ID\n=+\n\n1337\n/);
    cli.child.kill("SIGINT");
    await cli.exited;
  });

  it("--accounts 3 --balance 5: three accounts of 5 ETH", async () => {
    const { cli, url } = await startDevnet(["--accounts", "3", "--balance", "5"]);
    const accounts = await rpcResult<string[]>(url, "eth_accounts");
    expect(accounts.map((a) => a.toLowerCase())).toEqual(
      ANVIL_DEV_ADDRESSES.slice(0, 3).map((a) => a.toLowerCase()),
    );
    for (const account of accounts) {
      expect(BigInt(await rpcResult<string>(url, "eth_getBalance", [account, "latest"]))).toBe(
        5n * 10n ** 18n,
      );
    }
    expect(BigInt(await rpcResult<string>(url, "eth_getBalance", [ANVIL_DEV_ADDRESSES[3], "latest"]))).toBe(
      0n,
    );
    expect(cli.stdout()).toContain("(2) ");
    expect(cli.stdout()).not.toContain("(3) ");
    cli.child.kill("SIGINT");
    await cli.exited;
  });

  it("--no-mining leaves a sent transaction pending", async () => {
    const { cli, url } = await startDevnet(["--no-mining"]);
    const hash = await rpcResult<string>(url, "eth_sendTransaction", [
      { from: ANVIL_DEV_ADDRESSES[0], to: ANVIL_DEV_ADDRESSES[1], value: "0x1" },
    ]);
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await rpcResult(url, "eth_getTransactionReceipt", [hash])).toBeNull();
    expect(await rpcResult(url, "eth_blockNumber")).toBe("0x0");
    expect(await rpcResult(url, "eth_getTransactionCount", [ANVIL_DEV_ADDRESSES[0], "pending"])).toBe("0x1");
    expect(await rpcResult(url, "eth_getTransactionCount", [ANVIL_DEV_ADDRESSES[0], "latest"])).toBe("0x0");
    cli.child.kill("SIGINT");
    expect((await cli.exited).code).toBe(0);
  });

  it("--prune-history 2 keeps the state of the last two blocks: older ones answer -32602", async () => {
    const { cli, url } = await startDevnet(["--prune-history", "2"]);
    const [from, to] = ANVIL_DEV_ADDRESSES;
    for (let i = 0; i < 3; i++) {
      await rpcResult(url, "eth_sendTransaction", [{ from, to, value: "0x1" }]);
    }
    expect(await rpcResult(url, "eth_blockNumber")).toBe("0x3");
    const balanceAt = (block: string) => rpcEnvelope(url, "eth_getBalance", [to, block]);
    expect((await balanceAt("0x2")).result).toBeDefined();
    const pruned = await balanceAt("0x1");
    expect(pruned.error?.code).toBe(-32602);
    expect(pruned.error?.message).toMatch(/no longer kept/);
    expect((await rpcEnvelope(url, "eth_call", [{ to, data: "0x" }, "0x0"])).error?.code).toBe(-32602);
    // Blocks themselves are still served.
    expect(await rpcResult(url, "eth_getBlockByNumber", ["0x1", false])).not.toBeNull();
    cli.child.kill("SIGINT");
    await cli.exited;
  });

  it("a port already in use: a one-line error, non-zero exit", async () => {
    const { cli, port } = await startSilentDevnet();
    const second = await runCli(["--port", String(port), "--silent"]);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/^error: /);
    expect(second.stderr).not.toMatch(/^\s+at /m);
    cli.child.kill("SIGINT");
    await cli.exited;
  });
});

describe("pevm-devnet --fork-url", () => {
  it("an unreachable remote: a one-line error naming it, non-zero exit", async () => {
    const { code, stderr } = await runCli([
      "--fork-url",
      "http://127.0.0.1:1",
      "--timeout",
      "2000",
      "--silent",
    ]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/^error: fork remote http:\/\/127\.0\.0\.1:1 failed: /);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });
});

// Each of these is a short-lived process: run them side by side.
describe.concurrent("pevm-devnet --help, --version and usage errors", () => {
  it("--help lists the flags and exits 0", async ({ expect }) => {
    const { code, stdout, stderr } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stderr).toBe("");
    for (const flag of [
      "--port",
      "--host",
      "--chain-id",
      "--accounts",
      "--balance",
      "--mnemonic",
      "--block-time",
      "--no-mining",
      "--order",
      "--gas-limit",
      "--base-fee",
      "--hardfork",
      "--silent",
      "--help",
      "--version",
    ]) {
      expect(stdout).toContain(flag);
    }
    expect(stdout).toContain("8545");
  });

  it("-h is --help", async ({ expect }) => {
    const { code, stdout } = await runCli(["-h"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--port");
  });

  it("--version prints the package version", async ({ expect }) => {
    const { code, stdout } = await runCli(["--version"]);
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(`pevm-devnet ${version}`);
  });

  it.for([
    [["--port", "abc"], "--port"],
    [["--block-time", "0"], "--block-time"],
    [["--chain-id", "-1"], "--chain-id"],
    [["--accounts", "three"], "--accounts"],
    [["--no-such-flag"], "--no-such-flag"],
    [["--port"], "--port"],
  ] as const)(
    "%j: a one-line error naming the flag, no stack trace, non-zero exit",
    async ([args, flag], { expect }) => {
      const { code, stdout, stderr } = await runCli(args);
      expect(code).not.toBe(0);
      expect(code).not.toBeNull();
      expect(stdout).toBe("");
      const errorLines = stderr.split("\n").filter((line) => line.startsWith("error:"));
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]).toContain(flag);
      expect(stderr).not.toMatch(/^\s+at /m);
      expect(stderr).not.toContain("CliUsageError");
      // The error line plus, at most, a pointer to --help.
      expect(stderr.trim().split("\n").length).toBeLessThanOrEqual(2);
    },
  );

  it("replay of a folder that is not a block folder: a one-line error, no stack trace, exit 2", async ({
    expect,
  }) => {
    const { code, stderr } = await runCli(["replay", "no-such-block-folder"]);
    expect(code).toBe(2);
    expect(stderr).toContain("error: no-such-block-folder is not a block folder: it has no block.json");
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});
