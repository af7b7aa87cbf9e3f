/**
 * Dumps of a forked chain: the dump names the remote and the fork block and holds the local
 * changes; a devnet started from it (--load-state, without --fork-url) forks the same remote at
 * the same block and sees both the local changes and the remote's untouched state.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forkOfDump } from "../../../src/devnet/persistence/forkOfDump.js";
import { ANVIL_DEV_ADDRESSES, type AnvilInstance, startAnvil } from "../../support/anvil.js";
import { type DevnetServer, Rpc, startDevnetServer } from "../../support/devnetServer.js";
import { getFreePort } from "../../support/freePort.js";

const BIN = fileURLToPath(new URL("../../../bin/pevm-devnet.js", import.meta.url));
const holder = "0x00000000000000000000000000000000000a11ce";
const untouched = "0x00000000000000000000000000000000000b0b00";
const contract = "0x00000000000000000000000000000000000c0de0";
const recipient = "0x00000000000000000000000000000000000d00d0";
const word = (n: bigint) => `0x${n.toString(16).padStart(64, "0")}`;

let anvil: AnvilInstance;
let remote: Rpc;
let forkBlock: bigint;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "pevm-fork-dump-"));
  anvil = await startAnvil(["--chain-id", "4242"]);
  remote = new Rpc(anvil.url);
  await remote.call("anvil_setBalance", holder, "0x1000");
  await remote.call("anvil_setBalance", untouched, "0x2000");
  await remote.call("anvil_setCode", contract, "0x00");
  await remote.call("anvil_setStorageAt", contract, word(1n), word(11n));
  await remote.call("anvil_setStorageAt", contract, word(2n), word(22n));
  await remote.call("evm_mine");
  forkBlock = BigInt(await remote.call<string>("eth_blockNumber"));
}, 30_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await anvil?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function startCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // The fork's disk cache goes under HOME: a temporary one.
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, HOME: dir },
    });
    children.push(child);
    let out = "";
    const take = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Listening on (\S+)/.exec(out);
      if (match) resolve(`http://${match[1]}`);
    };
    child.stdout?.on("data", take);
    child.stderr?.on("data", take);
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

describe("a forked chain's dump", () => {
  let server: DevnetServer;
  let rpc: Rpc;
  let dumpFile: string;

  beforeAll(async () => {
    server = await startDevnetServer({
      fork: { url: anvil.url, blockNumber: forkBlock, noStorageCaching: true, retries: 0 },
      chainId: 777n,
    });
    rpc = new Rpc(server.url);
    // Local changes: an edit, a slot zeroed over the remote's value, a mined transfer.
    await rpc.call("anvil_setBalance", holder, "0x5555");
    await rpc.call("anvil_setStorageAt", contract, word(1n), word(0n));
    await rpc.call("eth_sendTransaction", { from: ANVIL_DEV_ADDRESSES[0], to: recipient, value: "0x99" });
    // After the fork block (anvil edits its latest state: mine past the fork block first).
    await remote.call("evm_mine");
    await remote.call("anvil_setBalance", untouched, "0x3000");
    dumpFile = join(dir, "state.json");
    writeFileSync(dumpFile, JSON.stringify(await server.devnet.dump()));
  }, 30_000);
  afterAll(async () => server?.close());

  it("names the remote, the fork block and the chain ids", async () => {
    const dump = await server.devnet.dump();
    expect(dump.fork).toMatchObject({
      url: anvil.url,
      blockNumber: `0x${forkBlock.toString(16)}`,
      chainId: "0x1092",
    });
    expect(forkOfDump(dump)).toEqual({
      fork: { url: anvil.url, blockNumber: forkBlock, chainId: 4242n },
      chainId: 777n,
    });
    expect(forkOfDump({ format: "pevm-devnet-state", chainId: "0x1" })).toBeUndefined();
  });

  it("--load-state forks the same remote at the same block, with the local changes on top", async () => {
    const url = await startCli(["--port", String(await getFreePort()), "--load-state", dumpFile]);
    const loaded = new Rpc(url);
    expect(await loaded.call("eth_chainId")).toBe("0x309");
    expect(await loaded.call("eth_blockNumber")).toBe(await rpc.call("eth_blockNumber"));
    const head = await rpc.call<{ hash: string }>("eth_getBlockByNumber", "latest", false);
    expect((await loaded.call<{ hash: string }>("eth_getBlockByNumber", "latest", false)).hash).toBe(
      head.hash,
    );
    // The fork block is the remote's, served from it.
    const forkHash = (
      await remote.call<{ hash: string }>("eth_getBlockByNumber", `0x${forkBlock.toString(16)}`, false)
    ).hash;
    const forked = await loaded.call<{ hash: string }>(
      "eth_getBlockByNumber",
      `0x${forkBlock.toString(16)}`,
      false,
    );
    expect(forked.hash).toBe(forkHash);
    // The local changes.
    expect(await loaded.call("eth_getBalance", holder)).toBe("0x5555");
    expect(await loaded.call("eth_getBalance", recipient)).toBe("0x99");
    expect(await loaded.call("eth_getStorageAt", contract, word(1n))).toBe(word(0n));
    // The remote's state at the fork block, never asked before the dump.
    expect(await loaded.call("eth_getStorageAt", contract, word(2n))).toBe(word(22n));
    expect(await loaded.call("eth_getBalance", untouched)).toBe("0x2000");
    // And it mines on.
    await loaded.call("eth_sendTransaction", { from: ANVIL_DEV_ADDRESSES[1], to: recipient, value: "0x1" });
    expect(await loaded.call("eth_getBalance", recipient)).toBe("0x9a");
  }, 30_000);

  it("anvil_loadState of it moves a devnet forking another block to the dump's fork block", async () => {
    const plain = await startDevnetServer({
      fork: { url: anvil.url, blockNumber: forkBlock - 1n, noStorageCaching: true, retries: 0 },
      chainId: 777n,
    });
    try {
      const other = new Rpc(plain.url);
      expect(await other.call("anvil_loadState", await rpc.call("anvil_dumpState"))).toBe(true);
      expect(plain.devnet.fork?.point.number).toBe(forkBlock);
      expect(await other.call("eth_getBalance", holder)).toBe("0x5555");
      expect(await other.call("eth_getBalance", untouched)).toBe("0x2000");
    } finally {
      await plain.close();
    }
  }, 30_000);
});
