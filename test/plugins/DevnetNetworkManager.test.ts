/**
 * `hre.network` with the plugin, in a real Hardhat runtime: a connection to a simulated network
 * runs on pevm-devnet with no EDR provider behind it, Hardhat's network hooks run for it as for
 * its own connections (other plugins extend and observe it), errors are thrown as Hardhat's
 * providers throw them, and what the plugin leaves to Hardhat (a config override, an HTTP
 * network, the plugin turned off) still gets Hardhat's own connection.
 */
import { HardhatError } from "@nomicfoundation/hardhat-errors";
import pevmPlugin from "@pevm-devnet/hardhat-plugin";
import type { HardhatUserConfig } from "hardhat/config";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import type { JsonRpcRequest } from "hardhat/types/providers";
import { describe, expect, it } from "vitest";

const runtime = (config: Partial<HardhatUserConfig> = {}): Promise<HardhatRuntimeEnvironment> =>
  createHardhatRuntimeEnvironment({
    plugins: [pevmPlugin],
    networks: { remote: { type: "http", url: "http://127.0.0.1:1" } },
    ...config,
  });

/** A method only pevm-devnet answers: it says whether the connection runs on the devnet. */
const onDevnet = async (provider: {
  request: (a: { method: string; params?: unknown[] }) => Promise<unknown>;
}) =>
  await provider.request({ method: "pevm_getBlockReport", params: ["latest"] }).then(
    () => true,
    () => false,
  );

describe("DevnetNetworkManager", () => {
  it("runs a simulated network's connection on the devnet, without an EDR provider", async () => {
    const hre = await runtime();
    const { provider, networkName, chainType, networkConfig } = await hre.network.create();
    expect(provider.constructor.name).toBe("DevnetProvider");
    expect([networkName, chainType, networkConfig.type]).toEqual(["default", "generic", "edr-simulated"]);
    expect(await provider.request({ method: "eth_chainId" })).toBe("0x7a69");
    // Tools such as Hardhat's network helpers tell a development network by this prefix.
    expect(await provider.request({ method: "web3_clientVersion" })).toMatch(
      /^HardhatNetwork\/3\.\d+\.\d+\/pevm-devnet\/v\d/,
    );
    const [from, to] = (await provider.request({ method: "eth_accounts" })) as string[];
    const hash = await provider.request({
      method: "eth_sendTransaction",
      params: [{ from, to, value: "0x1" }],
    });
    expect(await provider.request({ method: "eth_getTransactionReceipt", params: [hash] })).toMatchObject({
      status: "0x1",
    });
    expect(await onDevnet(provider)).toBe(true);
  });

  it("throws a failed answer as Hardhat's providers do: message, code, data and the provider-error mark", async () => {
    const hre = await runtime();
    const { provider } = await hre.network.create();
    const thrown = await provider
      .request({ method: "eth_getBalance", params: ["0xnot-an-address"] })
      .catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown).toMatchObject({ code: -32602 });
    expect(Object.getOwnPropertyDescriptor(thrown, "_isProviderError")?.value).toBe(true);
    // Params that are not an array: Hardhat's own error, as its providers throw it.
    const notAnArray = await provider
      .request({ method: "eth_blockNumber", params: { not: "an array" } })
      .catch((error: unknown) => error);
    expect(
      HardhatError.isHardhatError(notAnArray, HardhatError.ERRORS.CORE.NETWORK.INVALID_REQUEST_PARAMS),
    ).toBe(true);
    // The legacy callback form answers failures as JSON-RPC errors.
    const legacy = await new Promise((resolve) =>
      provider.sendAsync({ jsonrpc: "2.0", id: 7, method: "eth_nope", params: [] }, (_error, response) =>
        resolve(response),
      ),
    );
    expect(legacy).toMatchObject({ id: 7, error: { code: -32601 } });
  });

  it("runs other plugins' network hooks for its connections", async () => {
    const hre = await runtime();
    const seen: string[] = [];
    hre.hooks.registerHandlers("network", {
      async newConnection(context, next) {
        const connection = await next(context);
        Object.assign(connection, { extendedBy: "another plugin" });
        return connection;
      },
      async onRequest(context, connection, request: JsonRpcRequest, next) {
        seen.push(request.method);
        return await next(context, connection, request);
      },
      async closeConnection(context, connection, next) {
        seen.push("closed");
        await next(context, connection);
      },
    });
    const connection = await hre.network.create();
    expect((connection as unknown as { extendedBy: string }).extendedBy).toBe("another plugin");
    expect(await connection.provider.request({ method: "eth_blockNumber" })).toBe("0x0");
    await connection.close();
    expect(seen).toEqual(["eth_blockNumber", "closed"]);
    // A closed connection answers as Hardhat's closed providers do.
    const closed = await connection.provider
      .request({ method: "eth_blockNumber" })
      .catch((error: unknown) => error);
    expect(HardhatError.isHardhatError(closed, HardhatError.ERRORS.CORE.NETWORK.PROVIDER_CLOSED)).toBe(true);
  });

  it("closes the devnet when another plugin's newConnection handler fails after it opened", async () => {
    const hre = await runtime();
    const opened: NetworkConnection[] = [];
    hre.hooks.registerHandlers("network", {
      async newConnection(context, next) {
        opened.push((await next(context)) as NetworkConnection);
        throw new Error("another plugin failed");
      },
    });
    await expect(hre.network.create()).rejects.toThrow("another plugin failed");
    expect(opened).toHaveLength(1);
    expect(await onDevnet((opened[0] as NetworkConnection).provider)).toBe(false);
  });

  it("keeps one connection per network for getOrCreate, and notes a deprecated connect", async () => {
    const hre = await runtime();
    const [a, b] = await Promise.all([hre.network.getOrCreate(), hre.network.getOrCreate("default")]);
    expect(a).toBe(b);
    expect(await hre.network.getOrCreate()).toBe(a);
    // Hardhat refuses an override here, even an empty one, and says so.
    await expect(hre.network.getOrCreate({ override: {} } as never)).rejects.toThrow(/override/i);
    expect(a.id).toBeGreaterThanOrEqual(1_000_000);
    expect(await hre.network.create()).not.toBe(a);
    const wasConnectCalled = () =>
      (hre.network as unknown as { wasConnectCalled: () => boolean }).wasConnectCalled();
    expect(wasConnectCalled()).toBe(false);
    const connected = await hre.network.connect();
    expect(connected.provider.constructor.name).toBe("DevnetProvider");
    expect(wasConnectCalled()).toBe(true);
  });

  it("leaves config overrides and HTTP networks to Hardhat; an overridden simulated network still runs on the devnet", async () => {
    const hre = await runtime();
    const overridden = await hre.network.create({ override: { allowUnlimitedContractSize: true } });
    expect(overridden.provider.constructor.name).not.toBe("DevnetProvider");
    expect(overridden.networkConfig).toMatchObject({ allowUnlimitedContractSize: true });
    expect(await onDevnet(overridden.provider)).toBe(true);
    const remote = await hre.network.create("remote");
    expect(remote.networkConfig.type).toBe("http");
    expect(remote.provider.constructor.name).not.toBe("DevnetProvider");
    await expect(hre.network.create("nowhere")).rejects.toThrow(/nowhere/);
  });

  it("with the plugin off, connections are Hardhat's own", async () => {
    const hre = await runtime({ pevm: { enabled: false } });
    const { provider } = await hre.network.create();
    expect(provider.constructor.name).not.toBe("DevnetProvider");
    expect(await onDevnet(provider)).toBe(false);
  });
});
