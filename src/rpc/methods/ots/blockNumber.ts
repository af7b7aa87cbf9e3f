/**
 * A block as Otterscan names it: a JSON number (what Otterscan sends), or a quantity or tag as
 * the eth_ methods take them.
 */
import type { BlockNumberOrTag } from "../../params/blockTag.js";
import { blockNumberOrTag } from "../../params/blockTag.js";
import { defineParser, invalidValue } from "../../params/parser.js";
import type { ParamParser } from "../../types.js";

export const blockNumber: ParamParser<BlockNumberOrTag> = defineParser("block number", (value) => {
  if (typeof value !== "number") return blockNumberOrTag.parse(value);
  if (!Number.isSafeInteger(value) || value < 0) return invalidValue("block number", value);
  return { kind: "number", number: BigInt(value) };
});
