/**
 * Between the devnet's objects and their saved form (see DevnetDump.ts).
 */
import type { Common } from "@ethereumjs/common";
import { bytesToHex, hexToBytes } from "@ethereumjs/util";
import { InvalidParamsError } from "../../errors/DevnetError.js";
import { codeHashOf } from "../../state/accountWith.js";
import type { BlockChange } from "../../state/JournaledState.js";
import { stripLeadingZeros } from "../../state/stripLeadingZeros.js";
import type { ReservationFields } from "../chain/BlockReservation.js";
import { blockFromRlp } from "../chain/blockFromRlp.js";
import type { MinedBlock, StoredReceipt } from "../chain/types.js";
import {
  type DevnetDump,
  DUMP_FORMAT,
  DUMP_VERSION,
  type DumpedAccount,
  type DumpedBlock,
  type DumpedReceipt,
  type DumpedReservation,
  type Hex,
  READABLE_DUMP_VERSIONS,
} from "./DevnetDump.js";

const hex = (value: bigint | number): Hex => `0x${value.toString(16)}`;
const bytes = (value: Hex): Uint8Array => hexToBytes(value as `0x${string}`);

export function encodeBlock(mined: MinedBlock): DumpedBlock {
  return {
    rlp: bytesToHex(mined.block.serialize()),
    senders: mined.senders,
    receipts: mined.receipts.map(encodeReceipt),
  };
}

function encodeReceipt(r: StoredReceipt): DumpedReceipt {
  const out: DumpedReceipt = {
    transactionHash: r.transactionHash,
    from: r.from,
    to: r.to,
    contractAddress: r.contractAddress,
    gasUsed: hex(r.gasUsed),
    cumulativeGasUsed: hex(r.cumulativeGasUsed),
    effectiveGasPrice: hex(r.effectiveGasPrice),
    status: r.status,
    logs: r.logs,
    logsBloom: r.logsBloom,
    type: r.type,
    returnValue: bytesToHex(r.returnValue),
  };
  if (r.blobGasUsed !== undefined) out.blobGasUsed = hex(r.blobGasUsed);
  if (r.blobGasPrice !== undefined) out.blobGasPrice = hex(r.blobGasPrice);
  if (r.root !== undefined) out.root = r.root;
  if (r.error !== undefined) out.error = r.error;
  return out;
}

export function decodeBlock(dumped: DumpedBlock, common: Common): MinedBlock {
  const block = blockFromRlp(bytes(dumped.rlp), dumped.senders, common);
  return {
    block,
    hash: bytesToHex(block.hash()),
    number: block.header.number,
    senders: dumped.senders,
    receipts: dumped.receipts.map((r, i) => decodeReceipt(r, i)),
  };
}

function decodeReceipt(r: DumpedReceipt, index: number): StoredReceipt {
  const out: StoredReceipt = {
    transactionHash: r.transactionHash,
    transactionIndex: index,
    from: r.from,
    to: r.to,
    contractAddress: r.contractAddress,
    gasUsed: BigInt(r.gasUsed),
    cumulativeGasUsed: BigInt(r.cumulativeGasUsed),
    effectiveGasPrice: BigInt(r.effectiveGasPrice),
    status: r.status,
    logs: r.logs,
    logsBloom: r.logsBloom,
    type: r.type,
    returnValue: bytes(r.returnValue),
    error: r.error,
  };
  if (r.blobGasUsed !== undefined) out.blobGasUsed = BigInt(r.blobGasUsed);
  if (r.blobGasPrice !== undefined) out.blobGasPrice = BigInt(r.blobGasPrice);
  if (r.root !== undefined) out.root = r.root;
  return out;
}

