/** Plain JSON scalars: booleans, strings, and small integers that tools send in several forms. */
import type { ParamParser } from "../types.js";
import { defineParser, invalidValue } from "./parser.js";

/** A JSON boolean (no "true" strings). */
export const boolean: ParamParser<boolean> = defineParser("boolean", (value) => {
  if (typeof value !== "boolean") return invalidValue("boolean", value);
  return value;
});

/** Any JSON string. */
export const string: ParamParser<string> = defineParser("string", (value) => {
  if (typeof value !== "string") return invalidValue("string", value);
  return value;
});

/**
 * A non-negative safe integer given as a JSON number, a hex quantity or a decimal string; returns
 * a number. For arguments that tools send either way: `evm_increaseTime(60)`,
 * `eth_feeHistory("0x5", …)`, `anvil_mine("10")`.
 */
export const numberLike: ParamParser<number> = defineParser("number", (value) => {
  let n: number | undefined;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && /^0x[0-9a-fA-F]{1,14}$/.test(value)) n = Number.parseInt(value, 16);
  else if (typeof value === "string" && /^[0-9]{1,16}$/.test(value)) n = Number(value);
  if (n === undefined || !Number.isSafeInteger(n) || n < 0) return invalidValue("number", value);
  return n;
});
