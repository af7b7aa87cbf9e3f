/** Checks a request's positional params against a method's parsers. */
import { InvalidParamsError } from "../../errors/DevnetError.js";
import type { ParamParser } from "../types.js";
import { nestsDeeperThan } from "./nestingDepth.js";
import { within } from "./parser.js";

/**
 * The deepest nesting an argument may have. The deepest real ones (state overrides, log topics,
 * a state dump) nest about five levels; geth's decoder stops at 10,000.
 */
export const MAX_PARAM_DEPTH = 64;

/**
 * Parses `rawParams` (absent, `null` or an array) with `method.params`, one parser per position.
 * Throws InvalidParamsError (-32602) naming the position, geth style:
 * `invalid argument 0: invalid address "0x12"`, `missing value for required argument 1`,
 * `too many arguments, want at most 2`. An argument nested deeper than MAX_PARAM_DEPTH is refused
 * before any parser walks it.
 * @example const [addr, tag] = parseParams(eth_getBalance, ["0xab…", "latest"]);
 */
export function parseParams<const Params extends unknown[]>(
  method: { readonly name: string; readonly params: { [K in keyof Params]: ParamParser<Params[K]> } },
  rawParams: unknown,
): Params {
  const parsers = method.params as readonly ParamParser<unknown>[];
  const raw = rawParams === undefined || rawParams === null ? [] : rawParams;
  if (!Array.isArray(raw)) throw new InvalidParamsError("non-array args");
  if (raw.length > parsers.length) {
    throw new InvalidParamsError(`too many arguments, want at most ${parsers.length}`);
  }
  return parsers.map((parser, i) => {
    const value: unknown = raw[i];
    if (value === undefined && !parser.optional) {
      throw new InvalidParamsError(`missing value for required argument ${i}`);
    }
    if (nestsDeeperThan(value, MAX_PARAM_DEPTH)) {
      throw new InvalidParamsError(`invalid argument ${i}: nested deeper than ${MAX_PARAM_DEPTH} levels`);
    }
    return within(`invalid argument ${i}`, () => parser.parse(value));
  }) as Params;
}
