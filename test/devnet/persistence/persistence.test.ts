import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { JsonRpcProvider, Wallet } from "ethers";
import { afterEach, describe, expect, it } from "vitest";
import { createDevnet, type DevnetHandle } from "../../../src/rpc/createDevnet.js";
import { getFreePort } from "../../support/freePort.js";

const BIN = fileURLToPath(new URL("../../../bin/pevm-devnet.js", import.meta.url));
const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const OTHER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

const handles: DevnetHandle[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  await Promise.all(handles.splice(0).map((h) => h.close()));
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

async function devnet() {
  const handle = await createDevnet({ sequential: true });
  handles.push(handle);
  return handle;
}

async function rpc(
  url: string,
  method: string,
  params: unknown[] = [],
): Promise<{ result?: unknown; error?: { code: number } }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return (await response.json()) as { result?: unknown; error?: { code: number } };
}

async function sendTransfers(url: string, count: number, firstNonce = 0): Promise<void> {
  const wallet = new Wallet(KEY);
  for (let i = 0; i < count; i++) {
    const raw = await wallet.signTransaction({
      type: 2,
      chainId: 31337,
      nonce: firstNonce + i,
      to: OTHER,
      value: 1000n,
      gasLimit: 21_000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 10n ** 9n,
    });
    const { error } = await rpc(url, "eth_sendRawTransaction", [raw]);
    expect(error).toBeUndefined();
  }
}

function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Listening on (\S+)/.exec(out);
      if (match) resolve({ child, url: `http://${match[1]}` });
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

describe("state dumps", () => {
  it("restores blocks, receipts, balances and nonces through anvil_dumpState / anvil_loadState", async () => {
    const first = await devnet();
    const { url } = await first.listen({ port: 0 });
    await sendTransfers(url, 3);
    const dump = (await rpc(url, "anvil_dumpState")).result as string;
    const head = (await rpc(url, "eth_getBlockByNumber", ["latest", false])).result as {
      hash: string;
      number: string;
    };
    const receipt = (
      await rpc(url, "eth_getTransactionReceipt", [
        ((await rpc(url, "eth_getBlockByNumber", ["0x2", false])).result as { transactions: string[] })
          .transactions[0],
      ])
    ).result;

    const second = await devnet();
    const { url: url2 } = await second.listen({ port: 0 });
    expect((await rpc(url2, "anvil_loadState", [dump])).result).toBe(true);
    expect(
      ((await rpc(url2, "eth_getBlockByNumber", ["latest", false])).result as { hash: string }).hash,
    ).toBe(head.hash);
    const tx = (
      (await rpc(url2, "eth_getBlockByNumber", ["0x2", false])).result as { transactions: string[] }
    ).transactions[0];
    expect((await rpc(url2, "eth_getTransactionReceipt", [tx])).result).toEqual(receipt);
    expect((await rpc(url2, "eth_getBalance", [OTHER, "latest"])).result).toBe(
      (await rpc(url, "eth_getBalance", [OTHER, "latest"])).result,
    );
    // A wallet that kept its nonce goes on as if nothing happened.
    expect((await rpc(url2, "eth_getTransactionCount", [new Wallet(KEY).address, "latest"])).result).toBe(
      "0x3",
    );
    await sendTransfers(url2, 1, 3);
  });

  it("loads a version 1 dump (written before reserved blocks)", async () => {
    const first = await devnet();
    await first.devnet.mineBlocks(3n);
    const dump = await first.devnet.dump();
    expect(dump.version).toBe(2);
    expect(dump.reservedBlocks).toBeUndefined();
    const second = await devnet();
    await second.devnet.load({ ...dump, version: 1 });
    expect(second.devnet.head.hash).toBe(first.devnet.head.hash);
  });

  it("refuses a file it cannot read with a clear error", async () => {
    const handle = await devnet();
    await expect(handle.devnet.load({ some: "thing" })).rejects.toMatchObject({ code: -32602 });
    await expect(handle.devnet.load({ format: "pevm-devnet-state", version: 99 })).rejects.toMatchObject({
      code: -32602,
    });
    const { url } = await handle.listen({ port: 0 });
    expect((await rpc(url, "anvil_loadState", ["0x1234"])).error?.code).toBe(-32602);
  });

  it("keeps a loadable --state file when the devnet is killed while it saves every 50 ms", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pevm-state-"));
    const file = join(dir, "state.json");
    const port = await getFreePort();
    const { child, url } = await startCli([
      "--port",
      String(port),
      "--state",
      file,
      "--state-interval",
      "0.05",
      "--sequential",
    ]);
    await sendTransfers(url, 20);
    // Kill without warning while the interval keeps writing.
    await new Promise((resolve) => setTimeout(resolve, 180));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const saved = JSON.parse(readFileSync(file, "utf8")) as { blocks: unknown[] };
    expect(saved.blocks.length).toBeGreaterThan(1);

    const restarted = await startCli([
      "--port",
      String(await getFreePort()),
      "--state",
      file,
      "--sequential",
    ]);
    const height = Number((await rpc(restarted.url, "eth_blockNumber")).result);
    expect(height).toBe(saved.blocks.length - 1);
    const provider = new JsonRpcProvider(restarted.url, 31337, { staticNetwork: true, cacheTimeout: -1 });
    expect(await provider.getTransactionCount(new Wallet(KEY).address)).toBe(height);
  });

  it("exits with a one-line error for a --load-state file that is not a dump", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pevm-state-"));
    const file = join(dir, "garbage.json");
    writeFileSync(file, "not json at all");
    await expect(startCli(["--port", String(await getFreePort()), "--load-state", file])).rejects.toThrow(
      /exited with 2: error: cannot read state file/,
    );
  });
});
