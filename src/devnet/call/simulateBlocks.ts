/**
 * eth_simulateV1's engine: blocks of calls run one after another on top of a mined block, each
 * block over the state the previous one left, with its own state overrides and header fields.
 * Each simulated block is built as a mined one is (BlockBuilder, the sequential executor) from
 * the calls made into transactions with a claimed sender; nothing is kept.
 *
 * Without `validation` (the default), as geth: nonces follow the state, the base fee is zero
 * unless given, and a call that names no fee pays none. With it, calls are checked as
 * transactions are (nonce, balance, fee cap at least the base fee, which follows EIP-1559).
 * `traceTransfers` adds, for every transfer of ether, an ERC-20-like Transfer log from
 * 0xeeee…eeee at the place in the call's logs where the transfer ran.
 *
 * The state root of a simulated block is zero (as anvil's): computing one would need the whole
 * state in a trie of its own.
 */
import type { BlockHeader } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { EVMResult, InterpreterStep, Message } from "@ethereumjs/evm";
import type { TypedTransaction } from "@ethereumjs/tx";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { keccak256 } from "../../crypto/nativeCrypto.js";
import { DevnetError, isDevnetError } from "../../errors/DevnetError.js";
import {
  createExecutionContext,
  type ExecutionContext,
  executeBlockSequential,
} from "../../execution/sequentialExecutor.js";
import { ChangesOverlay } from "../../state/ChangesOverlay.js";
import type { StateReader } from "../../state/StateReader.js";
import { buildBlock, type NextBlockEnv } from "../block/BlockBuilder.js";
import type { MinedBlock, StoredLog } from "../chain/types.js";
import { impersonatedTx } from "./impersonatedTx.js";
import { type MessageRequest, messageTx, ZERO_ADDRESS } from "./messageTx.js";
import { type AccountOverride, OverriddenState } from "./OverriddenState.js";

/** Header fields a simulated block may set (geth's block overrides). */
export interface SimulatedBlockOverrides {
  number?: bigint;
  time?: bigint;
  gasLimit?: bigint;
  feeRecipient?: string;
  prevRandao?: Uint8Array;
  baseFeePerGas?: bigint;
}

export interface SimulatedBlockRequest {
  blockOverrides?: SimulatedBlockOverrides;
  stateOverrides?: ReadonlyMap<string, AccountOverride>;
  calls: MessageRequest[];
}

export interface SimulationOptions {
  validation: boolean;
  traceTransfers: boolean;
}

export interface SimulatedCall {
  returnData: Uint8Array;
  logs: StoredLog[];
  gasUsed: bigint;
  status: 0 | 1;
  /** The EVM's error ("revert", "out of gas", ...), undefined on success. */
  error: string | undefined;
}

export interface SimulatedBlock {
  /** The block as a mined one would be, its transactions the calls. */
  mined: MinedBlock;
  calls: SimulatedCall[];
  /** An empty block put in for a gap of numbers, not one of the requests'. */
  filler?: true;
}

/** The mined block the simulation starts on, and the chain's block hashes. */
export interface SimulationBase {
  common: Common;
  parent: MinedBlock;
  state: StateReader;
  blockHashOf(number: bigint): Uint8Array | undefined;
  /** A hash blockHashOf lacks, asked for (a fork's remote blocks). */
  fetchBlockHash?: (number: bigint) => Promise<Uint8Array | undefined>;
}

/** Blocks a simulation may hold, empty ones put in for a gap of numbers included (geth's limit). */
export const MAX_SIMULATED_BLOCKS = 256;
/** geth's step between simulated blocks' timestamps. */
const SECONDS_PER_BLOCK = 12n;
const TRANSFER_TOPIC = bytesToHex(keccak256(new TextEncoder().encode("Transfer(address,address,uint256)")));
const TRANSFER_LOG_ADDRESS = "0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";

/** An error of eth_simulateV1 with its code (-380xx, as geth). */
export class SimulationError extends DevnetError {}

