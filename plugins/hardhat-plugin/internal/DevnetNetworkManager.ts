import type { EdrNetworkConfig } from "hardhat/types/config";
import type { HookContext, HookManager } from "hardhat/types/hooks";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type {
  CachedNetworkConnectionParams,
  ChainType,
  JsonRpcServer,
  NetworkConnection,
  NetworkConnectionParams,
  NetworkManager,
} from "hardhat/types/network";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";
import { DevnetProvider } from "./DevnetProvider.js";
import { askDevnet, attachDevnet, closeDevnet, openDevnet } from "./devnetConnections.js";

/** Hardhat's name for the network a connection gets when it names none and `--network` is not given. */
const DEFAULT_NETWORK = "default";

/**
 * The first id of the plugin's connections: far from Hardhat's own (counted from 0), which a
 * process still makes for overrides and HTTP networks; trace output and plugins tell them apart.
 */
const FIRST_ID = 1_000_000;

/** A connection the plugin makes: resolved as Hardhat resolves it, with no config override. */
interface Plan {
  networkName: string;
  chainType: string;
  networkConfig: EdrNetworkConfig;
}

/**
 * `hre.network` with the plugin: a connection to a simulated network runs on a devnet of the
 * plugin's thread, and no EDR provider is made for it (its start cost the first connection about
 * 100 ms of the main thread, and each later one 7). Hardhat's `newConnection`, `onRequest` and
 * `closeConnection` hooks run for such a connection as for one Hardhat makes, so other plugins
 * extend it as usual. Everything else (HTTP networks, config overrides, servers, unknown names)
 * goes to Hardhat's own manager, and so does every connection of `hardhat node`.
 */
export class DevnetNetworkManager implements NetworkManager {
  private nextId = FIRST_ID;
  private connectCalled = false;
  /** Set for `hardhat node`, whose server needs Hardhat's own provider (see tasks/node.ts). */
  private hardhatOnly = false;
  /** getOrCreate's connections, by network and chain type. */
  private readonly cached = new Map<string, Promise<NetworkConnection<string>>>();

  constructor(
    private readonly hre: HardhatRuntimeEnvironment,
    private readonly hooks: HookManager,
    private readonly hardhat: NetworkManager,
  ) {
    // Hardhat's CLI reads this at exit to warn about the deprecated `connect`.
    Object.defineProperty(this, "wasConnectCalled", {
      value: () => this.connectCalled || wasConnectCalled(hardhat),
      enumerable: false,
    });
  }

  async create<ChainTypeT extends ChainType | string>(
    networkOrParams?: NetworkConnectionParams<ChainTypeT> | string,
  ): Promise<NetworkConnection<ChainTypeT>> {
    const plan = this.plan(networkOrParams);
    if (plan === undefined) return await this.hardhat.create(networkOrParams);
    return (await this.open(plan)) as NetworkConnection<ChainTypeT>;
  }

  async connect<ChainTypeT extends ChainType | string>(
    networkOrParams?: NetworkConnectionParams<ChainTypeT> | string,
  ): Promise<NetworkConnection<ChainTypeT>> {
    const plan = this.plan(networkOrParams);
    if (plan === undefined) return await this.hardhat.connect(networkOrParams);
    this.connectCalled = true;
    return (await this.open(plan)) as NetworkConnection<ChainTypeT>;
  }

  async getOrCreate<ChainTypeT extends ChainType | string>(
    networkOrParams?: CachedNetworkConnectionParams<ChainTypeT> | string,
  ): Promise<NetworkConnection<ChainTypeT>> {
    // Hardhat refuses any override here, even an empty one: it says how.
    const overridden = typeof networkOrParams === "object" && "override" in networkOrParams;
    const plan = overridden ? undefined : this.plan(networkOrParams);
    if (plan === undefined) return await this.hardhat.getOrCreate(networkOrParams);
    const key = `${plan.networkName}\n${plan.chainType}`;
    let connection = this.cached.get(key);
    if (connection === undefined) {
      connection = this.open(plan);
      this.cached.set(key, connection);
      // A failed one is not kept: the next call tries again.
      connection.catch(() => this.cached.delete(key));
    }
    return (await connection) as NetworkConnection<ChainTypeT>;
  }

  /** From now on, every connection is Hardhat's own (the network hook still gives it a devnet). */
  leaveConnectionsToHardhat(): void {
    this.hardhatOnly = true;
  }

  async createServer<ChainTypeT extends ChainType | string>(
    networkOrParams?: NetworkConnectionParams<ChainTypeT> | string,
    hostname?: string,
    port?: number,
  ): Promise<JsonRpcServer> {
    return await this.hardhat.createServer(networkOrParams, hostname, port);
  }

  /** What the plugin makes itself, or undefined: Hardhat's manager makes it (or says what is wrong). */
  private plan(networkOrParams: NetworkConnectionParams<string> | string | undefined): Plan | undefined {
    if (this.hardhatOnly) return undefined;
    const params =
      typeof networkOrParams === "string" ? { network: networkOrParams } : (networkOrParams ?? {});
    if (params.override !== undefined && Object.keys(params.override).length > 0) return undefined;
    const networkName = params.network ?? this.hre.globalOptions.network ?? DEFAULT_NETWORK;
    const networkConfig = this.hre.config.networks[networkName];
    if (networkConfig === undefined || networkConfig.type !== "edr-simulated") return undefined;
    const chainType = params.chainType ?? networkConfig.chainType ?? this.hre.config.defaultChainType;
    // As Hardhat resolves it without an override: the network's own chain type, or the default
    // one where the network names none; another one needs Hardhat's full resolution.
    if (chainType === networkConfig.chainType) return { networkName, chainType, networkConfig };
    if (networkConfig.chainType !== undefined || chainType !== this.hre.config.defaultChainType)
      return undefined;
    return { networkName, chainType, networkConfig: { ...networkConfig, chainType } };
  }

  private async open(plan: Plan): Promise<NetworkConnection<string>> {
    const { hooks } = this;
    let made: NetworkConnection<string> | undefined;
    try {
      return await hooks.runHandlerChain("network", "newConnection", [], async (_context: HookContext) => {
        made = await this.make(plan);
        return made;
      });
    } catch (error) {
      // Another plugin's handler failed after the devnet opened: nobody will close it.
      if (made !== undefined) await closeDevnet(made).catch(() => undefined);
      throw error;
    }
  }

  /** A connection on a new devnet: Hardhat's hooks run for its requests and its close. */
  private async make(plan: Plan): Promise<NetworkConnection<string>> {
    const { hre, hooks } = this;
    const devnet = await openDevnet(hre, plan.networkConfig);
    const connection: NetworkConnection<string> = {
      id: this.nextId++,
      networkName: plan.networkName,
      networkConfig: plan.networkConfig,
      chainType: plan.chainType,
      provider: new DevnetProvider(
        (request) =>
          hooks.runHandlerChain(
            "network",
            "onRequest",
            [connection, request],
            async (
              _c: HookContext,
              _n: NetworkConnection<string>,
              last: JsonRpcRequest,
            ): Promise<JsonRpcResponse> => await askDevnet(hre.config, devnet, last),
          ),
        hre.versions.hardhat,
      ),
      close: async () =>
        await hooks.runHandlerChain("network", "closeConnection", [connection], async (_c, closing) => {
          await closing.provider.close();
        }),
    };
    attachDevnet(connection, devnet);
    return connection;
  }
}

function wasConnectCalled(manager: NetworkManager): boolean {
  const read = (manager as { wasConnectCalled?: unknown }).wasConnectCalled;
  return typeof read === "function" && read.call(manager) === true;
}