export function encodeAccount(change: BlockChange): DumpedAccount {
  const account = change.account as NonNullable<BlockChange["account"]>;
  const storage: Record<Hex, Hex> = {};
  for (const [slot, value] of change.storage) storage[slot] = bytesToHex(value);
  const out: DumpedAccount = {
    address: change.address,
    nonce: hex(account.nonce),
    balance: hex(account.balance),
    storage,
  };
  if (change.code !== undefined && change.code.length > 0) out.code = bytesToHex(change.code);
  return out;
}

/** `keepZeroSlots`: a fork's dump lists the slots known to be zero, which the remote must not fill in. */
export function decodeAccount(dumped: DumpedAccount, keepZeroSlots = false): BlockChange {
  const code = dumped.code === undefined ? undefined : bytes(dumped.code);
  const storage = new Map<string, Uint8Array>();
  for (const [slot, value] of Object.entries(dumped.storage)) {
    const word = bytes(value);
    const stripped = stripLeadingZeros(word);
    if (stripped.length > 0 || keepZeroSlots) storage.set(slot, stripped);
  }
  const change: BlockChange = {
    address: dumped.address.toLowerCase(),
    account: {
      nonce: BigInt(dumped.nonce),
      balance: BigInt(dumped.balance),
      codeHash: codeHashOf(code),
    },
    storageCleared: false,
    storage,
  };
  if (code !== undefined) change.code = code;
  return change;
}

export function encodeReservation(fields: ReservationFields): DumpedReservation {
  const out: DumpedReservation = {
    first: hex(fields.first),
    last: hex(fields.last),
    parentHash: bytesToHex(fields.parentHash),
    parentTimestamp: hex(fields.parentTimestamp),
    interval: hex(fields.interval),
    gasLimit: hex(fields.gasLimit),
    coinbase: fields.coinbase,
    stateRoot: bytesToHex(fields.stateRoot),
    randaoSeed: bytesToHex(fields.randaoSeed),
    excessBlobGas: hex(fields.excessBlobGas),
  };
  if (fields.baseFeePerGas !== undefined) out.baseFeePerGas = hex(fields.baseFeePerGas);
  return out;
}

export function decodeReservation(dumped: DumpedReservation): ReservationFields {
  return {
    first: BigInt(dumped.first),
    last: BigInt(dumped.last),
    parentHash: bytes(dumped.parentHash),
    parentTimestamp: BigInt(dumped.parentTimestamp),
    interval: BigInt(dumped.interval),
    gasLimit: BigInt(dumped.gasLimit),
    coinbase: dumped.coinbase,
    stateRoot: bytes(dumped.stateRoot),
    randaoSeed: bytes(dumped.randaoSeed),
    baseFeePerGas: dumped.baseFeePerGas === undefined ? undefined : BigInt(dumped.baseFeePerGas),
    excessBlobGas: BigInt(dumped.excessBlobGas),
  };
}

/** Checks a parsed file is a dump this version reads; the error says what it is instead. */
export function assertDump(value: unknown): asserts value is DevnetDump {
  const dump = value as Partial<DevnetDump> | null;
  if (typeof dump !== "object" || dump === null || dump.format !== DUMP_FORMAT) {
    throw new InvalidParamsError(
      "not a pevm-devnet state dump (a file from anvil or another tool cannot be loaded: their formats differ)",
    );
  }
  if (!READABLE_DUMP_VERSIONS.includes(dump.version as number)) {
    throw new InvalidParamsError(
      `state dump version ${String(dump.version)} is not supported (this pevm-devnet reads versions ${READABLE_DUMP_VERSIONS.join(" and ")})`,
    );
  }
  if (!Array.isArray(dump.blocks) || dump.blocks.length === 0 || !Array.isArray(dump.accounts)) {
    throw new InvalidParamsError("state dump is incomplete: it has no blocks or no accounts");
  }
  if (dump.reservedBlocks !== undefined && !Array.isArray(dump.reservedBlocks)) {
    throw new InvalidParamsError("state dump is damaged: reservedBlocks is not a list");
  }
}

export { DUMP_FORMAT, DUMP_VERSION };
