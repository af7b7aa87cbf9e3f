/**
 * A worker thread of the parallel engine. It keeps a replica of the pre-block state and a mirror
 * of the block's multi-version memory, and executes the transactions the coordinator hands it,
 * in order, each over a VersionedState; its own results enter its mirror at once so that a
 * chunk of dependent transactions executes correctly in one go.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type Block, Block as BlockClass, createBlockHeaderFromRLP } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { TypedTransaction } from "@ethereumjs/tx";
import { Address, hexToBytes } from "@ethereumjs/util";
import { provideKzg } from "../crypto/kzg.js";
import { nativeCustomCrypto } from "../crypto/nativeCrypto.js";
import { decodeTransaction } from "../execution/decodeTransaction.js";
import { cacheCalldataGas } from "../execution/internals/calldataGas.js";
import { claimSender } from "../execution/internals/claimSender.js";
import { createSharedCommon } from "../execution/SharedCommon.js";
import { createExecutionContext } from "../execution/sequentialExecutor.js";
import { WorldState } from "../state/WorldState.js";
import { AnswerCount } from "./AnswerSignal.js";
import { executeIncarnation, type IncarnationContext, trackEvmPhase } from "./executeIncarnation.js";
import { MultiVersionMemory } from "./MultiVersionMemory.js";
import type { FromWorker, MvOp, TaskTransactions, ToWorker, WorkerResult } from "./messages.js";
import { OutcomeWriter } from "./outcomeCodec.js";
import { packedTransaction } from "./PackedTransactions.js";
import { VersionedState } from "./VersionedState.js";
import { warmUpIncarnations } from "./warmUpIncarnations.js";

if (parentPort === null) throw new Error("worker.ts runs as a worker thread");
const parent = parentPort;
const answers = new AnswerCount((workerData as { answers: SharedArrayBuffer }).answers);
/** Every message to the coordinator goes this way, counted once posted (see AnswerSignal). */
const port = {
  postMessage(message: FromWorker, transfer?: ArrayBuffer[]): void {
    parent.postMessage(message, transfer);
    answers.bump();
  },
};

let replica = new WorldState({ history: false });
const mv = new MultiVersionMemory();
const contexts = new Map<string, IncarnationContext>();
/** A block arrived: the synthetic warm-up, if still running, gives the thread up. */
let blockSeen = false;
/** The synthetic warm-up: not begun, running, or over (it runs once per worker). */
let warmUp: "not begun" | "running" | "over" = "not begun";
let current:
  | {
      run: number;
      ctx: IncarnationContext;
      block: Block;
      raw: (Uint8Array | undefined)[];
      senders: (string | null)[];
      lazySenders: Uint8Array;
    }
  | undefined;

/**
 * The execution context for a chain, made once. With KZG always: a call into the point-evaluation
 * precompile must run here as on the coordinator, which has it too.
 */
async function contextFor(chainId: bigint, hardfork: string): Promise<IncarnationContext> {
  const key = `${chainId}:${hardfork}`;
  let ctx = contexts.get(key);
  if (ctx === undefined) {
    const customCrypto = nativeCustomCrypto();
    await provideKzg(customCrypto);
    const common: Common = createSharedCommon(chainId, { hardfork, customCrypto });
    const execution = await createExecutionContext(common);
    const versioned = new VersionedState(mv, replica, "");
    trackEvmPhase(execution, versioned);
    ctx = { execution, versioned };
    contexts.set(key, ctx);
  }
  return ctx;
}

/**
 * Transaction `index`, decoded for each execution rather than kept for the block: kept, a
 * block's worth of decoded transactions outlived the young generation and every scavenge copied
 * them, while decoding again costs ~3 µs (and re-executions are few).
 */
function transaction(index: number): TypedTransaction {
  const block = current as NonNullable<typeof current>;
  const sender = block.senders[index];
  const raw = block.raw[index];
  if (raw === undefined) throw new Error(`transaction ${index} was not sent to this worker`);
  // A transaction whose sender we are told is not frozen, so it can claim that sender.
  const tx = decodeTransaction(raw, block.block.common, sender === null);
  cacheCalldataGas(tx);
  if (sender === null) {
    // Recovered once: a re-execution decodes the transaction again and claims it. One that
    // cannot be recovered stays unknown: runTx refuses it, as the sequential executor does.
    try {
      block.senders[index] = tx.getSenderAddress().toString();
    } catch {}
  } else if (sender !== undefined) {
    claimSender(tx, new Address(hexToBytes(sender as `0x${string}`)));
  }
  return tx;
}

