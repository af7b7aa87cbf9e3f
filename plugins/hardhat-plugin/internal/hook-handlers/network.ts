import type { HookContext, NetworkHooks } from "hardhat/types/hooks";
import type { ChainType, NetworkConnection } from "hardhat/types/network";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";
import { forkOptionsOf } from "../forkOptionsOf.js";
import { ReceiptAhead } from "../ReceiptAhead.js";
import { RecordingFolder } from "../RecordingFolder.js";
import { testFileOfCallers } from "../testFileOfCallers.js";
import { DevnetThread } from "../thread/DevnetThread.js";
import { HARDHAT_ACCOUNTS } from "../thread/messages.js";

/** Requests that may mine: the test file that sent them is the one their blocks are charged to. */
const MINING = new Set([
  "eth_sendTransaction",
  "eth_sendRawTransaction",
  "evm_mine",
  "hardhat_mine",
  "anvil_mine",
]);

interface ConnectionDevnet {
  thread: DevnetThread;
  /** The devnet's number on the thread. */
  devnet: number;
  /** Off with --no-pevm-report. */
  recording: boolean;
  receipts: ReceiptAhead;
}

export default async (): Promise<Partial<NetworkHooks>> => {
  const devnets = new WeakMap<NetworkConnection<ChainType | string>, ConnectionDevnet>();
  let chains = 0;

  return {
    async newConnection<ChainTypeT extends ChainType | string>(
      context: HookContext,
      next: (nextContext: HookContext) => Promise<NetworkConnection<ChainTypeT>>,
    ) {
      const connection = await next(context);
      const { pevm } = context.config;
      if (pevm.enabled && connection.networkConfig.type === "edr-simulated") {
        const recording = context.globalOptions.noPevmReport !== true;
        // A forking network's devnet forks as configured, under the network's chain id (as EDR).
        const fork = await forkOptionsOf(connection.networkConfig);
        const thread = DevnetThread.shared();
        const opened = await thread.call({
          kind: "open",
          chain: chainNumber(chains++),
          accounts: HARDHAT_ACCOUNTS,
          recording,
          ...(fork === undefined ? {} : { fork, chainId: BigInt(connection.networkConfig.chainId) }),
          ...(pevm.threads === undefined ? {} : { threads: pevm.threads }),
        });
        if (opened.error !== undefined) throw new Error(`pevm-devnet: ${opened.error.message}`);
        devnets.set(connection, {
          thread,
          devnet: opened.result as number,
          recording,
          receipts: new ReceiptAhead(),
        });
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
      const devnet = devnets.get(connection);
      if (devnet === undefined) return await next(context, connection, request);
      const ahead = devnet.receipts.take(request);
      if (ahead.receipt !== undefined) return { jsonrpc: "2.0", id: request.id, result: ahead.receipt };
      let file: string | undefined;
      if (devnet.recording && MINING.has(request.method)) {
        const testDirs = Object.values(context.config.paths.tests).filter(
          (p): p is string => typeof p === "string",
        );
        file = testFileOfCallers(testDirs, context.config.paths.root) ?? "(unknown)";
      }
      const answer = await devnet.thread.call({
        kind: "request",
        devnet: devnet.devnet,
        method: request.method,
        ...(request.params === undefined ? {} : { params: request.params }),
        ...(file === undefined ? {} : { file }),
      });
      if (answer.receipt !== undefined && typeof answer.result === "string") {
        devnet.receipts.remember(ahead.token, answer.result, answer.receipt);
      }
      return answer.error === undefined
        ? { jsonrpc: "2.0", id: request.id, result: answer.result }
        : { jsonrpc: "2.0", id: request.id, error: answer.error };
    },

    async closeConnection<ChainTypeT extends ChainType | string>(
      context: HookContext,
      connection: NetworkConnection<ChainTypeT>,
      next: (nextContext: HookContext, nextConnection: NetworkConnection<ChainTypeT>) => Promise<void>,
    ): Promise<void> {
      const devnet = devnets.get(connection);
      if (devnet !== undefined) {
        devnets.delete(connection);
        await devnet.thread.call({ kind: "close", devnet: devnet.devnet });
      }
      await next(context, connection);
    },
  };
};

/**
 * The `n`th connection's chain number; in a test worker process, one no other process uses (its
 * process id above the count), since the processes' recordings end up in one report.
 */
function chainNumber(n: number): number {
  return RecordingFolder.ofChild() === undefined ? n : (process.pid % 2 ** 20) * 4096 + (n % 4096);
}
