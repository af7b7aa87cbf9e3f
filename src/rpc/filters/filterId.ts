/**
 * Filter and subscription ids, in anvil's format: 16 random alphanumeric characters, hex-encoded
 * ("0x4174644f57727a4559366a633367374e"). Random rather than counted, so an id from a restarted
 * devnet, or from another devnet, never names a live filter by chance. The first character is
 * never "0", so tools that treat the id as a quantity (and strip leading zeros) keep it intact.
 */
import { randomInt } from "node:crypto";
import { defineParser, invalidValue } from "../params/parser.js";
import type { ParamParser } from "../types.js";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const LENGTH = 16;

/**
 * A fresh id for a filter or a subscription.
 * @example newFilterId() // "0x4b32477a74706c746e6b4a766b744e31"
 */
export function newFilterId(): string {
  let id = "0x";
  for (let i = 0; i < LENGTH; i++) id += ALPHABET.charCodeAt(randomInt(ALPHABET.length)).toString(16);
  return id;
}

/**
 * A filter or subscription id argument: any JSON string (an unknown one is "not found", not
 * invalid), compared without regard to case.
 */
export const filterIdParam: ParamParser<string> = defineParser("filter id", (value) => {
  if (typeof value !== "string") return invalidValue("filter id", value, "expected a string");
  return value.toLowerCase();
});
