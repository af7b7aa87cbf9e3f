/** Foundry's `cast run <txhash> --rpc-url` against the devnet: it replays the block and prints the trace. */
import { Interface, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_KEYS } from "../../../support/anvil.js";
import { loadArtifact } from "../../../support/artifacts.js";
import { cast } from "../../../support/cast.js";
import { type DebugTestServer, Rpc, startDebugServer } from "./debugServer.js";

const reverter = loadArtifact("Reverter");
const abi = new Interface(reverter.abi);
const wallet = new Wallet(ANVIL_DEV_KEYS[0]);

let server: DebugTestServer;
let rpc: Rpc;
let nonce = 0;

async function send(fields: { to?: string; data: string; value?: bigint }): Promise<string> {
  const raw = await wallet.signTransaction({
    type: 2,
    chainId: 31337n,
    nonce: nonce++,
    maxFeePerGas: 10_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
    gasLimit: 1_000_000n,
    value: 0n,
    ...fields,
  });
  return rpc.call<string>("eth_sendRawTransaction", raw);
}

beforeAll(async () => {
  server = await startDebugServer();
  rpc = new Rpc(server.url);
});

afterAll(async () => {
  await server?.close();
});

describe("cast run", () => {
  it("prints the call trace of a mined transaction, events and revert reasons included", async () => {
    const deployed = await send({ data: reverter.bytecode });
    const { contractAddress: first } = await rpc.call<{ contractAddress: string }>(
      "eth_getTransactionReceipt",
      deployed,
    );
    const created = await send({ data: reverter.bytecode });
    const { contractAddress: second } = await rpc.call<{ contractAddress: string }>(
      "eth_getTransactionReceipt",
      created,
    );
    const logs = await send({ to: first, data: abi.encodeFunctionData("emitLogs", [2]), value: 7n });
    const caught = await send({ to: first, data: abi.encodeFunctionData("nestedCatch", [second]) });

    const run = await cast(["run", logs, "--rpc-url", server.url]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("Traces:");
    expect(run.stdout).toContain("Transaction successfully executed.");
    expect(run.stdout.toLowerCase()).toContain(first.slice(2, 10));
    expect(run.stdout).toContain("emit");
    const receipt = await rpc.call<{ gasUsed: string }>("eth_getTransactionReceipt", logs);
    expect(run.stdout).toContain(`Gas used: ${BigInt(receipt.gasUsed)}`);

    const nested = await cast(["run", caught, "--rpc-url", server.url]);
    expect(nested.code, nested.stderr).toBe(0);
    expect(nested.stdout).toContain("Reverter: reason string");
    expect(nested.stdout).toContain("[staticcall]");
  });
});
