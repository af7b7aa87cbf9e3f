/**
 * A whole chain to and from its dump (anvil_dumpState, anvil_loadState, --dump-state, --state):
 * the blocks, the state at the head and the settings that outlive a block.
 */
import type { Common } from "@ethereumjs/common";
import { InvalidParamsError } from "../../errors/DevnetError.js";
import type { BlockChange } from "../../state/JournaledState.js";
import type { NextBlockSettings } from "../block/NextBlockSettings.js";
import { BlockReservation } from "../chain/BlockReservation.js";
import { ChainStore } from "../chain/ChainStore.js";
import {
  assertDump,
  decodeAccount,
  decodeBlock,
  decodeReservation,
  encodeAccount,
  encodeBlock,
  encodeReservation,
} from "./codec.js";
import {
  type DevnetDump,
  DUMP_FORMAT,
  DUMP_VERSION,
  type DumpedFork,
  FORK_DUMP_VERSION,
} from "./DevnetDump.js";

/** A chain as a dump restores it. */
export interface LoadedChain {
  chain: ChainStore;
  /** The state at the head. */
  accounts: BlockChange[];
  timeOffset: bigint;
  gasLimit: bigint;
  coinbase: string;
  /** The remote to fork again, for a forked chain's dump. */
  fork?: DumpedFork;
}

const hex = (value: bigint): string => `0x${value.toString(16)}`;

/** The dump of `chain` with `accounts` as the state at its head. */
export function encodeChainDump(parts: {
  chainId: bigint;
  common: Common;
  chain: ChainStore;
  accounts: readonly BlockChange[];
  nextBlock: NextBlockSettings;
  /** A forked chain's remote; `accounts` then hold what it knows, absent accounts included. */
  fork?: DumpedFork;
}): DevnetDump {
  const { chain, nextBlock, fork } = parts;
  const present = parts.accounts.filter((change) => change.account !== undefined);
  const absent = parts.accounts.filter((change) => change.account === undefined);
  return {
    format: DUMP_FORMAT,
    version: fork === undefined ? DUMP_VERSION : FORK_DUMP_VERSION,
    chainId: hex(parts.chainId),
    hardfork: parts.common.hardfork(),
    blocks: [...chain.builtRange(0n, chain.height)].map(encodeBlock),
    ...(chain.reserved.length === 0
      ? {}
      : { reservedBlocks: chain.reserved.map((reservation) => encodeReservation(reservation.fields)) }),
    accounts: present.map(encodeAccount),
    ...(fork === undefined ? {} : { fork, absentAccounts: absent.map((change) => change.address) }),
    timeOffset: hex(nextBlock.timeOffset),
    blockGasLimit: hex(nextBlock.gasLimit),
    coinbase: nextBlock.coinbase,
  };
}

/** The chain a dump holds; -32602 when it is not a dump, or of another chain id. */
export function decodeChainDump(dump: unknown, chain: { chainId: bigint; common: Common }): LoadedChain {
  assertDump(dump);
  const { chainId, common } = chain;
  if (BigInt(dump.chainId) !== chainId) {
    throw new InvalidParamsError(
      `the state dump is of chain id ${BigInt(dump.chainId)}, this devnet runs chain id ${chainId}`,
    );
  }
  const blocks = dump.blocks.map((block) => decodeBlock(block, common));
  const reserved = (dump.reservedBlocks ?? []).map((fields) =>
    BlockReservation.restore(common, decodeReservation(fields)),
  );
  const { fork } = dump;
  const [first] = blocks;
  // A fork's first block stands in for the remote's fork block, whose hash it is filed under.
  if (fork !== undefined && first !== undefined) first.hash = fork.blockHash.toLowerCase();
  const absent = (dump.absentAccounts ?? []).map(
    (address): BlockChange => ({
      address: address.toLowerCase(),
      account: undefined,
      storageCleared: false,
      storage: new Map(),
    }),
  );
  return {
    chain: ChainStore.of(blocks, reserved, { forked: fork !== undefined }),
    accounts: [...dump.accounts.map((account) => decodeAccount(account, fork !== undefined)), ...absent],
    ...(fork === undefined ? {} : { fork }),
    timeOffset: BigInt(dump.timeOffset),
    gasLimit: BigInt(dump.blockGasLimit),
    coinbase: dump.coinbase,
  };
}
