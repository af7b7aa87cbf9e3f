/** Parsers made from other parsers: optional arguments and arrays. */
import type { ParamParser } from "../types.js";
import { invalidValue, within } from "./parser.js";

/**
 * Marks a trailing argument optional. An absent argument, or a JSON `null` (geth treats both
 * alike), gives `defaultValue`, or `undefined` when there is none.
 * @example optional(blockTag, { kind: "tag", tag: "latest" })
 */
export function optional<T>(parser: ParamParser<T>): ParamParser<T | undefined>;
export function optional<T>(parser: ParamParser<T>, defaultValue: T): ParamParser<T>;
export function optional<T>(parser: ParamParser<T>, defaultValue?: T): ParamParser<T | undefined> {
  return {
    description: parser.description,
    optional: true,
    parse: (value) => (value === undefined || value === null ? defaultValue : parser.parse(value)),
  };
}

/**
 * A JSON array whose every element passes `parser`; a failure names the element's index.
 * @example array(address).parse(["0x…", "0x…"])
 */
export function array<T>(parser: ParamParser<T>): ParamParser<T[]> {
  const description = `array of ${parser.description}`;
  return {
    description,
    optional: false,
    parse(value) {
      if (!Array.isArray(value)) return invalidValue(description, value, "expected an array");
      return value.map((element, index) => within(`element ${index}`, () => parser.parse(element)));
    },
  };
}