export async function simulateBlocks(
  base: SimulationBase,
  requests: readonly SimulatedBlockRequest[],
  options: SimulationOptions,
): Promise<SimulatedBlock[]> {
  const { common } = base;
  const context = await createExecutionContext(common, { allowSendersWithCode: true });
  const transfers = options.traceTransfers ? new TransferRecorder(context.vm.evm.events) : undefined;
  const hashes = new Map<bigint, Uint8Array>();
  const blockHashes = (n: bigint) => hashes.get(n) ?? base.blockHashOf(n);
  context.blockHashes.fetch = base.fetchBlockHash;
  let parent = base.parent;
  let state = base.state;
  const out: SimulatedBlock[] = [];
  try {
    for (const request of requests) {
      const number = request.blockOverrides?.number ?? parent.number + 1n;
      if (number <= parent.number) {
        throw new SimulationError(-38020, `block numbers must be in order: ${number} <= ${parent.number}`);
      }
      // A gap of numbers is filled with empty blocks, as geth does.
      while (parent.number + 1n < number) {
        if (out.length >= MAX_SIMULATED_BLOCKS) throw tooMany();
        out.push({ ...(await simulateOne({ calls: [] }, parent.number + 1n)), filler: true });
      }
      if (out.length >= MAX_SIMULATED_BLOCKS) throw tooMany();
      out.push(await simulateOne(request, number));
    }
  } finally {
    transfers?.detach();
  }
  return out;

  async function simulateOne(request: SimulatedBlockRequest, number: bigint): Promise<SimulatedBlock> {
    const header = parent.block.header;
    const overrides = request.blockOverrides ?? {};
    const timestamp = overrides.time ?? header.timestamp + SECONDS_PER_BLOCK;
    if (timestamp <= header.timestamp) {
      throw new SimulationError(
        -38021,
        `block timestamps must be in order: ${timestamp} <= ${header.timestamp}`,
      );
    }
    if (request.stateOverrides !== undefined && request.stateOverrides.size > 0) {
      state = new OverriddenState(state, request.stateOverrides);
    }
    const env: NextBlockEnv = {
      timestamp,
      gasLimit: overrides.gasLimit ?? header.gasLimit,
      coinbase: overrides.feeRecipient ?? header.coinbase.toString(),
      baseFeePerGas: baseFee(common, header, overrides, options.validation),
      prevRandao: overrides.prevRandao ?? new Uint8Array(32),
    };
    let transactions: TypedTransaction[];
    try {
      transactions = makeTransactions(request.calls, state, env, header, options.validation, common);
    } catch (error) {
      // A call ethereumjs cannot even make a transaction of (a nonce of 2^64 - 1).
      if (isDevnetError(error)) throw error;
      throw invalidCallError(error instanceof Error ? error.message : String(error));
    }
    const senders = request.calls.map((call) => call.from ?? ZERO_ADDRESS);
    transfers?.startBlock();
    const built = await buildBlock({
      common,
      parent: header,
      parentHash: hexToBytes(parent.hash as `0x${string}`),
      env: { ...env },
      transactions,
      senders,
      preState: state,
      blockHashes,
      execute: (input) => executeBlockSequential(input, context),
      stateRoot: async () => new Uint8Array(32),
      allowSendersWithCode: true,
    });
    const invalid = built.invalid[0];
    if (invalid !== undefined) throw invalidCallError(invalid.reason);
    const mined: MinedBlock = {
      block: built.block,
      hash: bytesToHex(built.hash),
      number,
      receipts: built.receipts,
      senders: built.senders,
    };
    hashes.set(number, built.hash);
    state = new ChangesOverlay(state, built.execution.changes);
    parent = mined;
    let logIndex = 0;
    const calls = built.receipts.map((receipt, i): SimulatedCall => {
      const logs = transfers === undefined ? receipt.logs : transfers.interleave(i, receipt.logs);
      return {
        returnData: receipt.returnValue,
        logs: logs.map((log) => ({ ...log, logIndex: logIndex++ })),
        gasUsed: receipt.gasUsed,
        status: receipt.status === 1 ? 1 : 0,
        error: receipt.error,
      };
    });
    return { mined, calls };
  }
}

function tooMany(): SimulationError {
  return new SimulationError(-38026, `too many blocks: at most ${MAX_SIMULATED_BLOCKS}`);
}

/** The base fee of a simulated block: given, else zero without validation, else EIP-1559's. */
function baseFee(
  common: Common,
  parent: BlockHeader,
  overrides: SimulatedBlockOverrides,
  validation: boolean,
): bigint | undefined {
  if (!common.isActivatedEIP(1559)) return undefined;
  if (overrides.baseFeePerGas !== undefined) return overrides.baseFeePerGas;
  return validation ? parent.calcNextBaseFee() : 0n;
}

