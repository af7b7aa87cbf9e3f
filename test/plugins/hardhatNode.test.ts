/**
 * `hardhat node` in the example project, whose config enables the pevm plugin: it starts (Hardhat
 * asks for hardhat_setLoggingEnabled first) and serves the devnet, mining what it is sent.
 */
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getFreePort } from "../support/freePort.js";
import { rpcResult, waitForReceipt } from "../support/jsonRpc.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const project = path.join(root, "examples/contracts");
const bin = path.join(root, "node_modules/.bin");

describe("hardhat plugin: `hardhat node` in the example project", () => {
  let node: ChildProcess;
  let url = "";
  let output = "";

  beforeAll(async () => {
    const port = await getFreePort();
    url = `http://127.0.0.1:${port}`;
    node = spawn(path.join(bin, "hardhat"), ["node", "--port", String(port), "--hostname", "127.0.0.1"], {
      cwd: project,
      env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    node.stdout?.on("data", collect);
    node.stderr?.on("data", collect);
    const deadline = Date.now() + 60_000;
    while (!output.includes("Started HTTP")) {
      if (node.exitCode !== null) throw new Error(`hardhat node exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`hardhat node did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 70_000);

  afterAll(() => {
    node?.kill("SIGINT");
  });

  it("serves pevm-devnet: its own methods answer and a transaction is mined", async () => {
    expect(output).not.toContain("hardhat_setLoggingEnabled does not exist");
    const info = await rpcResult<{ currentBlockNumber: string }>(url, "anvil_nodeInfo");
    expect(info.currentBlockNumber).toBe("0x0");
    const hash = await rpcResult<string>(url, "eth_sendTransaction", [
      {
        from: "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
        to: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
        value: "0x1",
      },
    ]);
    expect((await waitForReceipt(url, hash)).status).toBe("0x1");
    const report = await rpcResult<{ transactions: unknown[] }>(url, "pevm_getBlockReport", ["latest"]);
    expect(report.transactions).toHaveLength(1);
  });
});
