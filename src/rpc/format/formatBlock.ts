import { bytesToHex } from "@ethereumjs/util";
import type { MinedBlock } from "../../devnet/chain/types.js";
import { formatMinedTransaction, type RpcTransaction } from "./formatTransaction.js";
import { toQuantity } from "./quantity.js";

export interface RpcWithdrawal {
  index: string;
  validatorIndex: string;
  address: string;
  amount: string;
}

/** A header as eth_getHeaderByNumber serves it (geth's fields). */
export interface RpcHeader {
  hash: string;
  parentHash: string;
  sha3Uncles: string;
  miner: string;
  stateRoot: string;
  transactionsRoot: string;
  receiptsRoot: string;
  logsBloom: string;
  difficulty: string;
  number: string;
  gasLimit: string;
  gasUsed: string;
  timestamp: string;
  extraData: string;
  mixHash: string;
  nonce: string;
  baseFeePerGas?: string;
  withdrawalsRoot?: string;
  blobGasUsed?: string;
  excessBlobGas?: string;
  parentBeaconBlockRoot?: string;
  requestsHash?: string;
}

/** A block as eth_getBlockByNumber serves it (anvil's fields). */
export interface RpcBlock extends RpcHeader {
  totalDifficulty: string;
  size: string;
  uncles: string[];
  /** Hashes, or full objects when asked for. */
  transactions: string[] | RpcTransaction[];
  withdrawals?: RpcWithdrawal[];
}

/**
 * The JSON of a mined block's header. Fork-dependent fields appear only when the header has them.
 * @example formatHeader(devnet.head).stateRoot // "0x…"
 */
export function formatHeader(mined: MinedBlock): RpcHeader {
  const header = mined.block.header;
  return {
    hash: mined.hash,
    parentHash: bytesToHex(header.parentHash),
    sha3Uncles: bytesToHex(header.uncleHash),
    miner: header.coinbase.toString(),
    stateRoot: bytesToHex(header.stateRoot),
    transactionsRoot: bytesToHex(header.transactionsTrie),
    receiptsRoot: bytesToHex(header.receiptTrie),
    logsBloom: bytesToHex(header.logsBloom),
    difficulty: toQuantity(header.difficulty),
    number: toQuantity(header.number),
    gasLimit: toQuantity(header.gasLimit),
    gasUsed: toQuantity(header.gasUsed),
    timestamp: toQuantity(header.timestamp),
    extraData: bytesToHex(header.extraData),
    mixHash: bytesToHex(header.mixHash),
    nonce: bytesToHex(header.nonce),
    ...(header.baseFeePerGas === undefined ? {} : { baseFeePerGas: toQuantity(header.baseFeePerGas) }),
    ...(header.withdrawalsRoot === undefined ? {} : { withdrawalsRoot: bytesToHex(header.withdrawalsRoot) }),
    ...(header.blobGasUsed === undefined ? {} : { blobGasUsed: toQuantity(header.blobGasUsed) }),
    ...(header.excessBlobGas === undefined ? {} : { excessBlobGas: toQuantity(header.excessBlobGas) }),
    ...(header.parentBeaconBlockRoot === undefined
      ? {}
      : { parentBeaconBlockRoot: bytesToHex(header.parentBeaconBlockRoot) }),
    ...(header.requestsHash === undefined ? {} : { requestsHash: bytesToHex(header.requestsHash) }),
  };
}

/**
 * The JSON of a mined block: its header's fields, then its body's.
 * @example formatBlock(devnet.head, false).transactions // ["0x…"]
 */
export function formatBlock(mined: MinedBlock, fullTransactions: boolean): RpcBlock {
  const { block } = mined;
  const header = block.header;
  const out: RpcBlock = {
    ...formatHeader(mined),
    totalDifficulty: "0x0",
    size: toQuantity(block.serialize().length),
    uncles: [],
    transactions: fullTransactions
      ? block.transactions.map((_, index) => formatMinedTransaction(mined, index) as RpcTransaction)
      : block.transactions.map((tx) => bytesToHex(tx.hash())),
  };
  if (header.withdrawalsRoot !== undefined) {
    out.withdrawals = (block.withdrawals ?? []).map((withdrawal) => ({
      index: toQuantity(withdrawal.index),
      validatorIndex: toQuantity(withdrawal.validatorIndex),
      address: withdrawal.address.toString(),
      amount: toQuantity(withdrawal.amount),
    }));
  }
  return out;
}
