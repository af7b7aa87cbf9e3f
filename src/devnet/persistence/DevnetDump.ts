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
export const READABLE_DUMP_VERSIONS: readonly number[] = [1, 2];

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
  timeOffset: Hex;
  blockGasLimit: Hex;
  coinbase: Hex;
}
