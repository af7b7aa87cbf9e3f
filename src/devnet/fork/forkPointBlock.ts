import { Block, createBlockHeader, type HeaderData } from "@ethereumjs/block";
import type { Common } from "@ethereumjs/common";
import { hexToBytes, KECCAK256_RLP } from "@ethereumjs/util";
import { blockLogsBloom } from "../../execution/logsBloom.js";
import { forkFieldsWith } from "../block/BlockBuilder.js";
import type { ForkPoint } from "./Fork.js";

/**
 * The local stand-in of the fork block: its number, parent, time, gas and base fee, which the
 * next local block's header follows, over the devnet's own state root. The chain files it under
 * the remote's hash (the next block's parentHash); the remote's block itself is served as the
 * remote has it.
 */
export function forkPointBlock(
  common: Common,
  point: ForkPoint,
  stateRoot: Uint8Array,
  coinbase: string,
): Block {
  const header: HeaderData = {
    parentHash: hexToBytes(point.parentHash as `0x${string}`),
    number: point.number,
    timestamp: point.timestamp,
    gasLimit: point.gasLimit,
    gasUsed: point.gasUsed,
    coinbase: coinbase as `0x${string}`,
    mixHash: new Uint8Array(32),
    difficulty: 0n,
    stateRoot,
    transactionsTrie: KECCAK256_RLP,
    receiptTrie: KECCAK256_RLP,
    logsBloom: blockLogsBloom([], common),
    ...forkFieldsWith(common, point.excessBlobGas ?? 0n),
  };
  if (common.isActivatedEIP(1559)) header.baseFeePerGas = point.baseFeePerGas ?? 1_000_000_000n;
  return new Block(createBlockHeader(header, { common, skipConsensusFormatValidation: true }));
}
