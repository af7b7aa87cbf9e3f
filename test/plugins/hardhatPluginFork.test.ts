/**
 * The plugin honours an `edr-simulated` network's `forking` config: a real `hardhat test` run of
 * test/fixtures/hardhat-fork-suite (node:test runner) whose default network forks an anvil that
 * this test starts and fills, at a block before the remote's latest; its tests check that the
 * devnet serving them sees the remote's state at that block, and that a network with forking
 * turned off is a local chain.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnvilInstance, startAnvil } from "../support/anvil.js";
import { Rpc } from "../support/devnetServer.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const project = path.join(root, "test/fixtures/hardhat-fork-suite");
const bin = path.join(root, "node_modules/.bin");
const holder = "0x00000000000000000000000000000000000a11ce";
const contract = "0x00000000000000000000000000000000000c0de0";

describe("hardhat plugin: a network with `forking`", () => {
  let anvil: AnvilInstance;
  let forkBlock: bigint;
  let home: string;

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), "pevm-hardhat-fork-"));
    anvil = await startAnvil();
    const remote = new Rpc(anvil.url);
    await remote.call("anvil_setBalance", holder, "0x1234");
    await remote.call("anvil_setCode", contract, "0x00");
    await remote.call(
      "anvil_setStorageAt",
      contract,
      `0x${"1".padStart(64, "0")}`,
      `0x${"2a".padStart(64, "0")}`,
    );
    await remote.call("evm_mine");
    forkBlock = BigInt(await remote.call<string>("eth_blockNumber"));
    // After the fork block: the forked network must not see it.
    await remote.call("evm_mine");
    await remote.call("anvil_setBalance", holder, "0x9999");
  }, 30_000);

  afterAll(async () => {
    await anvil?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it("runs the suite on a devnet forking the remote at the configured block", async () => {
    // Hardhat 3 needs Node 22: node_modules/.bin holds the `node@22` package's binary.
    const { stdout } = await promisify(execFile)(path.join(bin, "hardhat"), ["test", "--no-pevm-report"], {
      cwd: project,
      env: {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
        FORCE_COLOR: "0",
        PEVM_FORK_URL: anvil.url,
        PEVM_FORK_BLOCK: forkBlock.toString(),
        // Hardhat's cache directory, where the fork's state is cached: a temporary one.
        XDG_CACHE_HOME: home,
        HOME: home,
      },
      timeout: 150_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain("2 passing");
  }, 160_000);
});
