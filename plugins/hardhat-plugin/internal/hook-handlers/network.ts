import type { HookContext, NetworkHooks } from "hardhat/types/hooks";
import type { ChainType, NetworkConnection } from "hardhat/types/network";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";

import { createDevnet, type DevnetHandle, type ReportLocation, type TxReport } from "../pevmDevnet.js";
import { suiteRecorder } from "../SuiteRecorder.js";
import { captureStack, testFileOfStack } from "../testFileOfStack.js";

/** Requests after which the chain may have new blocks, or fewer (a revert). */
const CHAIN_CHANGING = new Set([
  "eth_sendTransaction",
  "eth_sendRawTransaction",
  "evm_mine",
  "hardhat_mine",
  "anvil_mine",
  "evm_revert",
  "anvil_revert",
  "hardhat_reset",
  "anvil_reset",
]);

/** Hardhat's default simulated network has 20 accounts of the same mnemonic. */
const ACCOUNTS = 20;

interface ConnectionDevnet {
  handle: DevnetHandle;
  /** The highest block already recorded. */
  recordedUpTo: number;
  /** Block reading runs one at a time, in request order. */
  queue: Promise<void>;
  /** Which of the suite's connections (0, 1, …): the same address on two chains is two accounts. */
  chain: number;
  feeRecipient: string;
  /** Runtime code of the contracts this connection's transactions touched. */
  code: Map<string, string>;
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
        const handle = await createDevnet({
          accounts: ACCOUNTS,
          ...(pevm.threads === undefined ? {} : { threads: pevm.threads }),
        });
        const feeRecipient = ((await handle.request({ method: "eth_coinbase" })) as string).toLowerCase();
        const chain = chains++;
        devnets.set(connection, {
          handle,
          recordedUpTo: 0,
          queue: Promise.resolve(),
          chain,
          feeRecipient,
          code: new Map(),
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
      const stack = CHAIN_CHANGING.has(request.method) ? captureStack() : "";

      let response: JsonRpcResponse;
      try {
        const result = await devnet.handle.request({
          method: request.method,
          ...(request.params === undefined ? {} : { params: request.params }),
        });
        response = { jsonrpc: "2.0", id: request.id, result };
      } catch (error) {
        const { code, message, data } = error as { code?: number; message?: string; data?: unknown };
        response = {
          jsonrpc: "2.0",
          id: request.id,
          error: {
            code: code ?? -32603,
            message: message ?? String(error),
            ...(data === undefined ? {} : { data }),
          },
        };
      }

      if (CHAIN_CHANGING.has(request.method)) {
        const testDirs = Object.values(context.config.paths.tests).filter(
          (p): p is string => typeof p === "string",
        );
        const file = testFileOfStack(stack, testDirs, context.config.paths.root) ?? "(unknown)";
        const reading = devnet.queue.then(() => recordNewBlocks(devnet, file));
        devnet.queue = reading.catch(() => {});
        // Before answering: a fixture may revert the chain right after, discarding the block.
        await devnet.queue;
      }
      return response;
    },

    async closeConnection<ChainTypeT extends ChainType | string>(
      context: HookContext,
      connection: NetworkConnection<ChainTypeT>,
      next: (nextContext: HookContext, nextConnection: NetworkConnection<ChainTypeT>) => Promise<void>,
    ): Promise<void> {
      const devnet = devnets.get(connection);
      if (devnet !== undefined) {
        devnets.delete(connection);
        await devnet.queue;
        await devnet.handle.close();
      }
      await next(context, connection);
    },
  };
};

interface RpcTransaction {
  hash: string;
  from: string;
  to: string | null;
  input: string;
}

async function recordNewBlocks(devnet: ConnectionDevnet, file: string): Promise<void> {
  const { handle } = devnet;
  const head = Number(await handle.request({ method: "eth_blockNumber" }));
  // A revert (or reset) went back: the recorded blocks past the head were real executions of the
  // suite all the same, so they stay recorded; new blocks count from the head.
  if (head <= devnet.recordedUpTo) {
    devnet.recordedUpTo = head;
    return;
  }
  for (let number = devnet.recordedUpTo + 1; number <= head; number++) {
    const tag = `0x${number.toString(16)}`;
    const block = (await handle.request({ method: "eth_getBlockByNumber", params: [tag, true] })) as {
      transactions: RpcTransaction[];
    };
    if (block.transactions.length === 0) continue;
    const report = (await handle.request({
      method: "pevm_getBlockReport",
      params: [tag, { locations: true }],
    })) as { transactions: TxReport[] };
    for (const tx of block.transactions) {
      const txReport = report.transactions.find((t) => t.hash === tx.hash);
      if (txReport === undefined) {
        suiteRecorder.missed++;
        continue;
      }
      const receipt = (await handle.request({ method: "eth_getTransactionReceipt", params: [tx.hash] })) as {
        contractAddress: string | null;
      };
      const createdAddress = receipt.contractAddress?.toLowerCase() ?? null;
      const contract = createdAddress ?? tx.to?.toLowerCase() ?? null;
      let code = contract === null ? undefined : devnet.code.get(contract);
      if (contract !== null && code === undefined) {
        code = (await handle.request({ method: "eth_getCode", params: [contract, tag] })) as string;
        devnet.code.set(contract, code);
      }
      suiteRecorder.record({
        file,
        chain: devnet.chain,
        hash: tx.hash,
        from: tx.from.toLowerCase(),
        to: tx.to?.toLowerCase() ?? null,
        input: tx.input,
        createdAddress,
        code: code ?? "0x",
        gas: txReport.gas,
        // The fee recipient's account is touched by every transaction (its credit is lazy, and
        // buildBlockReport treats its balance as such); its nonce and code are not really read.
        reads: withoutFeeRecipientTouch(txReport.readLocations ?? [], devnet.feeRecipient),
        writes: withoutFeeRecipientTouch(txReport.writeLocations ?? [], devnet.feeRecipient),
      });
    }
  }
  devnet.recordedUpTo = head;
}

function withoutFeeRecipientTouch(locations: ReportLocation[], feeRecipient: string): ReportLocation[] {
  return locations.filter((l) => l.address !== feeRecipient || l.kind === "balance");
}
