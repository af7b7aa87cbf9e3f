/**
 * BlockBuilder: turns a parent block and an ordered list of transactions into the next block.
 * It builds the header the transactions run under, hands them to an executor (sequential or
 * parallel: the swap point), then seals the header with what execution produced.
 * It does not commit anything: the caller applies `changes` to the world state.
 */
import { Block, type BlockHeader, createBlock, createBlockHeader, type HeaderData } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import type { TypedTransaction } from "@ethereumjs/tx";
import { KECCAK256_RLP } from "@ethereumjs/util";
import { headerHash } from "../../execution/encodeBlock.js";
import { encodeReceipt } from "../../execution/encodeReceipt.js";
import { blockLogsBloom } from "../../execution/logsBloom.js";
import { orderedTrieRoot } from "../../execution/orderedTrieRoot.js";
import { rawOf } from "../../execution/rawTransaction.js";
import type { BlockExecution, BlockInput, TxOutcome } from "../../execution/types.js";
import type { TxAccess } from "../../parallel/executeBlockRecorded.js";
import { hexOf } from "../../state/hexOf.js";
import type { StateReader } from "../../state/StateReader.js";
import type { BlockRunSummary, StoredLog, StoredReceipt } from "../chain/types.js";

/**
 * Executes a block; the devnet's executor also says how it ran (for its log) and, when it
 * records, what each transaction read and wrote.
 */
export type BlockExecutor = (
  input: BlockInput,
) => Promise<BlockExecution & { ran?: BlockRunSummary; access?: TxAccess[] }>;

/** What the miner decides about the next block. */
export interface NextBlockEnv {
  timestamp: bigint;
  gasLimit: bigint;
  coinbase: string;
  baseFeePerGas: bigint | undefined;
  prevRandao: Uint8Array;
}

export interface BuiltBlock {
  block: Block;
  /** The block's hash (computed once: `block.hash()` would encode the header again). */
  hash: Uint8Array;
  receipts: StoredReceipt[];
  senders: string[];
  execution: BlockExecution & { ran?: BlockRunSummary; access?: TxAccess[] };
  /** What each of `block.transactions` read and wrote, when the executor recorded it. */
  access?: TxAccess[];
  /** Transactions that were not valid at their place in the block (left out). */
  invalid: { tx: TypedTransaction; reason: string }[];
}

const ZERO32 = new Uint8Array(32);
const EMPTY_REQUESTS_HASH = sha256Empty();

