/**
 * Worker thread of machineCeiling.ts: holds its own copy of a block and its pre-state (sent, or
 * loaded from a real block's fixture), and runs it with the sequential executor whenever asked,
 * replying with the milliseconds it took.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createBlockHeaderFromRLP } from "@ethereumjs/block";
import { createTxFromRLP } from "@ethereumjs/tx";
import { Address, hexToBytes } from "@ethereumjs/util";
import { loadBlockFixture } from "../dist/cli/replay/blockFixture.js";
import { inputOf as fixtureInput } from "../dist/cli/replay/timeBlocks.js";
import { claimSender } from "../dist/execution/internals/claimSender.js";
import { createExecutionContext, executeBlockSequential } from "../dist/execution/sequentialExecutor.js";
import type { BlockInput } from "../dist/execution/types.js";
import type { BlockChange } from "../dist/state/JournaledState.js";
import { WorldState } from "../dist/state/WorldState.js";
import { WARM_UP_RUNS } from "./options.ts";
import { createBenchCommon } from "./signing.ts";

/** A bench block (its pre-state as changes, raw header and transactions) or a real block's fixture. */
export type CeilingBlock =
  | {
      state: BlockChange[];
      header: Uint8Array;
      transactions: Uint8Array[];
      senders: string[];
    }
  | { fixture: string };

if (parentPort === null) throw new Error("machineCeilingWorker.ts runs as a worker thread");
const port = parentPort;
const input = await inputOf(workerData as CeilingBlock);
const context = await createExecutionContext(input.header.common);
for (let r = 0; r < WARM_UP_RUNS; r++) await executeBlockSequential(input, context);
port.on("message", async () => {
  const started = performance.now();
  await executeBlockSequential(input, context);
  port.postMessage(performance.now() - started);
});
port.postMessage("ready");

async function inputOf(block: CeilingBlock): Promise<BlockInput> {
  if ("fixture" in block) return fixtureInput(await loadBlockFixture(block.fixture));
  const common = createBenchCommon();
  const world = new WorldState({ history: false });
  world.applyBlock(block.state);
  const header = createBlockHeaderFromRLP(block.header, { common, skipConsensusFormatValidation: true });
  const transactions = block.transactions.map((raw, i) => {
    const tx = createTxFromRLP(raw, { common, freeze: false });
    claimSender(tx, new Address(hexToBytes(block.senders[i] as `0x${string}`)));
    return tx;
  });
  return { header, transactions, preState: world };
}
