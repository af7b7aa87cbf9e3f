import type { HookContext, NetworkHooks } from "hardhat/types/hooks";
import type { ChainType, NetworkConnection } from "hardhat/types/network";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";
import { forkOptionsOf } from "../forkOptionsOf.js";
import {
  createDevnet,
  type DevnetHandle,
  type MinedBlock,
  type ReportLocation,
  reportLocation,
  reportMinedBlock,
} from "../pevmDevnet.js";
import { RecordingFolder } from "../RecordingFolder.js";
import { type RecordedTransaction, suiteRecorder } from "../SuiteRecorder.js";
import { captureStack, testFileOfStack } from "../testFileOfStack.js";

/** Requests that may mine: the test file that sent them is the one their blocks are charged to. */
const MINING = new Set([
  "eth_sendTransaction",
  "eth_sendRawTransaction",
  "evm_mine",
  "hardhat_mine",
  "anvil_mine",
]);

/** Hardhat's default simulated network has 20 accounts of the same mnemonic. */
const ACCOUNTS = 20;

interface ConnectionDevnet {
  handle: DevnetHandle;
  /** Which of the suite's connections (0, 1, …): the same address on two chains is two accounts. */
  chain: number;
  /** Off with --no-pevm-report. */
  recording: boolean;
  /** The test file of the request being served, which the blocks it mines are charged to. */
  file: string;
  /** Blocks mined without read and write sets, reported (executed again) one at a time. */
  backlog: Promise<void>;
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
        const recording = context.globalOptions.noPevmReport !== true;
        // The devnet keeps each transaction's read and write sets while it mines: nothing is
        // executed twice. Its workers start only for a block large enough to gain from them.
        // A forking network's devnet forks as configured, under the network's chain id (as EDR).
        const fork = await forkOptionsOf(connection.networkConfig);
        const handle = await createDevnet({
          accounts: ACCOUNTS,
          ...(fork === undefined ? {} : { fork, chainId: BigInt(connection.networkConfig.chainId) }),
          recordAccess: recording,
          ...(pevm.threads === undefined ? {} : { threads: pevm.threads }),
        });
        const devnet: ConnectionDevnet = {
          handle,
          recording,
          chain: chainNumber(chains++),
          file: "(unknown)",
          backlog: Promise.resolve(),
          code: new Map(),
        };
        if (recording) handle.devnet.on("block", (mined) => record(devnet, mined));
        devnets.set(connection, devnet);
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
      if (devnet.recording && MINING.has(request.method)) {
        const testDirs = Object.values(context.config.paths.tests).filter(
          (p): p is string => typeof p === "string",
        );
        devnet.file = testFileOfStack(captureStack(), testDirs, context.config.paths.root) ?? "(unknown)";
      }
      try {
        const result = await devnet.handle.request({
          method: request.method,
          ...(request.params === undefined ? {} : { params: request.params }),
        });
        return { jsonrpc: "2.0", id: request.id, result };
      } catch (error) {
        const { code, message, data } = error as { code?: number; message?: string; data?: unknown };
        return {
          jsonrpc: "2.0",
          id: request.id,
          error: {
            code: code ?? -32603,
            message: message ?? String(error),
            ...(data === undefined ? {} : { data }),
          },
        };
      }
    },

    async closeConnection<ChainTypeT extends ChainType | string>(
      context: HookContext,
      connection: NetworkConnection<ChainTypeT>,
      next: (nextContext: HookContext, nextConnection: NetworkConnection<ChainTypeT>) => Promise<void>,
    ): Promise<void> {
      const devnet = devnets.get(connection);
      if (devnet !== undefined) {
        devnets.delete(connection);
        await devnet.backlog;
        await devnet.handle.close();
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

/**
 * Records a block as it is mined, from the sets the devnet kept. A block it kept none for (a
 * storage wipe, or the parallel engine ended it sequentially) is reported by executing it again.
 */
function record(devnet: ConnectionDevnet, mined: MinedBlock): void {
  if (mined.receipts.length === 0) return;
  const file = devnet.file;
  const { access } = mined;
  if (access !== undefined) {
    recordTransactions(devnet, mined, file, (index) => {
      const sets = access[index];
      return sets === undefined
        ? undefined
        : { reads: sets.reads.map(reportLocation), writes: sets.writes.map(reportLocation) };
    });
    return;
  }
  devnet.backlog = devnet.backlog
    .then(async () => {
      const report = await reportMinedBlock(devnet.handle.devnet, mined, { locations: true });
      recordTransactions(devnet, mined, file, (index) => {
        const tx = report.transactions[index];
        return tx === undefined
          ? undefined
          : { reads: tx.readLocations ?? [], writes: tx.writeLocations ?? [] };
      });
    })
    .catch(() => {
      suiteRecorder.missed += mined.receipts.length;
    });
  suiteRecorder.track(devnet.backlog);
}

function recordTransactions(
  devnet: ConnectionDevnet,
  mined: MinedBlock,
  file: string,
  setsOf: (index: number) => { reads: ReportLocation[]; writes: ReportLocation[] } | undefined,
): void {
  const feeRecipient = mined.block.header.coinbase.toString();
  mined.receipts.forEach((receipt, index) => {
    const sets = setsOf(index);
    const tx = mined.block.transactions[index];
    if (sets === undefined || tx === undefined) {
      suiteRecorder.missed++;
      return;
    }
    const createdAddress = receipt.contractAddress?.toLowerCase() ?? null;
    const to = receipt.to?.toLowerCase() ?? null;
    const recorded: RecordedTransaction = {
      file,
      chain: devnet.chain,
      hash: receipt.transactionHash,
      from: receipt.from.toLowerCase(),
      to,
      input: `0x${Buffer.from(tx.data).toString("hex")}`,
      createdAddress,
      code: codeOf(devnet, createdAddress ?? to),
      gas: Number(receipt.gasUsed),
      // The fee recipient's account is touched by every transaction (its credit is lazy, and
      // buildBlockReport treats its balance as such); its nonce and code are not really read.
      reads: withoutFeeRecipientTouch(sets.reads, feeRecipient),
      writes: withoutFeeRecipientTouch(sets.writes, feeRecipient),
    };
    suiteRecorder.record(recorded);
  });
}

/** Runtime code of the contract called or created, as the chain holds it now ("0x" for none). */
function codeOf(devnet: ConnectionDevnet, address: string | null): string {
  if (address === null) return "0x";
  let code = devnet.code.get(address);
  if (code === undefined) {
    code = `0x${Buffer.from(devnet.handle.devnet.world.getCode(address)).toString("hex")}`;
    devnet.code.set(address, code);
  }
  return code;
}

function withoutFeeRecipientTouch(locations: ReportLocation[], feeRecipient: string): ReportLocation[] {
  return locations.filter((l) => l.address !== feeRecipient || l.kind === "balance");
}
