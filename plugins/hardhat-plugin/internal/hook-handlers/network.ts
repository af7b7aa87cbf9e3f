import type { HookContext, NetworkHooks } from "hardhat/types/hooks";
import type { ChainType, NetworkConnection } from "hardhat/types/network";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";
import { askDevnet, attachDevnet, closeDevnet, devnetOf, openDevnet } from "../devnetConnections.js";

/**
 * Connections to Hardhat's simulated network run on a devnet. The plugin makes most of them
 * itself, with a devnet already (DevnetNetworkManager); one that Hardhat made (a config override)
 * gets its devnet here, and its requests go to the devnet instead of EDR.
 */
export default async (): Promise<Partial<NetworkHooks>> => ({
  async newConnection<ChainTypeT extends ChainType | string>(
    context: HookContext,
    next: (nextContext: HookContext) => Promise<NetworkConnection<ChainTypeT>>,
  ) {
    const connection = await next(context);
    const network = connection.networkConfig;
    if (
      context.config.pevm.enabled &&
      network.type === "edr-simulated" &&
      devnetOf(connection) === undefined
    ) {
      attachDevnet(connection, await openDevnet(context, network));
    }
    return connection;
  },

  async onRequest<ChainTypeT extends ChainType | string>(
    context: HookContext,
    connection: NetworkConnection<ChainTypeT>,
    request: JsonRpcRequest,
    next: (
      nextContext: HookContext,
      nextConnection: NetworkConnection<ChainTypeT>,
      nextRequest: JsonRpcRequest,
    ) => Promise<JsonRpcResponse>,
  ): Promise<JsonRpcResponse> {
    const devnet = devnetOf(connection);
    if (devnet === undefined) return await next(context, connection, request);
    return await askDevnet(context.config, devnet, request);
  },

  async closeConnection<ChainTypeT extends ChainType | string>(
    context: HookContext,
    connection: NetworkConnection<ChainTypeT>,
    next: (nextContext: HookContext, nextConnection: NetworkConnection<ChainTypeT>) => Promise<void>,
  ): Promise<void> {
    await closeDevnet(connection);
    await next(context, connection);
  },
});
