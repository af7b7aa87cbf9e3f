/**
 * Block references: a number, a named tag, or (EIP-1898) a hash. `blockTag` accepts all three,
 * `blockNumberOrTag` only numbers and tags (eth_getBlockByNumber, filter ranges).
 */
import { InvalidParamsError } from "../../errors/DevnetError.js";
import type { ParamParser } from "../types.js";
import { hash32, quantityU64 } from "./hex.js";
import { asObject, defineParser, invalidValue, within } from "./parser.js";
import { boolean } from "./scalar.js";

export const BLOCK_TAG_NAMES = ["latest", "earliest", "pending", "safe", "finalized"] as const;
export type BlockTagName = (typeof BLOCK_TAG_NAMES)[number];

export type BlockNumberOrTag = { kind: "number"; number: bigint } | { kind: "tag"; tag: BlockTagName };

export type BlockTag = BlockNumberOrTag | { kind: "hash"; hash: string; requireCanonical?: boolean };

/** "latest", "0x1b4" … (no hashes). */
export const blockNumberOrTag: ParamParser<BlockNumberOrTag> = defineParser("block number or tag", (value) =>
  parseNumberOrTag("block number or tag", value),
);

/**
 * "latest", "0x1b4", a 32-byte block hash, or an EIP-1898 object `{ blockNumber }` /
 * `{ blockHash, requireCanonical? }`.
 */
export const blockTag: ParamParser<BlockTag> = defineParser("block tag", (value) => {
  // geth takes a bare 66-character string as a hash.
  if (typeof value === "string" && value.length === 66) return { kind: "hash", hash: hash32.parse(value) };
  if (typeof value === "string") return parseNumberOrTag("block tag", value);
  const object = asObject("block tag", value);
  const hasNumber = object.blockNumber !== undefined && object.blockNumber !== null;
  const hasHash = object.blockHash !== undefined && object.blockHash !== null;
  if (hasNumber && hasHash) {
    throw new InvalidParamsError("cannot specify both blockHash and blockNumber, choose one or the other");
  }
  if (hasNumber) {
    return within('field "blockNumber"', () => parseNumberOrTag("block number or tag", object.blockNumber));
  }
  if (!hasHash) return invalidValue("block tag", value, "expected blockNumber or blockHash");
  const hash = within('field "blockHash"', () => hash32.parse(object.blockHash));
  if (object.requireCanonical === undefined || object.requireCanonical === null)
    return { kind: "hash", hash };
  const requireCanonical = within('field "requireCanonical"', () => boolean.parse(object.requireCanonical));
  return { kind: "hash", hash, requireCanonical };
});

function parseNumberOrTag(description: string, value: unknown): BlockNumberOrTag {
  if (typeof value === "string" && (BLOCK_TAG_NAMES as readonly string[]).includes(value)) {
    return { kind: "tag", tag: value as BlockTagName };
  }
  if (typeof value !== "string" || !value.startsWith("0x")) return invalidValue(description, value);
  return { kind: "number", number: quantityU64.parse(value) };
}
