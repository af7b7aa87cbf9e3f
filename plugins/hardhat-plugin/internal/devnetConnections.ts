/**
 * Which of the process's network connections run on a devnet of the plugin's devnet thread, and
 * what they ask it. A connection gets its devnet when it is made: one the plugin makes itself
 * (DevnetNetworkManager) or one Hardhat made on its simulated network (the network hook).
 */
import type { HardhatConfig, NetworkConfig } from "hardhat/types/config";
import type { GlobalOptions } from "hardhat/types/global-options";
import type { JsonRpcRequest, JsonRpcResponse } from "hardhat/types/providers";
import { forkOptionsOf } from "./forkOptionsOf.js";
import { ReceiptAhead } from "./ReceiptAhead.js";
import { RecordingFolder } from "./RecordingFolder.js";
import { testFileOfCallers } from "./testFileOfCallers.js";
import { DevnetThread } from "./thread/DevnetThread.js";
import { HARDHAT_ACCOUNTS } from "./thread/messages.js";

/** Requests that may mine: the test file that sent them is the one their blocks are charged to. */
const MINING = new Set([
  "eth_sendTransaction",
  "eth_sendRawTransaction",
  "evm_mine",
  "hardhat_mine",
  "anvil_mine",
]);

/** A connection's devnet on the plugin's thread, as the main thread holds it. */
export interface AttachedDevnet {
  thread: DevnetThread;
  /** The devnet's number on the thread. */
  devnet: number;
  /** Off with --no-pevm-report. */
  recording: boolean;
  receipts: ReceiptAhead;
}

const devnets = new WeakMap<object, AttachedDevnet>();
let chains = 0;

/** What a connection's devnet is made from: the resolved config and the run's options. */
export interface DevnetSetting {
  config: HardhatConfig;
  globalOptions: GlobalOptions;
}

/** Opens a devnet for a connection to `network` (an `edr-simulated` one). */
export async function openDevnet(
  { config, globalOptions }: DevnetSetting,
  network: NetworkConfig & { type: "edr-simulated" },
): Promise<AttachedDevnet> {
  const recording = globalOptions.noPevmReport !== true;
  // A forking network's devnet forks as configured, under the network's chain id (as EDR).
  const fork = await forkOptionsOf(network);
  const thread = DevnetThread.shared();
  const opened = await thread.call({
    kind: "open",
    chain: chainNumber(chains++),
    accounts: HARDHAT_ACCOUNTS,
    recording,
    ...(fork === undefined ? {} : { fork, chainId: BigInt(network.chainId) }),
    ...(config.pevm.threads === undefined ? {} : { threads: config.pevm.threads }),
  });
  if (opened.error !== undefined) throw new Error(`pevm-devnet: ${opened.error.message}`);
  return { thread, devnet: opened.result as number, recording, receipts: new ReceiptAhead() };
}

export function attachDevnet(connection: object, devnet: AttachedDevnet): void {
  devnets.set(connection, devnet);
}

export function devnetOf(connection: object): AttachedDevnet | undefined {
  return devnets.get(connection);
}

/** Closes the connection's devnet, if it has one. */
export async function closeDevnet(connection: object): Promise<void> {
  const devnet = devnets.get(connection);
  if (devnet === undefined) return;
  devnets.delete(connection);
  await devnet.thread.call({ kind: "close", devnet: devnet.devnet });
}

/** The devnet's answer to `request`; a mining request is charged to the test file that sent it. */
export async function askDevnet(
  config: HardhatConfig,
  devnet: AttachedDevnet,
  request: JsonRpcRequest,
): Promise<JsonRpcResponse> {
  const ahead = devnet.receipts.take(request);
  if (ahead.receipt !== undefined) return { jsonrpc: "2.0", id: request.id, result: ahead.receipt };
  let file: string | undefined;
  if (devnet.recording && MINING.has(request.method)) {
    const testDirs = Object.values(config.paths.tests).filter((p): p is string => typeof p === "string");
    file = testFileOfCallers(testDirs, config.paths.root) ?? "(unknown)";
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
}

/**
 * The `n`th connection's chain number; in a test worker process, one no other process uses (its
 * process id above the count), since the processes' recordings end up in one report.
 */
function chainNumber(n: number): number {
  return RecordingFolder.ofChild() === undefined ? n : (process.pid % 2 ** 20) * 4096 + (n % 4096);
}
