/**
 * Block tags to blocks. "latest", "pending", "safe" and "finalized" all name the head: a devnet
 * reorganises only when told (anvil_reorg, anvil_rollback) and builds its pending block only
 * when it mines.
 */

import type { MinedBlock } from "../../devnet/chain/types.js";
import type { Devnet } from "../../devnet/Devnet.js";
import { InvalidParamsError, ResourceNotFoundError } from "../../errors/DevnetError.js";
import type { BlockNumberOrTag, BlockTag } from "../params/blockTag.js";

/** The block a tag names, or undefined when a number is past the head (eth_getBlockByNumber → null). */
export function findBlock(devnet: Devnet, tag: BlockTag): MinedBlock | undefined {
  switch (tag.kind) {
    case "number":
      return devnet.chain.byNumber(tag.number);
    case "hash":
      return devnet.chain.byBlockHash(tag.hash);
    case "tag":
      return tag.tag === "earliest" ? devnet.chain.byNumber(0n) : devnet.head;
  }
}

/** The block a tag names for a state query: a missing block is an error, as in anvil. */
export function requireBlock(devnet: Devnet, tag: BlockTag | BlockNumberOrTag): MinedBlock {
  const block = findBlock(devnet, tag);
  if (block !== undefined) return block;
  if (tag.kind === "hash") throw new ResourceNotFoundError(`block ${tag.hash} not found`);
  throw new InvalidParamsError(
    `BlockOutOfRangeError: block height is ${devnet.chain.height} but requested was ${tag.kind === "number" ? tag.number : tag.tag}`,
  );
}

/**
 * On a forked devnet, the block a state query names when it is before the fork block (the
 * remote's alone: the devnet holds no state there), as a JSON-RPC block number; else undefined.
 */
export function beforeFork(devnet: Devnet, tag: BlockTag | BlockNumberOrTag): string | undefined {
  const fork = devnet.fork;
  if (fork === undefined) return undefined;
  const number =
    tag.kind === "number" ? tag.number : tag.kind === "tag" && tag.tag === "earliest" ? 0n : undefined;
  return number !== undefined && number < fork.point.number ? `0x${number.toString(16)}` : undefined;
}

/**
 * On a forked devnet, the remote's block a tag names when it is at or before the fork block
 * (the fork block's local stand-in holds none of its transactions), with its transactions and
 * receipts, to trace or report by executing it again; else undefined.
 */
export async function findRemoteBlock(
  devnet: Devnet,
  tag: BlockTag | BlockNumberOrTag,
): Promise<MinedBlock | undefined> {
  const fork = devnet.fork;
  if (fork === undefined) return undefined;
  if (tag.kind === "hash") {
    const local = devnet.chain.byBlockHash(tag.hash);
    if (local !== undefined && !fork.owns(local.number)) return undefined;
    return devnet.remoteBlock({ hash: tag.hash });
  }
  const number = tag.kind === "number" ? tag.number : tag.tag === "earliest" ? 0n : devnet.head.number;
  return fork.owns(number) ? devnet.remoteBlock({ number }) : undefined;
}

/** The default block tag of state queries. */
export const LATEST: BlockTag = { kind: "tag", tag: "latest" };
