/**
 * Synthetic work that compiles a worker's hot paths before its first block. The engine is
 * JavaScript: until V8 has optimised the interpreter loop, the opcodes, the versioned reads and
 * the write sets, an incarnation costs ~2x what it does warm. A devnet's first parallel blocks
 * paid that (a fresh worker's first block of 1,000 ERC-20 transfers ran 1.8x slower than its
 * fifth), and the devnet then learnt that the engine loses and mined sequentially.
 *
 * The work is a token's transfers and plain value transfers, run the way a worker runs a block's
 * (decoded from raw bytes, sender claimed, executeIncarnation over a VersionedState, writes into
 * a multi-version memory, outcomes encoded), on a state and memory of its own: nothing it does
 * reaches the worker's replica or any block. It runs in slices and stops when told, so a real
 * block never waits for it for more than a slice, and pauses while the devnet is busy.
 */
import { Block, createBlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { createTx } from "@ethereumjs/tx";
import { Address, bytesToHex, hexToBytes, privateToAddress } from "@ethereumjs/util";
import { keccak256 } from "../crypto/nativeCrypto.js";
import { decodeTransaction } from "../execution/decodeTransaction.js";
import { claimSender } from "../execution/internals/claimSender.js";
import { createExecutionContext } from "../execution/sequentialExecutor.js";
import type { BlockChange } from "../state/JournaledState.js";
import { WorldState } from "../state/WorldState.js";
import { executeIncarnation, type IncarnationContext, trackEvmPhase } from "./executeIncarnation.js";
import { MultiVersionMemory } from "./MultiVersionMemory.js";
import { OutcomeWriter } from "./outcomeCodec.js";
import { VersionedState } from "./VersionedState.js";

/**
 * A token whose `transfer(address,uint256)` does what an ERC-20's does: selector dispatch, the
 * sender's and the receiver's balance slots (keccak of the address and slot 0), a balance check,
 * two SSTOREs, a Transfer event, `true` returned. Assembled by hand (PUSH0: Shanghai and later).
 */
const TOKEN_RUNTIME =
  "0x60003560e01c63a9059cbb146012575f5ffd5b335f525f60205260405f2080546024358082106071578092910390" +
  "556004355f5260405f208054820190555f52600435337fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a116" +
  "28f55a4df523b3ef60205fa360015f5260205ff35b5f5ffd";
const TOKEN = "0x00000000000000000000000000000000000c0de1";
const COINBASE = "0x00000000000000000000000000000000000000c0";
/** Senders, each with one transaction (nonce 0): their pre-state never changes, so it stays valid. */
const SENDERS = 16;
/** Of those, the ones that send plain value; the rest call the token. */
const VALUE_SENDERS = 4;
/** Incarnations between two yields to the worker's messages. */
const SLICE = 16;

export interface WarmUpOptions {
  /** Stops once its slices have run for this long (its set-up and pauses not counted). */
  budgetMs: number;
  /** Stops early when this says so (a real block arrived). */
  stopped?: () => boolean;
  /**
   * Asked after each slice: while it says so (the devnet has requests to serve), the work pauses,
   * so that on a small machine it takes no core that the devnet or its clients want.
   */
  busy?: () => boolean;
}

/** How long the warm-up waits before asking `busy` again. */
const PAUSE_MS = 50;

export interface WarmUpDone {
  incarnations: number;
  /** Incarnations whose transaction failed (invalid or reverted): warming the wrong path. */
  failures: number;
  /** How long its slices ran. */
  ms: number;
}

/** Runs the synthetic work for `common`'s chain; none before Shanghai (the token needs PUSH0). */
export async function warmUpIncarnations(common: Common, options: WarmUpOptions): Promise<WarmUpDone> {
  if (!common.gteHardfork("shanghai")) return { incarnations: 0, failures: 0, ms: 0 };
  const world = new WorldState({ history: false });
  const keys = Array.from({ length: SENDERS }, (_, i) => keccak256(new TextEncoder().encode(`warm-up ${i}`)));
  const senders = keys.map((key) => bytesToHex(privateToAddress(key)));
  world.applyBlock(preState(senders));
  const mv = new MultiVersionMemory();
  const execution = await createExecutionContext(common);
  const versioned = new VersionedState(mv, world, COINBASE);
  trackEvmPhase(execution, versioned);
  const ctx: IncarnationContext = { execution, versioned };
  const header = createBlockHeader(
    {
      number: 1n,
      gasLimit: 30_000_000n,
      timestamp: BigInt(Math.floor(Date.now() / 1000)),
      coinbase: COINBASE as `0x${string}`,
      baseFeePerGas: 7n,
      ...(common.gteHardfork("cancun") ? { excessBlobGas: 0n, blobGasUsed: 0n } : {}),
    },
    { common, skipConsensusFormatValidation: true },
  );
  const block = new Block(header);
  const raw = keys.map((key, i) => signedTransaction(common, key, i));
  let incarnations = 0;
  let failures = 0;
  let outcomes = new OutcomeWriter();
  // Its slices only: the set-up above is paid once whatever the budget.
  let ran = 0;
  while (ran < options.budgetMs && options.stopped?.() !== true) {
    if (options.busy?.() === true) {
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
      continue;
    }
    const slice = performance.now();
    for (let i = 0; i < SLICE; i++) {
      const index = incarnations % SENDERS;
      if (index === 0) {
        mv.clear();
        outcomes = new OutcomeWriter();
      }
      const tx = decodeTransaction(raw[index] as Uint8Array, common, false);
      claimSender(tx, new Address(hexToBytes(senders[index] as `0x${string}`)));
      const result = await executeIncarnation(ctx, block, tx, index, 0, { sender: senders[index] });
      if (result.kind !== "done") throw new Error(`warm-up transaction ${index}: ${result.kind}`);
      mv.record(index, 0, result.writes);
      outcomes.add(result.outcome);
      if (result.outcome.kind !== "included" || result.outcome.error !== undefined) failures++;
      incarnations++;
    }
    ran += performance.now() - slice;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { incarnations, failures, ms: ran };
}

/** The token with a balance for every sender, and the senders with ether. */
function preState(senders: string[]): BlockChange[] {
  const storage = new Map<string, Uint8Array>();
  // 10^24 each.
  for (const sender of senders) storage.set(balanceSlot(sender), hexToBytes("0xd3c21bcecceda1000000"));
  const code = hexToBytes(TOKEN_RUNTIME as `0x${string}`);
  return [
    {
      address: TOKEN,
      account: { nonce: 1n, balance: 0n, codeHash: keccak256(code) },
      code,
      storageCleared: false,
      storage,
    },
    ...senders.map((address) => ({
      address,
      account: { nonce: 0n, balance: 10n ** 21n, codeHash: keccak256(new Uint8Array()) },
      storageCleared: false,
      storage: new Map<string, Uint8Array>(),
    })),
  ];
}

/** The token's balance slot of `holder`: keccak256(holder as a word ++ slot 0). */
export function balanceSlot(holder: string): string {
  const preimage = new Uint8Array(64);
  preimage.set(hexToBytes(holder as `0x${string}`), 12);
  return bytesToHex(keccak256(preimage));
}

/** Sender `i`'s transaction: a token transfer, or plain value, to an address no one else uses. */
function signedTransaction(common: Common, key: Uint8Array, i: number): Uint8Array {
  const receiver = `0x${(0xbeef0000 + i).toString(16).padStart(40, "0")}`;
  const value = i < VALUE_SENDERS;
  const data = value
    ? "0x"
    : `0xa9059cbb${receiver.slice(2).padStart(64, "0")}${(1000 + i).toString(16).padStart(64, "0")}`;
  const tx = createTx(
    {
      type: 2,
      nonce: 0n,
      to: (value ? receiver : TOKEN) as `0x${string}`,
      value: value ? 1000n : 0n,
      data: data as `0x${string}`,
      gasLimit: 100_000n,
      maxFeePerGas: 1_000_000_000n,
      maxPriorityFeePerGas: 1n,
    },
    { common },
  ).sign(key);
  return tx.serialize();
}
