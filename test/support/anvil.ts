import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { getFreePort } from "./freePort.js";

export type FoundryTool = "anvil" | "cast";

/** Anvil's default mnemonic ("test test ... junk") and the first five dev keys it derives. */
export const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";
export const ANVIL_DEV_KEYS = [
  "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
  "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
  "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
  "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
  "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
] as const;
export const ANVIL_DEV_ADDRESSES = [
  "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
] as const;

const require = createRequire(import.meta.url);
const binaryCache = new Map<FoundryTool, string>();

/**
 * The path of a Foundry binary: `$ANVIL_BIN` / `$CAST_BIN` if set, else the native binary of the
 * platform package (`@foundry-rs/<tool>-<os>-<arch>`), else the `node_modules/.bin` wrapper.
 * Spawning the native binary directly means signals reach the real process, not a Node wrapper.
 */
export function foundryBinary(tool: FoundryTool): string {
  const cached = binaryCache.get(tool);
  if (cached) return cached;
  const fromEnv = process.env[`${tool.toUpperCase()}_BIN`];
  let path: string | undefined = fromEnv && fromEnv.length > 0 ? fromEnv : undefined;
  if (!path) {
    const arch = process.arch === "x64" ? "amd64" : process.arch;
    const exe = process.platform === "win32" ? `${tool}.exe` : tool;
    try {
      const candidate = require.resolve(`@foundry-rs/${tool}-${process.platform}-${arch}/bin/${exe}`);
      if (existsSync(candidate)) path = candidate;
    } catch {
      // fall through to the wrapper
    }
  }
  if (!path) {
    const wrapper = fileURLToPath(new URL(`../../node_modules/.bin/${tool}`, import.meta.url));
    if (!existsSync(wrapper))
      throw new Error(`cannot find the ${tool} binary (npm install @foundry-rs/${tool})`);
    path = wrapper;
  }
  binaryCache.set(tool, path);
  return path;
}

export interface AnvilInstance {
  /** HTTP JSON-RPC endpoint, e.g. `http://127.0.0.1:34567`. */
  readonly url: string;
  /** WebSocket endpoint on the same port. */
  readonly wsUrl: string;
  readonly port: number;
  /** The spawned process (for tests that want to inspect it). */
  readonly process: ChildProcess;
  /** Kills anvil (SIGTERM, then SIGKILL after 5 s) and resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

export interface StartAnvilOptions {
  /** How long to wait for anvil to answer `eth_chainId` (default 30 s). */
  readonly readyTimeoutMs?: number;
}

/**
 * Spawns the real anvil on a free port with `--silent` (plus `args`) and waits until it answers
 * `eth_chainId`. Pass `--port N` in `args` to pick the port yourself. A port lost to a race
 * (another process binding it first) is retried on a new port.
 */
export async function startAnvil(
  args: readonly string[] = [],
  options: StartAnvilOptions = {},
): Promise<AnvilInstance> {
  const fixedPort = portFromArgs(args);
  const attempts = fixedPort === undefined ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const port = fixedPort ?? (await getFreePort());
    try {
      return await spawnAnvil(port, args, options.readyTimeoutMs ?? 30_000);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

function portFromArgs(args: readonly string[]): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--port" || a === "-p") return Number(args[i + 1]);
    if (a?.startsWith("--port=")) return Number(a.slice("--port=".length));
  }
  return undefined;
}

async function spawnAnvil(
  port: number,
  args: readonly string[],
  readyTimeoutMs: number,
): Promise<AnvilInstance> {
  const hasPort = portFromArgs(args) !== undefined;
  const hasHost = args.some((a) => a === "--host" || a.startsWith("--host="));
  const fullArgs = [
    ...(hasPort ? [] : ["--port", String(port)]),
    ...(hasHost ? [] : ["--host", "127.0.0.1"]),
    ...(args.includes("--silent") ? [] : ["--silent"]),
    ...args,
  ];
  const child = spawn(foundryBinary("anvil"), fullArgs, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-8_192);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  let spawnError: Error | undefined;
  child.once("error", (err) => {
    spawnError = err;
  });

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      child.stdout?.destroy();
      child.stderr?.destroy();
    })();
    return stopping;
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (spawnError) {
      await stop();
      throw new Error(`failed to spawn anvil: ${spawnError.message}`, { cause: spawnError });
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(
        `anvil exited (${child.exitCode ?? child.signalCode}) before it was ready on port ${port}:\n${output}`,
      );
    }
    if (await answersChainId(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`anvil did not answer eth_chainId on ${url} within ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return { url, wsUrl: `ws://127.0.0.1:${port}`, port, process: child, stop };
}

async function answersChainId(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(1_000),
    });
    if (!res.ok) return false;
    const body = (await res.json()) as { result?: unknown };
    return typeof body.result === "string";
  } catch {
    return false;
  }
}
