/**
 * What the dev-method tests share: a devnet with every method over real HTTP (see
 * test/support/devnetServer.ts) and a JSON-RPC client that also reads the latest block.
 */
import { Rpc as BaseRpc, type DevnetServer, startDevnetServer } from "../../../support/devnetServer.js";

export type { RpcError } from "../../../support/devnetServer.js";
export type DevTestServer = DevnetServer;

/** A devnet (sequential execution unless told otherwise) on a free port. */
export const startDevServer = startDevnetServer;

/** The shared client, plus the latest block. */
export class Rpc extends BaseRpc {
  /** The latest block (timestamps, miners, fees...). */
  latest(): Promise<RpcBlock> {
    return this.call<RpcBlock>("eth_getBlockByNumber", "latest", false);
  }
}

export interface RpcBlock {
  number: string;
  hash: string;
  timestamp: string;
  miner: string;
  gasLimit: string;
  baseFeePerGas?: string;
  mixHash: string;
  transactions: string[];
}