/** The calls as transactions: nonces follow the state unless given, gas what the block has left. */
function makeTransactions(
  calls: readonly MessageRequest[],
  state: StateReader,
  env: NextBlockEnv,
  parent: BlockHeader,
  validation: boolean,
  common: Common,
): TypedTransaction[] {
  const nonces = new Map<string, bigint>();
  return calls.map((call) => {
    const from = call.from ?? ZERO_ADDRESS;
    const next = nonces.get(from) ?? state.getAccount(from)?.nonce ?? 0n;
    // Without validation a given nonce is not checked: the call runs at the sender's.
    const nonce = validation ? (call.nonce ?? next) : next;
    nonces.set(from, nonce + 1n);
    // geth gives a call what the block has left; the block's limit is as much for any one call.
    const gasLimit = call.gas ?? env.gasLimit;
    const unsigned = messageTx(
      common,
      { ...call, from, gas: gasLimit, nonce },
      { gasLimit, nonce, baseFee: env.baseFeePerGas ?? parent.baseFeePerGas },
    );
    return impersonatedTx(unsigned, from);
  });
}

/** A call that is not valid as a transaction, with geth's code for the reason. */
function invalidCallError(reason: string): SimulationError {
  const message = (reason.split(" (")[0] ?? reason).replace(/^[A-Z_]+: /, "");
  const codes: [RegExp, number][] = [
    [/intrinsic|minimum gas limit/i, -38013],
    [/nonce too low|nonce.*lower/i, -38010],
    [/nonce too high|nonce.*higher|MAX_UINT64/i, -38011],
    [/account has nonce of: (\d+) tx has nonce of: (\d+)/, nonceCode(message)],
    [/block gas limit/i, -38015],
    [/balance|funds|insufficient/i, -38014],
    [/base ?fee|maxFeePerGas/i, -38012],
  ];
  return new SimulationError(codes.find(([pattern]) => pattern.test(message))?.[1] ?? -32602, message);
}

/** -38010 for a nonce below the account's, -38011 above (ethereumjs says only "not correct"). */
function nonceCode(message: string): number {
  const [, expected, given] = /account has nonce of: (\d+) tx has nonce of: (\d+)/.exec(message) ?? [];
  return given !== undefined && expected !== undefined && BigInt(given) < BigInt(expected) ? -38010 : -38011;
}

/**
 * Records transfers of ether as logs while calls run, dropping those of frames that failed, and
 * puts them among a call's own logs where they happened: before the logs its frame emitted later.
 */
class TransferRecorder {
  /** Per transaction of the block: its events in order, a transfer or a log of the call's own. */
  private byTx: ({ kind: "transfer"; log: StoredLog } | { kind: "log" })[][] = [];
  private current: ({ kind: "transfer"; log: StoredLog } | { kind: "log" })[] = [];
  /** Where each open frame's events start. */
  private frames: number[] = [];

  constructor(private readonly events: EvmEvents | undefined) {
    events?.on("beforeMessage", this.onBefore);
    events?.on("afterMessage", this.onAfter);
    events?.on("step", this.onStep);
  }

  startBlock(): void {
    this.byTx = [];
  }

  detach(): void {
    this.events?.off("beforeMessage", this.onBefore);
    this.events?.off("afterMessage", this.onAfter);
    this.events?.off("step", this.onStep);
  }

  /** The logs of the block's transaction `index` with its transfers among them. */
  interleave(index: number, logs: StoredLog[]): StoredLog[] {
    const events = this.byTx[index] ?? [];
    const out: StoredLog[] = [];
    let next = 0;
    for (const event of events) {
      if (event.kind === "transfer") out.push(event.log);
      else if (next < logs.length) out.push(logs[next++] as StoredLog);
    }
    while (next < logs.length) out.push(logs[next++] as StoredLog);
    return out;
  }

  private readonly onBefore = (message: Message): void => {
    if (message.depth === 0) {
      this.current = [];
      this.byTx.push(this.current);
    }
    this.frames.push(this.current.length);
    if (message.value > 0n && !message.delegatecall) {
      const from = message.caller.toString();
      const to = message.to?.toString() ?? ZERO_ADDRESS;
      this.current.push({
        kind: "transfer",
        log: {
          address: TRANSFER_LOG_ADDRESS,
          topics: [TRANSFER_TOPIC, word(from), word(to)],
          data: `0x${message.value.toString(16).padStart(64, "0")}`,
          logIndex: 0,
        },
      });
    }
  };

  private readonly onAfter = (result: EVMResult): void => {
    const start = this.frames.pop() ?? 0;
    if (result.execResult.exceptionError !== undefined) this.current.length = start;
  };

  private readonly onStep = (step: InterpreterStep): void => {
    if (step.opcode.name.startsWith("LOG")) this.current.push({ kind: "log" });
  };
}

type EvmEvents = NonNullable<ExecutionContext["vm"]["evm"]["events"]>;

function word(address: string): string {
  return `0x${address.slice(2).toLowerCase().padStart(64, "0")}`;
}