function receive({ indices, raw, senders, lazySenders }: TaskTransactions): void {
  const block = current as NonNullable<typeof current>;
  for (const index of lazySenders) block.lazySenders[index] = 1;
  indices.forEach((index, k) => {
    block.raw[index] = packedTransaction(raw, k);
    block.senders[index] = senders[k] as string | null;
  });
}

function applyOps(ops: MvOp[]): void {
  for (const op of ops) {
    if (op[0] === "w") mv.record(op[1], op[2], op[3]);
    else if (op[0] === "e") mv.markEstimates(op[1]);
    else mv.install(op[1], op[2]);
  }
}

async function handle(message: ToWorker): Promise<void> {
  switch (message.type) {
    case "state-reset":
      replica = new WorldState({ history: false, lazy: message.lazy });
      replica.applyBlock(message.changes);
      for (const ctx of contexts.values()) ctx.versioned.pre = replica;
      return;
    case "state-apply":
      for (const changes of message.changes) replica.applyBlock(changes);
      return;
    case "settle":
      port.postMessage({ type: "settled" } satisfies FromWorker);
      return;
    case "prepare": {
      const ctx = await contextFor(message.chainId, message.hardfork);
      if (warmUp === "running") return; // its end says "warm"
      if (message.warmUpMs === undefined || blockSeen || warmUp === "over") {
        port.postMessage({ type: "warm" } satisfies FromWorker);
        return;
      }
      warmUp = "running";
      const { activity } = message;
      // Beside the message queue, in slices: the next message waits for one slice at most.
      void warmUpIncarnations(ctx.execution.vm.common, {
        budgetMs: message.warmUpMs,
        stopped: () => blockSeen,
        ...(activity === undefined ? {} : { busy: activityWatch(activity) }),
      })
        .catch(() => undefined)
        .finally(() => {
          warmUp = "over";
          port.postMessage({ type: "warm" } satisfies FromWorker);
        });
      return;
    }
    case "block": {
      const ctx = await contextFor(message.chainId, message.hardfork);
      const common = ctx.execution.vm.common;
      const header = createBlockHeaderFromRLP(message.header, {
        common,
        skipConsensusFormatValidation: true,
      });
      const hashes = new Map(message.blockHashes);
      ctx.execution.blockHashes.lookup = (number) => hashes.get(number);
      ctx.execution.state.allowSendersWithCode = message.allowSendersWithCode;
      ctx.versioned.pre = replica;
      ctx.versioned.coinbase = header.coinbase.toString();
      mv.clear();
      current = {
        run: message.run,
        ctx,
        block: new BlockClass(header),
        raw: new Array(message.count),
        senders: new Array(message.count),
        lazySenders: new Uint8Array(message.count),
      };
      return;
    }
    case "sync": {
      applyOps(message.ops);
      if (message.task === undefined || current === undefined) return;
      if (message.transactions !== undefined) receive(message.transactions);
      const results: WorkerResult[] = [];
      const outcomes = new OutcomeWriter();
      let blocked = false;
      for (const [tx, incarnation] of message.task) {
        if (blocked) {
          results.push({ kind: "skipped", tx, incarnation });
          continue;
        }
        const result = await executeIncarnation(
          current.ctx,
          current.block,
          transaction(tx),
          tx,
          incarnation,
          {
            lazySender: current.lazySenders[tx] === 1,
            sender: current.senders[tx] ?? undefined,
            lazyContracts: true,
          },
        );
        if (result.kind === "done") {
          mv.record(tx, incarnation, result.writes);
          results.push({ ...result, outcome: outcomes.add(result.outcome) });
        } else {
          blocked = true;
          results.push(result);
        }
      }
      const encoded = outcomes.finish();
      port.postMessage(
        { type: "results", run: current.run, results, outcomes: encoded } satisfies FromWorker,
        [encoded.buffer],
      );
      return;
    }
  }
}

/**
 * Whether the coordinator's thread has work (see ParallelExecutor.noteActivity): some in hand now,
 * or its count moved since the last call.
 */
function activityWatch(activity: Int32Array): () => boolean {
  let seen = Atomics.load(activity, 0);
  return () => {
    const now = Atomics.load(activity, 0);
    const moved = now !== seen;
    seen = now;
    return moved || Atomics.load(activity, 1) > 0;
  };
}

// Messages are handled strictly one after another: a block's set-up must finish before its tasks.
let queue: Promise<void> = Promise.resolve();
parent.on("message", (message: ToWorker) => {
  if (message.type === "block") blockSeen = true;
  queue = queue
    .then(() => handle(message))
    .catch((error: unknown) => {
      port.postMessage({
        type: "failed",
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies FromWorker);
    });
});
