import { ContractFactory, JsonRpcProvider, Network, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_DEV_ADDRESSES, ANVIL_DEV_KEYS, type AnvilInstance, startAnvil } from "./anvil.js";
import { loadArtifact, storageSlot } from "./artifacts.js";
import { cast } from "./cast.js";

describe("test support: anvil, cast and artifacts", () => {
  let anvil: AnvilInstance;
  let provider: JsonRpcProvider;

  beforeAll(async () => {
    anvil = await startAnvil();
    provider = new JsonRpcProvider(anvil.url, undefined, {
      staticNetwork: Network.from(31337),
      pollingInterval: 50,
      // ethers dedups identical requests for 250 ms by default, which serves stale nonces and
      // block numbers against an automining node.
      cacheTimeout: -1,
    });
  });

  afterAll(async () => {
    provider?.destroy();
    await anvil?.stop();
  });

  it("the dev key constants match their addresses", () => {
    ANVIL_DEV_KEYS.forEach((key, i) => {
      expect(new Wallet(key).address).toBe(ANVIL_DEV_ADDRESSES[i]);
    });
  });

  it("loads artifacts with bytecode and storage layout", () => {
    const token = loadArtifact("Token");
    expect(token.contractName).toBe("Token");
    expect(token.bytecode.startsWith("0x60")).toBe(true);
    expect(token.abi.some((i) => i.type === "error" && i.name === "InsufficientBalance")).toBe(true);
    expect(storageSlot(token, "balanceOf")).toBe(3n);
    expect(loadArtifact("Token")).toBe(token);
  });

  it("deploys Token with ethers, transfers, and reads balances", async () => {
    const wallet = new Wallet(ANVIL_DEV_KEYS[0], provider);
    const artifact = loadArtifact("Token");
    const factory = new ContractFactory(artifact.abi, artifact.bytecode, wallet);
    const token = await factory.deploy("Test", "TST", 1_000_000n);
    await token.waitForDeployment();
    const address = await token.getAddress();
    expect(await provider.getCode(address)).toBe(artifact.deployedBytecode);

    const to = ANVIL_DEV_ADDRESSES[1];
    const tx = await token.getFunction("transfer")(to, 1_234n);
    const receipt = await tx.wait();
    expect(receipt?.status).toBe(1);
    expect(receipt?.logs).toHaveLength(1);

    expect(await token.getFunction("balanceOf")(to)).toBe(1_234n);
    expect(await token.getFunction("balanceOf")(wallet.address)).toBe(1_000_000n - 1_234n);
    expect(await token.getFunction("totalSupply")()).toBe(1_000_000n);
  });

  it("runs cast against the same anvil", async () => {
    const head = await provider.getBlockNumber();
    const res = await cast(["block-number", "--rpc-url", anvil.url]);
    expect(res.code).toBe(0);
    expect(Number(res.stdout.trim())).toBe(head);
    expect(head).toBeGreaterThanOrEqual(2);
  });

  it("stop() is idempotent and the process exits", async () => {
    const other = await startAnvil(["--chain-id", "1337"]);
    const res = await cast(["chain-id", "--rpc-url", other.url]);
    expect(res.stdout.trim()).toBe("1337");
    await Promise.all([other.stop(), other.stop()]);
    expect(other.process.exitCode !== null || other.process.signalCode !== null).toBe(true);
  });
});
