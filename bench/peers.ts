/**
 * The peers section B compares with, started for real on a free port (`--bench-peers`): anvil
 * (the binary: $ANVIL_BIN, else the platform package of @foundry-rs/anvil, else
 * node_modules/.bin) and `hardhat node` (Hardhat 3's own simulated network, EDR, from the bare
 * project in bench/hardhat-node, run by this process's Node).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { JsonRpcClient } from "./jsonRpc.ts";

export interface RunningPeer {
  url: string;
  stop(): Promise<void>;
}

function anvilBinary(): string {
  const fromEnv = process.env.ANVIL_BIN;
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  try {
    const native = createRequire(import.meta.url).resolve(
      `@foundry-rs/anvil-${process.platform}-${arch}/bin/anvil`,
    );
    if (existsSync(native)) return native;
  } catch {
    // the wrapper below
  }
  const wrapper = fileURLToPath(new URL("../node_modules/.bin/anvil", import.meta.url));
  if (!existsSync(wrapper))
    throw new Error("anvil not found (npm install @foundry-rs/anvil, or set ANVIL_BIN)");
  return wrapper;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startAnvil(args: readonly string[]): Promise<RunningPeer> {
  const port = await freePort();
  return startPeer("anvil", port, anvilBinary(), [
    "--port",
    String(port),
    "--host",
    "127.0.0.1",
    "--silent",
    ...args,
  ]);
}

export async function startHardhatNode(): Promise<RunningPeer> {
  const port = await freePort();
  // Hardhat's package exports do not include its CLI: take the file the `hardhat` bin runs.
  const cli = fileURLToPath(new URL("../node_modules/hardhat/dist/src/cli.js", import.meta.url));
  return startPeer(
    "hardhat node",
    port,
    process.execPath,
    [cli, "node", "--port", String(port), "--hostname", "127.0.0.1"],
    fileURLToPath(new URL("./hardhat-node/", import.meta.url)),
  );
}

/** Spawns a chain and resolves once it answers eth_chainId (30 s at most). */
async function startPeer(
  name: string,
  port: number,
  command: string,
  args: string[],
  cwd?: string,
): Promise<RunningPeer> {
  const child: ChildProcess = spawn(command, args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      await exited;
    }
  };
  const url = `http://127.0.0.1:${port}`;
  const client = new JsonRpcClient(url);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited before it was ready:\n${stderr}`);
    try {
      await client.call("eth_chainId");
      return { url, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${name} did not answer on ${url} within 30 s:\n${stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
