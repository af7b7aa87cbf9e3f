/**
 * The saved form of a devnet (anvil_dumpState, --dump-state, --state): its blocks with their
 * receipts, its state at the head, and its clock. Versioned, so a file from another version (or
 * another tool) gets a clear error instead of a half-loaded chain.
 *
 * Every number is 0x-hex and every byte string 0x-hex, so the JSON needs no custom parser.
 */
export const DUMP_FORMAT = "pevm-devnet-state";
/** Version 2 added `reservedBlocks`; version 1 files (without them) still load. */
export const DUMP_VERSION = 2;
/** The version of a forked chain's dump (`fork`, `absentAccounts`): older readers must refuse it. */
export const FORK_DUMP_VERSION = 3;
export const READABLE_DUMP_VERSIONS: readonly number[] = [1, 2, 3];

export type Hex = string;

export interface DumpedReceipt {
  transactionHash: Hex;
  from: Hex;
  to: Hex | null;
  contractAddress: Hex | null;
  gasUsed: Hex;
  cumulativeGasUsed: Hex;
  effectiveGasPrice: Hex;
  status: 0 | 1;
  logs: { address: Hex; topics: Hex[]; data: Hex; logIndex: number }[];
  logsBloom: Hex;
  type: number;
  blobGasUsed?: Hex;
  blobGasPrice?: Hex;
  root?: Hex;
  returnValue: Hex;
  error?: string;
}

export interface DumpedBlock {
  /** RLP of the whole block. */
  rlp: Hex;
  senders: Hex[];
  receipts: DumpedReceipt[];
}

export interface DumpedAccount {
  address: Hex;
  nonce: Hex;
  balance: Hex;
  code?: Hex;
  /** slot → value, both 32-byte words. */
  storage: Record<Hex, Hex>;
}

/** A run of reserved empty blocks (see BlockReservation.ts): what its blocks are made from. */
export interface DumpedReservation {
  first: Hex;
  last: Hex;
  parentHash: Hex;
  parentTimestamp: Hex;
  interval: Hex;
  gasLimit: Hex;
  coinbase: Hex;
  stateRoot: Hex;
  randaoSeed: Hex;
  baseFeePerGas?: Hex;
  excessBlobGas: Hex;
  /** Written by earlier versions, whose reserved blocks had derived hashes; not read. */
  hashPrefix?: Hex;
}

/** The remote a forked chain's dump forks again on load, at the same block. */
export interface DumpedFork {
  url: string;
  blockNumber: Hex;
  /** The remote's chain id (the devnet's may differ: --chain-id). */
  chainId: Hex;
  /** The fork block's hash: a remote that has another block there is not the same chain. */
  blockHash: Hex;
}

export interface DevnetDump {
  format: typeof DUMP_FORMAT;
  version: number;
  chainId: Hex;
  hardfork: string;
  /** The built blocks, in number order; with `reservedBlocks`, every block from 0 to the head. */
  blocks: DumpedBlock[];
  reservedBlocks?: DumpedReservation[];
  /** The state after the last block, with any edits made since. */
  accounts: DumpedAccount[];
  /**
   * A forked chain: its blocks start at the fork block, and `accounts` hold what the devnet
   * knows (its own changes and what it loaded, zero slots included); the rest is the remote's.
   */
  fork?: DumpedFork;
  /** On a fork: accounts known not to exist, which the remote must not fill in. */
  absentAccounts?: Hex[];
  timeOffset: Hex;
  blockGasLimit: Hex;
  coinbase: Hex;
}
