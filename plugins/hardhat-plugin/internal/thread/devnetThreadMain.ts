/**
 * The devnet thread: every connection's devnet of this process runs here, off the thread that
 * runs the tests. There, node:test's async hook tracks every promise (an EVM step awaits one),
 * which doubled the cost of each transaction; and loading the devnet's modules here overlaps
 * with Hardhat's own start.
 */
import { parentPort } from "node:worker_threads";
import { buildReportPage } from "../buildReportPage.js";
import { buildSuiteReport } from "../buildSuiteReport.js";
import { ContractCatalog } from "../ContractCatalog.js";
import { renderReportHtml } from "../pevmDevnet.js";
import { RecordingFolder } from "../RecordingFolder.js";
import { SuiteRecorder } from "../SuiteRecorder.js";
import { ConnectionDevnet } from "./ConnectionDevnet.js";
import { type BuiltReport, HARDHAT_ACCOUNTS, type ThreadAnswer, type ThreadCall } from "./messages.js";
import { warmUpEvm } from "./warmUpEvm.js";
import { warmUpReport } from "./warmUpReport.js";

const port = parentPort;
if (port === null) throw new Error("devnetThreadMain runs as a worker thread");

/**
 * A first devnet made, run through a test's kind of transactions (warmUpEvm) and closed while
 * Hardhat starts: the dev accounts' keys are derived once per process, the first devnet pays for
 * what every later one reuses, and the EVM's code is compiled before the first test runs it.
 * What it recorded then warms the report's code (warmUpReport), until the first connection opens.
 */
let testsStarted = false;
const warmUpRecorder = new SuiteRecorder();
const warmUp = ConnectionDevnet.open({ chain: 0, accounts: HARDHAT_ACCOUNTS, recorder: warmUpRecorder })
  .then(async (devnet) => {
    await warmUpEvm(devnet).catch(() => undefined);
    await devnet.handle.close();
    void warmUpReport(warmUpRecorder.transactions, () => testsStarted).catch(() => undefined);
  })
  .catch(() => undefined);

/**
 * The suite's recording. The thread's copy of the environment says whether this process is a
 * test worker process, whose recordings go to the folder instead.
 */
const recorder = new SuiteRecorder(RecordingFolder.ofChild());
const devnets = new Map<number, ConnectionDevnet>();
let nextDevnet = 1;

port.on("message", (call: ThreadCall) => {
  void answer(call).then((message) => port.postMessage(message));
});

async function answer(call: ThreadCall): Promise<ThreadAnswer> {
  try {
    switch (call.kind) {
      case "open": {
        testsStarted = true;
        await warmUp;
        const { recording, ...options } = call;
        const devnet = await ConnectionDevnet.open({ ...options, ...(recording ? { recorder } : {}) });
        const id = nextDevnet++;
        devnets.set(id, devnet);
        return { id: call.id, result: id };
      }
      case "request": {
        const devnet = devnets.get(call.devnet);
        if (devnet === undefined) throw new Error(`no devnet ${call.devnet}`);
        if (call.file !== undefined) devnet.file = call.file;
        try {
          const result = await devnet.handle.request({
            method: call.method,
            ...(call.params === undefined ? {} : { params: call.params }),
          });
          const receipt = SENDS.has(call.method) ? await receiptOf(devnet, result) : undefined;
          return { id: call.id, result, ...(receipt === undefined ? {} : { receipt }) };
        } catch (error) {
          return { id: call.id, error: rpcError(error) };
        }
      }
      case "close": {
        const devnet = devnets.get(call.devnet);
        devnets.delete(call.devnet);
        if (devnet !== undefined) {
          await devnet.backlog;
          await devnet.handle.close();
        }
        return { id: call.id };
      }
      case "startRun": {
        recorder.clear();
        return { id: call.id };
      }
      case "report": {
        for (const devnet of devnets.values()) await devnet.backlog;
        const transactions = [...recorder.transactions, ...call.fromWorkers];
        const { blockGasLimit } = call;
        const catalog = await ContractCatalog.fromBuildInfoOutputs(call.buildInfoOutputs);
        const built: BuiltReport = {
          report: buildSuiteReport(transactions, catalog, blockGasLimit),
          html: renderReportHtml(buildReportPage(transactions, catalog, blockGasLimit)),
          missed: recorder.missed + call.unreadable,
        };
        return { id: call.id, result: built };
      }
    }
  } catch (error) {
    return { id: call.id, error: rpcError(error) };
  }
}

/** Requests whose answer is a transaction's hash, mined at once with automine. */
const SENDS = new Set(["eth_sendTransaction", "eth_sendRawTransaction"]);

/** The receipt of the transaction `hash` if it is mined (automine), else undefined. */
async function receiptOf(devnet: ConnectionDevnet, hash: unknown): Promise<unknown> {
  if (typeof hash !== "string") return undefined;
  const receipt = await devnet.handle.request({ method: "eth_getTransactionReceipt", params: [hash] });
  return receipt ?? undefined;
}

function rpcError(error: unknown): { code: number; message: string; data?: unknown } {
  const { code, message, data } = error as { code?: number; message?: string; data?: unknown };
  return {
    code: code ?? -32603,
    message: message ?? String(error),
    ...(data === undefined ? {} : { data }),
  };
}
