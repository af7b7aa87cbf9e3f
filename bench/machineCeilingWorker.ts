/**
 * Worker thread of machineCeiling.ts: holds its own copy of a block and its pre-state, and runs
 * it with the sequential executor whenever asked, replying with the milliseconds it took.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createBlockHeaderFromRLP } from "@ethereumjs/block";
import { createTxFromRLP } from "@ethereumjs/tx";
import { Address, hexToBytes } from "@ethereumjs/util";
import { claimSender } from "../dist/execution/internals/claimSender.js";
import { createExecutionContext, executeBlockSequential } from "../dist/execution/sequentialExecutor.js";
import type { BlockChange } from "../dist/state/JournaledState.js";
import { WorldState } from "../dist/state/WorldState.js";
import { WARM_UP_RUNS } from "./options.ts";
import { createBenchCommon } from "./signing.ts";

export type CeilingBlock = {
  state: BlockChange[];
  header: Uint8Array;
  transactions: Uint8Array[];
  senders: string[];
};

if (parentPort === null) throw new Error("machineCeilingWorker.ts runs as a worker thread");
const port = parentPort;
const block = workerData as CeilingBlock;
const common = createBenchCommon();
const world = new WorldState({ history: false });
world.applyBlock(block.state);
const header = createBlockHeaderFromRLP(block.header, { common, skipConsensusFormatValidation: true });
const transactions = block.transactions.map((raw, i) => {
  const tx = createTxFromRLP(raw, { common, freeze: false });
  claimSender(tx, new Address(hexToBytes(block.senders[i] as `0x${string}`)));
  return tx;
});
const context = await createExecutionContext(common);
const input = { header, transactions, preState: world };
for (let r = 0; r < WARM_UP_RUNS; r++) await executeBlockSequential(input, context);
port.on("message", async () => {
  const started = performance.now();
  await executeBlockSequential(input, context);
  port.postMessage(performance.now() - started);
});
port.postMessage("ready");
