/**
 * What the debug-method tests share: a devnet with every method over real HTTP (see
 * test/support/devnetServer.ts) and a small JSON-RPC client.
 */
import { type DevnetServer, startDevnetServer } from "../../../support/devnetServer.js";

export { Rpc, type RpcError } from "../../../support/devnetServer.js";
export type DebugTestServer = DevnetServer;

/** A devnet (sequential execution unless told otherwise) on a free port. */
export const startDebugServer = startDevnetServer;