function sha256Empty(): Uint8Array {
  // sha256 of no requests (EIP-7685): e3b0c442...b855
  return Uint8Array.from(
    Buffer.from("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "hex"),
  );
}

/** The header fields that depend on the fork, for a block whose parent is `parent`. */
function forkFields(common: Common, parent: BlockHeader | undefined): HeaderData {
  return forkFieldsWith(common, nextExcessBlobGas(common, parent));
}

export function forkFieldsWith(common: Common, excessBlobGas: bigint): HeaderData {
  const fields: HeaderData = {};
  if (common.isActivatedEIP(4895)) fields.withdrawalsRoot = KECCAK256_RLP;
  if (common.isActivatedEIP(4844)) {
    fields.blobGasUsed = 0n;
    fields.excessBlobGas = excessBlobGas;
  }
  if (common.isActivatedEIP(4788)) fields.parentBeaconBlockRoot = ZERO32;
  if (common.isActivatedEIP(7685)) fields.requestsHash = EMPTY_REQUESTS_HASH;
  return fields;
}

/** The excess blob gas of the block after `parent` (EIP-4844); zero before it. */
export function nextExcessBlobGas(common: Common, parent: BlockHeader | undefined): bigint {
  return parent?.common.isActivatedEIP(4844) ? parent.calcNextExcessBlobGas(common) : 0n;
}

/** Genesis: block 0 over the genesis state root. */
export function buildGenesisBlock(common: Common, env: NextBlockEnv, stateRoot: Uint8Array): Block {
  const header: HeaderData = {
    number: 0n,
    timestamp: env.timestamp,
    gasLimit: env.gasLimit,
    coinbase: env.coinbase as `0x${string}`,
    stateRoot,
    mixHash: env.prevRandao,
    difficulty: 0n,
    ...forkFields(common, undefined),
  };
  if (common.isActivatedEIP(1559)) header.baseFeePerGas = env.baseFeePerGas ?? 1_000_000_000n;
  return createBlock(
    { header, ...(common.isActivatedEIP(4895) ? { withdrawals: [] } : {}) },
    { common, skipConsensusFormatValidation: true },
  );
}

/** The fields a block's header takes from its parent and the miner's decisions. */
function chainedFields(parentHash: Uint8Array, number: bigint, env: NextBlockEnv): HeaderData {
  return {
    parentHash,
    number,
    timestamp: env.timestamp,
    gasLimit: env.gasLimit,
    coinbase: env.coinbase as `0x${string}`,
    mixHash: env.prevRandao,
    difficulty: 0n,
  };
}

/**
 * The header transactions of the next block execute under (roots not known yet). Not frozen:
 * `buildBlock` fills in the roots and freezes it, which spares building a second header.
 * `parentHash` is the parent's hash as the chain knows it (a forked chain's first block keeps
 * the remote fork block's hash, which is not its header's).
 */
export function pendingHeader(
  common: Common,
  parent: BlockHeader,
  env: NextBlockEnv,
  parentHash: Uint8Array = parent.hash(),
): BlockHeader {
  const header: HeaderData = {
    ...chainedFields(parentHash, parent.number + 1n, env),
    ...forkFields(common, parent),
  };
  if (common.isActivatedEIP(1559)) header.baseFeePerGas = env.baseFeePerGas ?? parent.calcNextBaseFee();
  return createBlockHeader(header, { common, skipConsensusFormatValidation: true, freeze: false });
}

/**
 * The sealed header of a block without transactions over an unchanged state: what `buildBlock`
 * makes of an empty block, from its fields given one by one.
 */
export function emptyBlockHeader(
  common: Common,
  fields: {
    parentHash: Uint8Array;
    number: bigint;
    env: NextBlockEnv;
    excessBlobGas: bigint;
    stateRoot: Uint8Array;
  },
): BlockHeader {
  const header: HeaderData = {
    ...chainedFields(fields.parentHash, fields.number, fields.env),
    ...forkFieldsWith(common, fields.excessBlobGas),
    stateRoot: fields.stateRoot,
    transactionsTrie: KECCAK256_RLP,
    receiptTrie: KECCAK256_RLP,
    logsBloom: blockLogsBloom([], common),
    gasUsed: 0n,
  };
  if (common.isActivatedEIP(1559) && fields.env.baseFeePerGas !== undefined) {
    header.baseFeePerGas = fields.env.baseFeePerGas;
  }
  return createBlockHeader(header, { common, skipConsensusFormatValidation: true });
}

type SealedFields = Pick<
  BlockHeader,
  "stateRoot" | "transactionsTrie" | "receiptTrie" | "logsBloom" | "gasUsed"
>;

/** Writes what execution produced into a pending header and freezes it (its hash is then cached). */
function seal(header: BlockHeader, fields: SealedFields): BlockHeader {
  Object.assign(header as { -readonly [K in keyof SealedFields]: SealedFields[K] }, fields);
  Object.freeze(header);
  return header;
}

export async function buildBlock(options: {
  common: Common;
  parent: BlockHeader;
  /** The parent's hash as the chain knows it; its header's hash when not given. */
  parentHash?: Uint8Array;
  env: NextBlockEnv;
  transactions: readonly TypedTransaction[];
  /** The transactions' senders, already recovered on admission. */
  senders: readonly string[];
  preState: StateReader;
  blockHashes: (number: bigint) => Uint8Array | undefined;
  execute: BlockExecutor;
  /** Computes the state root after the block's changes. */
  stateRoot: (execution: BlockExecution) => Promise<Uint8Array>;
  /** See BlockInput.allowSendersWithCode. */
  allowSendersWithCode?: boolean;
  /** See BlockInput.watchGas. */
  watchGas?: boolean;
  /**
   * The transactions the block is sealed with, given what executing `transactions` did: the
   * same ones but for their gas limits, which the execution shows changed nothing (a devnet
   * mines a transaction that names no gas limit at the block's, then seals it with the least it
   * needs: Devnet.sendFindingGas). Throwing abandons the block before anything is committed.
   * Default: the transactions as executed.
   */
  sealWith?: (execution: BlockExecution) => readonly TypedTransaction[];
}): Promise<BuiltBlock> {
  const { common, parent, env } = options;
  const header = pendingHeader(common, parent, env, options.parentHash);
  const execution = await options.execute({
    header,
    transactions: options.transactions,
    preState: options.preState,
    blockHashes: options.blockHashes,
    senders: options.senders,
    allowSendersWithCode: options.allowSendersWithCode === true,
    ...(options.watchGas === true ? { watchGas: true } : {}),
  });
  const sealedWith = options.sealWith?.(execution) ?? options.transactions;

  const included: Extract<TxOutcome, { kind: "included" }>[] = [];
  const invalid: BuiltBlock["invalid"] = [];
  for (const outcome of execution.outcomes) {
    const tx = sealedWith[outcome.index] as TypedTransaction;
    if (outcome.kind === "included") included.push(outcome);
    else invalid.push({ tx, reason: outcome.reason });
  }
  const transactions = included.map((o) => sealedWith[o.index] as TypedTransaction);
  const receipts = included.map((o) => o.receipt);
  const [transactionsTrie, receiptTrie, stateRoot] = await Promise.all([
    transactions.length === 0 ? KECCAK256_RLP : orderedTrieRoot(transactions.map(rawOf)),
    receipts.length === 0
      ? KECCAK256_RLP
      : orderedTrieRoot(
          included.map((o, i) => encodeReceipt(o.receipt, (transactions[i] as TypedTransaction).type)),
        ),
    options.stateRoot(execution),
  ]);
  const sealed = seal(header, {
    stateRoot,
    transactionsTrie,
    receiptTrie,
    logsBloom: blockLogsBloom(receipts, common),
    gasUsed: execution.gasUsed,
  });
  // The Block constructor keeps our transaction objects (createBlock would rebuild each one and
  // lose its cached sender).
  const block = new Block(sealed, transactions);
  // The senders the block was executed with: a transaction sealed anew (sealWith) would recover
  // its sender again, and derive its address with a keccak in JavaScript (~10 µs). hexOf's
  // strings are flat: Address.toString() builds a rope of 20 pieces (~0.6 KB each, kept with
  // every receipt and block for the chain's life).
  const senders = included.map(
    (o, i) =>
      options.senders[o.index] ?? hexOf((transactions[i] as TypedTransaction).getSenderAddress().bytes),
  );
  const access = execution.access;
  return {
    block,
    hash: headerHash(sealed),
    receipts: storeReceipts(block, included, senders, header.baseFeePerGas),
    senders,
    execution,
    ...(access === undefined ? {} : { access: included.map((o) => access[o.index] as TxAccess) }),
    invalid,
  };
}

function storeReceipts(
  block: Block,
  included: Extract<TxOutcome, { kind: "included" }>[],
  senders: string[],
  baseFee: bigint | undefined,
): StoredReceipt[] {
  let logIndex = 0;
  return included.map((outcome, i) => {
    const tx = block.transactions[i] as TypedTransaction;
    const logs: StoredLog[] = outcome.logs.map(([address, topics, data]) => ({
      address: hexOf(address),
      topics: topics.map(hexOf),
      data: longHex(data),
      logIndex: logIndex++,
    }));
    const receipt = outcome.receipt;
    const stored: StoredReceipt = {
      transactionHash: hexOf(tx.hash()),
      transactionIndex: i,
      from: senders[i] as string,
      to: tx.to === undefined ? null : hexOf(tx.to.bytes),
      contractAddress: outcome.contractAddress ?? null,
      gasUsed: outcome.gasUsed,
      cumulativeGasUsed: receipt.cumulativeBlockGasUsed,
      effectiveGasPrice: effectiveGasPrice(tx, baseFee),
      status: "status" in receipt ? receipt.status : 1,
      logs,
      logsBloom: logs.length === 0 ? EMPTY_BLOOM : longHex(receipt.bitvector),
      type: tx.type,
      returnValue: outcome.returnValue.length === 0 ? NO_RETURN_VALUE : outcome.returnValue,
      error: outcome.error,
    };
    if ("stateRoot" in receipt) stored.root = hexOf(receipt.stateRoot);
    if ("blobGasUsed" in receipt) {
      stored.blobGasUsed = receipt.blobGasUsed;
      stored.blobGasPrice = receipt.blobGasPrice;
    }
    return stored;
  });
}

/** The return value of a call that returned nothing (a transfer), one array for all of them. */
const NO_RETURN_VALUE = new Uint8Array();

/** The bloom of a receipt without logs, one string for all of them (514 bytes each otherwise). */
const EMPTY_BLOOM = `0x${"0".repeat(512)}`;

/**
 * RPC hex of bytes of any length in one native call: `bytesToHex` concatenates two digits at a
 * time, 512 concatenations for a receipt's bloom (hexOf does words and addresses).
 */
function longHex(bytes: Uint8Array): string {
  if (bytes.length <= 32) return hexOf(bytes);
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex")}`;
}

/** The price per gas the sender paid. */
export function effectiveGasPrice(tx: TypedTransaction, baseFee: bigint | undefined): bigint {
  if (!("maxFeePerGas" in tx) || baseFee === undefined) return "gasPrice" in tx ? tx.gasPrice : 0n;
  const tip =
    tx.maxPriorityFeePerGas < tx.maxFeePerGas - baseFee ? tx.maxPriorityFeePerGas : tx.maxFeePerGas - baseFee;
  return baseFee + tip;
}
