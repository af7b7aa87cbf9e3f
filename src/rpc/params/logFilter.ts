/**
 * The filter object of eth_getLogs, eth_newFilter and eth_subscribe("logs"). The output is
 * normalised for matching: `address` is always an array, and each topic position is either
 * `null` (anything matches) or the list of hashes one of which must match.
 */
import { InvalidParamsError } from "../../errors/DevnetError.js";
import type { ParamParser } from "../types.js";
import { type BlockNumberOrTag, blockNumberOrTag } from "./blockTag.js";
import { address, hash32 } from "./hex.js";
import { defineParser, invalidValue, within } from "./parser.js";
import { struct } from "./struct.js";

export type LogFilter = {
  fromBlock?: BlockNumberOrTag;
  toBlock?: BlockNumberOrTag;
  blockHash?: string;
  /** Lowercase addresses; absent or empty matches every address. */
  address?: string[];
  /** Position i: null for "any", else one of these hashes. */
  topics?: (string[] | null)[];
};

const MAX_TOPICS = 4; // LOG0..LOG4

const addresses: ParamParser<string[]> = defineParser("address or array of addresses", (value) => {
  if (!Array.isArray(value)) return [address.parse(value)];
  return value.map((item, index) => within(`element ${index}`, () => address.parse(item)));
});

const topicPosition: ParamParser<string[] | null> = defineParser("topic", (value) => {
  if (!Array.isArray(value)) return [hash32.parse(value)];
  // An empty list or a null inside it leaves the position unconstrained, as in geth.
  if (value.length === 0 || value.includes(null)) return null;
  return value.map((item, index) => within(`element ${index}`, () => hash32.parse(item)));
});

const topics: ParamParser<(string[] | null)[]> = defineParser("topics", (value) => {
  if (!Array.isArray(value)) return invalidValue("topics", value, "expected an array");
  if (value.length > MAX_TOPICS) return invalidValue("topics", value, `more than ${MAX_TOPICS} positions`);
  return value.map((item, index) =>
    item === null ? null : within(`topic ${index}`, () => topicPosition.parse(item)),
  );
});

const fields = struct("filter", {
  fromBlock: blockNumberOrTag,
  toBlock: blockNumberOrTag,
  blockHash: hash32,
  address: addresses,
  topics,
});

/** A log filter: a block range or one block hash, addresses, topics. */
export const logFilter: ParamParser<LogFilter> = defineParser("filter", (value) => {
  const filter = fields.parse(value);
  if (filter.blockHash !== undefined && (filter.fromBlock !== undefined || filter.toBlock !== undefined)) {
    throw new InvalidParamsError(
      "cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other",
    );
  }
  return filter;
});
